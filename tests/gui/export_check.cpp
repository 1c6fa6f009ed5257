// Reads exports back and checks them, for tests/gui/export.sh:
//   export_check png FILE W H [alpha]
//       W×H, not blank; with `alpha`: some pixels alpha 0, the others 255
//       (nothing drawn is see-through).
//   export_check gif FILE W H FRAMES DELAY_CS [DUMP_PREFIX]
//       DGifSlurp: W×H, FRAMES frames each W×H with a DELAY_CS delay, a
//       NETSCAPE2.0 block looping forever (count 0), not blank; with
//       DUMP_PREFIX, frame i is also written as DUMP_PREFIXi.png to look at.
//   export_check frames DIR COUNT W H [FIRST]
//       DIR holds exactly frame_<FIRST>.png .. frame_<FIRST+COUNT-1>.png
//       (named by step number; FIRST defaults to 1), each W×H.
//   export_check crop IN.png X Y W H OUT.png
//       cuts a region out at full resolution (to look at text and lines).
//   export_check noscrollbar FILE R G B
//       no scrollbar grab of colour R,G,B (ImGui's ScrollbarGrab in the theme)
//       is baked in: no block of that exact colour at least 6 px across and
//       30 px along, upright or lying.
#include <gif_lib.h>
#include <stb_image.h>
#include <stb_image_write.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace {

int fail(const std::string& what) {
  std::fprintf(stderr, "export_check: %s\n", what.c_str());
  return 1;
}

// Distinct colours and the share of pixels away from the commonest colour.
bool looks_drawn(const std::vector<unsigned>& px, std::string& why) {
  std::set<unsigned> colours(px.begin(), px.end());
  size_t best = 0;
  {
    std::vector<unsigned> sorted(px);
    std::sort(sorted.begin(), sorted.end());
    for (size_t i = 0; i < sorted.size();) {
      size_t j = i;
      while (j < sorted.size() && sorted[j] == sorted[i]) ++j;
      best = std::max(best, j - i);
      i = j;
    }
  }
  const double fg = 100.0 * static_cast<double>(px.size() - best) / static_cast<double>(px.size());
  char buf[128];
  std::snprintf(buf, sizeof buf, "%zu colours, %.1f%% away from the background", colours.size(),
                fg);
  why = buf;
  return colours.size() >= 8 && fg >= 2.0;
}

int check_png(int argc, char** argv) {
  if (argc < 5) return fail("usage: png FILE W H [alpha]");
  const char* file = argv[2];
  const int want_w = std::atoi(argv[3]), want_h = std::atoi(argv[4]);
  const bool alpha = argc > 5 && !std::strcmp(argv[5], "alpha");
  int w = 0, h = 0, n = 0;
  unsigned char* p = stbi_load(file, &w, &h, &n, 4);
  if (!p) return fail(std::string(file) + ": cannot read PNG");
  std::vector<unsigned> px(static_cast<size_t>(w) * h);
  size_t clear = 0, opaque = 0, partial_over_clear = 0;
  for (size_t i = 0; i < px.size(); ++i) {
    const unsigned char* q = p + 4 * i;
    px[i] = (unsigned{q[0]} << 24) | (unsigned{q[1]} << 16) | (unsigned{q[2]} << 8) | q[3];
    if (q[3] == 0)
      ++clear;
    else if (q[3] == 255)
      ++opaque;
    else
      ++partial_over_clear;
  }
  stbi_image_free(p);
  std::string why;
  const bool drawn = looks_drawn(px, why);
  std::printf("%s: %dx%d, %d channels, %s; alpha 0: %zu, 255: %zu, between: %zu\n", file, w, h, n,
              why.c_str(), clear, opaque, partial_over_clear);
  int rc = 0;
  if (w != want_w || h != want_h)
    rc = fail(std::string(file) + ": size " + std::to_string(w) + "x" + std::to_string(h) +
              ", expected " + std::to_string(want_w) + "x" + std::to_string(want_h));
  if (!drawn) rc = fail(std::string(file) + ": looks blank (" + why + ")");
  if (alpha) {
    if (n != 4) rc = fail(std::string(file) + ": no alpha channel");
    // Anti-aliased edges may be partial; most pixels must be one or the other.
    if (clear < px.size() / 20) rc = fail(std::string(file) + ": under 5% of pixels are clear");
    if (opaque < px.size() / 20) rc = fail(std::string(file) + ": under 5% of pixels are opaque");
  } else if (clear + partial_over_clear > 0) {
    rc = fail(std::string(file) + ": has see-through pixels but was not asked to");
  }
  return rc;
}

int check_gif(int argc, char** argv) {
  if (argc < 7) return fail("usage: gif FILE W H FRAMES DELAY_CS [DUMP_PREFIX]");
  const char* file = argv[2];
  const int want_w = std::atoi(argv[3]), want_h = std::atoi(argv[4]);
  const int want_frames = std::atoi(argv[5]), want_delay = std::atoi(argv[6]);
  const char* dump = argc > 7 ? argv[7] : nullptr;
  int err = 0;
  GifFileType* gif = DGifOpenFileName(file, &err);
  if (!gif) return fail(std::string(file) + ": " + GifErrorString(err));
  if (DGifSlurp(gif) == GIF_ERROR) {
    const std::string e = GifErrorString(gif->Error);
    DGifCloseFile(gif, &err);
    return fail(std::string(file) + ": " + e);
  }
  int rc = 0;
  if (gif->SWidth != want_w || gif->SHeight != want_h)
    rc = fail(std::string(file) + ": screen " + std::to_string(gif->SWidth) + "x" +
              std::to_string(gif->SHeight));
  if (gif->ImageCount != want_frames)
    rc = fail(std::string(file) + ": " + std::to_string(gif->ImageCount) + " frames, expected " +
              std::to_string(want_frames));
  bool loops = false;
  int loop_count = -1;
  for (int i = 0; i < gif->ImageCount; ++i) {
    const SavedImage& im = gif->SavedImages[i];
    // Extension blocks before the image: the loop block sits before frame 0.
    for (int k = 0; k < im.ExtensionBlockCount; ++k) {
      const ExtensionBlock& b = im.ExtensionBlocks[k];
      if (b.Function == APPLICATION_EXT_FUNC_CODE && b.ByteCount == 11 &&
          !std::memcmp(b.Bytes, "NETSCAPE2.0", 11) && k + 1 < im.ExtensionBlockCount) {
        const ExtensionBlock& sub = im.ExtensionBlocks[k + 1];
        if (sub.Function == CONTINUE_EXT_FUNC_CODE && sub.ByteCount == 3 && sub.Bytes[0] == 1) {
          loops = true;
          loop_count = sub.Bytes[1] | (sub.Bytes[2] << 8);
        }
      }
    }
    GraphicsControlBlock gcb;
    if (DGifSavedExtensionToGCB(gif, i, &gcb) == GIF_ERROR)
      rc = fail(std::string(file) + ": frame " + std::to_string(i) + " has no graphics control");
    else if (gcb.DelayTime != want_delay)
      rc = fail(std::string(file) + ": frame " + std::to_string(i) + " delay " +
                std::to_string(gcb.DelayTime) + " cs, expected " + std::to_string(want_delay));
    const GifImageDesc& d = im.ImageDesc;
    if (d.Width != want_w || d.Height != want_h)
      rc = fail(std::string(file) + ": frame " + std::to_string(i) + " is " +
                std::to_string(d.Width) + "x" + std::to_string(d.Height));
    const ColorMapObject* map = d.ColorMap ? d.ColorMap : gif->SColorMap;
    if (!map) {
      rc = fail(std::string(file) + ": frame " + std::to_string(i) + " has no colour map");
      continue;
    }
    std::vector<unsigned> px(static_cast<size_t>(d.Width) * d.Height);
    std::vector<unsigned char> rgba(px.size() * 4);
    for (size_t p = 0; p < px.size(); ++p) {
      const int idx = im.RasterBits[p];
      const GifColorType c = idx < map->ColorCount ? map->Colors[idx] : GifColorType{0, 0, 0};
      const bool clear = idx == gcb.TransparentColor;
      px[p] = clear ? 0u : (unsigned{c.Red} << 16) | (unsigned{c.Green} << 8) | c.Blue | 1u << 24;
      rgba[4 * p] = c.Red;
      rgba[4 * p + 1] = c.Green;
      rgba[4 * p + 2] = c.Blue;
      rgba[4 * p + 3] = clear ? 0 : 255;
    }
    std::string why;
    if (!looks_drawn(px, why))
      rc = fail(std::string(file) + ": frame " + std::to_string(i) + " looks blank (" + why + ")");
    if (dump) {
      const std::string out = std::string(dump) + std::to_string(i) + ".png";
      stbi_write_png(out.c_str(), d.Width, d.Height, 4, rgba.data(), d.Width * 4);
    }
  }
  if (!loops || loop_count != 0)
    rc = fail(std::string(file) + ": no NETSCAPE2.0 block looping forever (count " +
              std::to_string(loop_count) + ")");
  std::printf("%s: %dx%d, %d frames, delay %d cs, loop count %d\n", file, gif->SWidth, gif->SHeight,
              gif->ImageCount, want_delay, loop_count);
  DGifCloseFile(gif, &err);
  return rc;
}

int check_frames(int argc, char** argv) {
  if (argc < 6) return fail("usage: frames DIR COUNT W H [FIRST]");
  const int first = argc > 6 ? std::atoi(argv[6]) : 1;
  namespace fs = std::filesystem;
  const fs::path dir = argv[2];
  const int count = std::atoi(argv[3]), want_w = std::atoi(argv[4]), want_h = std::atoi(argv[5]);
  int files = 0, rc = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    (void)e;
    ++files;
  }
  if (files != count)
    rc = fail(dir.string() + " holds " + std::to_string(files) + " files, expected " +
              std::to_string(count));
  for (int i = first; i < first + count; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "frame_%04d.png", i);
    int w = 0, h = 0, n = 0;
    if (!stbi_info((dir / name).c_str(), &w, &h, &n)) {
      rc = fail((dir / name).string() + ": missing or not a PNG");
    } else if (w != want_w || h != want_h) {
      rc = fail((dir / name).string() + ": " + std::to_string(w) + "x" + std::to_string(h));
    }
  }
  std::printf("%s: %d files\n", dir.c_str(), files);
  return rc;
}

int crop(int argc, char** argv) {
  if (argc < 8) return fail("usage: crop IN X Y W H OUT");
  int w = 0, h = 0, n = 0;
  unsigned char* p = stbi_load(argv[2], &w, &h, &n, 4);
  if (!p) return fail(std::string(argv[2]) + ": cannot read PNG");
  const int x0 = std::atoi(argv[3]), y0 = std::atoi(argv[4]);
  const int cw = std::min(std::atoi(argv[5]), w - x0), ch = std::min(std::atoi(argv[6]), h - y0);
  if (x0 < 0 || y0 < 0 || cw <= 0 || ch <= 0) {
    stbi_image_free(p);
    return fail("region outside the image");
  }
  const int ok =
      stbi_write_png(argv[7], cw, ch, 4, p + 4 * (static_cast<size_t>(y0) * w + x0), w * 4);
  stbi_image_free(p);
  return ok ? 0 : fail(std::string("cannot write ") + argv[7]);
}

// Longest run of `want` along each line (rows when `upright`, columns
// otherwise), then the widest band of neighbouring lines whose runs reach
// `len`: a scrollbar's grab is such a band.
int grab_band(const unsigned char* p, int w, int h, const unsigned char* want, bool upright,
              int len, int* where) {
  const int lines = upright ? w : h, along = upright ? h : w;
  int band = 0, best = 0;
  for (int i = 0; i < lines; ++i) {
    int run = 0, longest = 0;
    for (int j = 0; j < along; ++j) {
      const int x = upright ? i : j, y = upright ? j : i;
      const unsigned char* q = p + 4 * (static_cast<size_t>(y) * w + x);
      run = (q[0] == want[0] && q[1] == want[1] && q[2] == want[2]) ? run + 1 : 0;
      longest = std::max(longest, run);
    }
    band = longest >= len ? band + 1 : 0;
    if (band > best) {
      best = band;
      *where = i;
    }
  }
  return best;
}

int no_scrollbar(int argc, char** argv) {
  if (argc < 6) return fail("usage: noscrollbar FILE R G B");
  int w = 0, h = 0, n = 0;
  unsigned char* p = stbi_load(argv[2], &w, &h, &n, 4);
  if (!p) return fail(std::string(argv[2]) + ": cannot read PNG");
  const unsigned char want[3] = {static_cast<unsigned char>(std::atoi(argv[3])),
                                 static_cast<unsigned char>(std::atoi(argv[4])),
                                 static_cast<unsigned char>(std::atoi(argv[5]))};
  int x = -1, y = -1;
  const int upright = grab_band(p, w, h, want, true, 30, &x);
  const int lying = grab_band(p, w, h, want, false, 30, &y);
  stbi_image_free(p);
  if (upright >= 6)
    return fail(std::string(argv[2]) + ": a vertical scrollbar near x = " + std::to_string(x));
  if (lying >= 6)
    return fail(std::string(argv[2]) + ": a horizontal scrollbar near y = " + std::to_string(y));
  std::printf("%s: no scrollbar\n", argv[2]);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string cmd = argc > 1 ? argv[1] : "";
  if (cmd == "png") return check_png(argc, argv);
  if (cmd == "gif") return check_gif(argc, argv);
  if (cmd == "frames") return check_frames(argc, argv);
  if (cmd == "crop") return crop(argc, argv);
  if (cmd == "noscrollbar") return no_scrollbar(argc, argv);
  return fail("usage: export_check png|gif|frames|crop|noscrollbar ...");
}
