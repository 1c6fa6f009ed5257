// Checks a screenshot: the expected size, and not blank. "Not blank" means
// enough distinct colours (text, grids and fills are there) and enough
// pixels away from the most common colour (the background), in the whole
// image or in one region of it (e.g. where a view is drawn, so panels alone
// cannot pass for a view).
//   png_check FILE WIDTH HEIGHT [colours=16] [fg=2] [region=X0,Y0,X1,Y1]
#include <stb_image.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <unordered_map>

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr,
                 "usage: png_check FILE WIDTH HEIGHT [colours=N] [fg=PERCENT] "
                 "[region=X0,Y0,X1,Y1]\n");
    return 2;
  }
  const char* file = argv[1];
  const int want_w = std::atoi(argv[2]), want_h = std::atoi(argv[3]);
  long min_colours = 16;
  double min_fg = 2.0;
  int x0 = 0, y0 = 0, x1 = -1, y1 = -1;
  for (int i = 4; i < argc; ++i) {
    if (!std::strncmp(argv[i], "colours=", 8)) {
      min_colours = std::atol(argv[i] + 8);
    } else if (!std::strncmp(argv[i], "fg=", 3)) {
      min_fg = std::atof(argv[i] + 3);
    } else if (std::sscanf(argv[i], "region=%d,%d,%d,%d", &x0, &y0, &x1, &y1) != 4) {
      std::fprintf(stderr, "png_check: bad argument '%s'\n", argv[i]);
      return 2;
    }
  }

  int w = 0, h = 0, n = 0;
  unsigned char* px = stbi_load(file, &w, &h, &n, 3);
  if (!px) {
    std::fprintf(stderr, "%s: cannot read PNG (%s)\n", file, stbi_failure_reason());
    return 1;
  }
  if (x1 < 0) x1 = w, y1 = h;
  if (x0 < 0 || y0 < 0 || x1 > w || y1 > h || x0 >= x1 || y0 >= y1) {
    std::fprintf(stderr, "%s: region %d,%d,%d,%d is outside the %dx%d image\n", file, x0, y0, x1,
                 y1, w, h);
    stbi_image_free(px);
    return 1;
  }
  std::unordered_map<unsigned, long> counts;
  for (int y = y0; y < y1; ++y) {
    for (int x = x0; x < x1; ++x) {
      const unsigned char* p = px + 3 * (static_cast<long>(y) * w + x);
      ++counts[(unsigned{p[0]} << 16) | (unsigned{p[1]} << 8) | p[2]];
    }
  }
  stbi_image_free(px);

  const long total = static_cast<long>(x1 - x0) * (y1 - y0);
  long background = 0;
  for (const auto& [colour, count] : counts) background = count > background ? count : background;
  const double fg = 100.0 * static_cast<double>(total - background) / static_cast<double>(total);
  std::printf("%s: %dx%d, region %d,%d-%d,%d: %zu colours, %.1f%% away from the background\n", file,
              w, h, x0, y0, x1, y1, counts.size(), fg);

  int rc = 0;
  if (w != want_w || h != want_h) {
    std::fprintf(stderr, "%s: size %dx%d, expected %dx%d\n", file, w, h, want_w, want_h);
    rc = 1;
  }
  if (static_cast<long>(counts.size()) < min_colours || fg < min_fg) {
    std::fprintf(stderr,
                 "%s: looks blank (%zu colours, want %ld; %.1f%% foreground, want %.1f%%)\n", file,
                 counts.size(), min_colours, fg, min_fg);
    rc = 1;
  }
  return rc;
}
