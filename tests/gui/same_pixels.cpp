// Compares two folders of renders pixel for pixel, for tests/gui/same_pixels.sh:
//   same_pixels DIR_A DIR_B
// Every *.png and *.gif under DIR_A (recursively) must exist under DIR_B with
// the same size and the same RGBA pixels (a GIF: the same frames, decoded
// and composed). Prints one line per differing or missing file (with how
// many pixels differ and their bounding box) and a summary; exits 0 when
// every file matches, 1 otherwise. Files only in DIR_B are listed too.
#include <stb_image.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

struct Image {
  int w = 0, h = 0, frames = 0;  // GIF frames are stacked vertically
  std::vector<unsigned char> rgba;
};

bool load(const fs::path& file, Image& out) {
  std::ifstream in(file, std::ios::binary);
  const std::vector<unsigned char> bytes{std::istreambuf_iterator<char>(in), {}};
  if (bytes.empty()) return false;
  int w = 0, h = 0, n = 0, frames = 1;
  unsigned char* px = nullptr;
  if (file.extension() == ".gif") {
    int* delays = nullptr;
    px = stbi_load_gif_from_memory(bytes.data(), static_cast<int>(bytes.size()), &delays, &w, &h,
                                   &frames, &n, 4);
    stbi_image_free(delays);
  } else {
    px = stbi_load_from_memory(bytes.data(), static_cast<int>(bytes.size()), &w, &h, &n, 4);
  }
  if (!px) return false;
  out.w = w;
  out.h = h;
  out.frames = frames;
  out.rgba.assign(px, px + static_cast<size_t>(w) * h * frames * 4);
  stbi_image_free(px);
  return true;
}

std::set<std::string> pictures(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    const std::string ext = e.path().extension().string();
    if (e.is_regular_file() && (ext == ".png" || ext == ".gif"))
      names.insert(fs::relative(e.path(), dir).string());
  }
  return names;
}

// "" when equal, else what differs.
std::string compare(const fs::path& a, const fs::path& b) {
  Image x, y;
  if (!load(a, x)) return "cannot read " + a.string();
  if (!load(b, y)) return "cannot read " + b.string();
  char buf[256];
  if (x.w != y.w || x.h != y.h || x.frames != y.frames) {
    std::snprintf(buf, sizeof buf, "size %dx%d (%d frames) vs %dx%d (%d frames)", x.w, x.h,
                  x.frames, y.w, y.h, y.frames);
    return buf;
  }
  long count = 0;
  int x0 = x.w, y0 = x.h * x.frames, x1 = -1, y1 = -1;
  for (int r = 0; r < x.h * x.frames; ++r) {
    for (int c = 0; c < x.w; ++c) {
      const size_t i = 4 * (static_cast<size_t>(r) * x.w + c);
      if (std::equal(&x.rgba[i], &x.rgba[i] + 4, &y.rgba[i])) continue;
      ++count;
      x0 = std::min(x0, c), y0 = std::min(y0, r), x1 = std::max(x1, c), y1 = std::max(y1, r);
    }
  }
  if (count == 0) return "";
  std::snprintf(buf, sizeof buf, "%ld pixels differ in x %d..%d, y %d..%d (of %dx%d x %d)", count,
                x0, x1, y0, y1, x.w, x.h, x.frames);
  return buf;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: same_pixels DIR_A DIR_B\n");
    return 2;
  }
  const fs::path a = argv[1], b = argv[2];
  const std::set<std::string> in_a = pictures(a), in_b = pictures(b);
  int differ = 0;
  for (const std::string& name : in_a) {
    if (!in_b.count(name)) {
      std::printf("%s: missing in %s\n", name.c_str(), b.c_str());
      ++differ;
      continue;
    }
    const std::string why = compare(a / name, b / name);
    if (!why.empty()) {
      std::printf("%s: %s\n", name.c_str(), why.c_str());
      ++differ;
    }
  }
  for (const std::string& name : in_b) {
    if (!in_a.count(name)) {
      std::printf("%s: only in %s\n", name.c_str(), b.c_str());
      ++differ;
    }
  }
  std::printf("%zu pictures compared, %d differ\n", in_a.size(), differ);
  return differ == 0 && !in_a.empty() ? 0 : 1;
}
