#include "export_image.h"

#include <gif_lib.h>
#include <stb_image_write.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace studio::exporter {

namespace {

// GCC 12 at -O2 warns (-Wrestrict, a false positive) on "literal" +
// std::string temporaries in some inlined spots; those start from std::string.
std::string quoted(const fs::path& p) {
  return p.string();
}

std::string size_text(int64_t w, int64_t h) {
  return std::to_string(w) + "x" + std::to_string(h);
}

std::string reason(int err) {
  return std::strerror(err ? err : EIO);
}

}  // namespace

// [SECTION] Sizes

int scaled_size(int size, float scale) {
  // The same float product ImGui_ImplOpenGL3_RenderDrawData truncates.
  return static_cast<int>(static_cast<float>(size) * scale);
}

std::string check_scale(int width, int height, float scale, bool flags) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g", static_cast<double>(scale));
  const std::string name = flags ? "--scale " : "scale ";
  if (width < 1 || height < 1)
    return "nothing to export: the window is " + size_text(width, height);
  if (!(scale >= kMinScale && scale <= kMaxScale)) return name + buf + " is outside 1..4";
  const int64_t w = scaled_size(width, scale), h = scaled_size(height, scale);
  if (w > kMaxImageSide || h > kMaxImageSide || w * h > kMaxImagePixels)
    return (flags ? "--size " : "") + size_text(width, height) + " at " + name + buf + " makes a " +
           size_text(w, h) + " image; exports are limited to " + std::to_string(kMaxImageSide) +
           " pixels a side and " + std::to_string(kMaxImagePixels >> 20) + " megapixels";
  return "";
}

// [SECTION] PNG

namespace {

void png_out(void* context, void* data, int size) {
  auto* f = static_cast<platform::AtomicFile*>(context);
  if (size > 0 &&
      std::fwrite(data, 1, static_cast<size_t>(size), f->get()) != static_cast<size_t>(size))
    f->fail(errno);
}

}  // namespace

bool write_png(const Image& img, const fs::path& target, std::string& error) {
  platform::AtomicFile f;
  if (!f.open(target, error)) return false;
  // stb keeps this flag in a global; F12 and screenshots once set it, and
  // exported images are top row first.
  stbi_flip_vertically_on_write(0);
  // RGB unless some pixel is see-through: a quarter smaller, and viewers
  // show no checkerboard.
  const size_t n = static_cast<size_t>(img.width) * static_cast<size_t>(img.height);
  bool opaque = true;
  for (size_t i = 0; i < n && opaque; ++i) opaque = img.rgba[4 * i + 3] == 255;
  std::vector<uint8_t> rgb;
  if (opaque) {
    rgb.resize(n * 3);
    for (size_t i = 0; i < n; ++i) std::memcpy(&rgb[3 * i], &img.rgba[4 * i], 3);
  }
  const int comp = opaque ? 3 : 4;
  if (!stbi_write_png_to_func(png_out, &f, img.width, img.height, comp,
                              opaque ? rgb.data() : img.rgba.data(), img.width * comp)) {
    error = "cannot encode " + quoted(target) + " as PNG (out of memory?)";
    return false;  // ~AtomicFile removes the temporary
  }
  return f.commit(error);
}

// [SECTION] GIF

namespace {

int gif_out(GifFileType* gif, const GifByteType* data, int size) {
  auto* f = static_cast<platform::AtomicFile*>(gif->UserData);
  const size_t n = std::fwrite(data, 1, static_cast<size_t>(size), f->get());
  if (n != static_cast<size_t>(size)) f->fail(errno);
  return static_cast<int>(n);
}

}  // namespace

std::string GifWriter::gif_error(int code) const {
  const char* text = GifErrorString(code);
  return text ? text : "giflib error " + std::to_string(code);
}

bool GifWriter::open(const fs::path& target, int width, int height, int delay_ms, bool transparent,
                     std::string& error) {
  abort();
  if (width < 1 || height < 1 || width > 65535 || height > 65535) {
    error = "cannot write " + quoted(target) + ": a GIF is at most 65535 pixels a side";
    return false;
  }
  if (!file_.open(target, error)) return false;
  width_ = width;
  height_ = height;
  transparent_ = transparent;
  delay_cs_ = std::max(1, (delay_ms + 5) / 10);
  int err = 0;
  gif_ = EGifOpen(&file_, gif_out, &err);
  if (!gif_) {
    error = "cannot write " + quoted(target) + ": " + gif_error(err);
    file_.abort();
    return false;
  }
  // GIF89a: the graphics control (delay) and application (loop) blocks
  // are GIF89 extensions.
  EGifSetGifVersion(gif_, true);
  if (EGifPutScreenDesc(gif_, width, height, 8, 0, nullptr) == GIF_ERROR || !put_loop_extension()) {
    const int code = gif_->Error;
    error = "cannot write " + quoted(target) + ": " +
            (std::ferror(file_.get()) ? reason(errno) : gif_error(code));
    abort();
    return false;
  }
  return true;
}

bool GifWriter::put_loop_extension() {
  // Netscape's application extension: sub-block 1 carries the loop count,
  // little-endian; 0 loops forever (conv_arithmetic's animations do).
  static const GifByteType app[] = {'N', 'E', 'T', 'S', 'C', 'A', 'P', 'E', '2', '.', '0'};
  static const GifByteType loop[] = {1, 0, 0};
  return EGifPutExtensionLeader(gif_, APPLICATION_EXT_FUNC_CODE) != GIF_ERROR &&
         EGifPutExtensionBlock(gif_, sizeof app, app) != GIF_ERROR &&
         EGifPutExtensionBlock(gif_, sizeof loop, loop) != GIF_ERROR &&
         EGifPutExtensionTrailer(gif_) != GIF_ERROR;
}

bool GifWriter::add(const Image& frame, std::string& error) {
  const std::string what = "cannot write " + quoted(file_.target());
  if (!gif_) {
    error = what + ": not open";
    return false;
  }
  if (frame.width != width_ || frame.height != height_) {
    error = what + ": a frame is " + std::to_string(frame.width) + "x" +
            std::to_string(frame.height) + ", the GIF " + std::to_string(width_) + "x" +
            std::to_string(height_);
    return false;
  }
  const size_t n = static_cast<size_t>(width_) * static_cast<size_t>(height_);
  std::vector<GifByteType> r(n), g(n), b(n), index(n);
  for (size_t i = 0; i < n; ++i) {
    r[i] = frame.rgba[4 * i];
    g[i] = frame.rgba[4 * i + 1];
    b[i] = frame.rgba[4 * i + 2];
  }
  // The last entry stays free for the transparent index.
  const int kTransparent = 255;
  int colours = transparent_ ? 255 : 256;
  GifColorType map[256] = {};
  if (GifQuantizeBuffer(static_cast<unsigned>(width_), static_cast<unsigned>(height_), &colours,
                        r.data(), g.data(), b.data(), index.data(), map) == GIF_ERROR) {
    error = what + ": colour quantization failed (out of memory?)";
    return false;
  }
  if (transparent_)
    for (size_t i = 0; i < n; ++i)
      if (frame.rgba[4 * i + 3] < 128) index[i] = kTransparent;

  GraphicsControlBlock gcb{};
  // A transparent frame must clear the previous one, or they pile up.
  gcb.DisposalMode = transparent_ ? DISPOSE_BACKGROUND : DISPOSE_DO_NOT;
  gcb.UserInputFlag = false;
  gcb.DelayTime = delay_cs_;
  gcb.TransparentColor = transparent_ ? kTransparent : NO_TRANSPARENT_COLOR;
  GifByteType ext[4];
  const size_t ext_len = EGifGCBToExtension(&gcb, ext);

  ColorMapObject* cmap = GifMakeMapObject(256, map);
  bool ok = cmap && EGifPutExtension(gif_, GRAPHICS_EXT_FUNC_CODE, static_cast<int>(ext_len),
                                     ext) != GIF_ERROR;
  ok = ok && EGifPutImageDesc(gif_, 0, 0, width_, height_, false, cmap) != GIF_ERROR;
  for (int y = 0; ok && y < height_; ++y)
    ok = EGifPutLine(gif_, index.data() + static_cast<size_t>(y) * static_cast<size_t>(width_),
                     width_) != GIF_ERROR;
  if (cmap) GifFreeMapObject(cmap);
  if (!ok) {
    error =
        what + ": " + (file_.error_code() ? reason(file_.error_code()) : gif_error(gif_->Error));
    return false;
  }
  return true;
}

bool GifWriter::finish(std::string& error) {
  if (!gif_) {
    error = "cannot write " + quoted(file_.target()) + ": not open";
    return false;
  }
  int err = 0;
  const int rc = EGifCloseFile(gif_, &err);
  gif_ = nullptr;
  if (rc == GIF_ERROR && !file_.error_code()) {
    error = "cannot write " + quoted(file_.target()) + ": " + gif_error(err);
    file_.abort();
    return false;
  }
  return file_.commit(error);
}

void GifWriter::abort() {
  if (gif_) {
    int err = 0;
    EGifCloseFile(gif_, &err);  // frees giflib's state; the file goes below
    gif_ = nullptr;
  }
  file_.abort();
}

// [SECTION] Frames

std::string frame_name(int index) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "frame_%04d.png", index);
  return buf;
}

bool FramesWriter::open(const fs::path& dir, std::string& error, int first_number) {
  abort();
  if (!folder_.open(dir, error)) return false;
  count_ = 0;
  first_ = first_number;
  return true;
}

bool FramesWriter::add(const Image& frame, std::string& error) {
  if (folder_.path().empty()) {
    error = "cannot write frames into " + quoted(folder_.target()) + ": not open";
    return false;
  }
  std::string e;
  if (!write_png(frame, folder_.path() / frame_name(first_ + count_), e)) {
    // Name the folder the user asked for, not the temporary one.
    const size_t colon = e.rfind(": ");
    error = "cannot write " + quoted(folder_.target() / frame_name(first_ + count_)) +
            (colon == std::string::npos ? "" : e.substr(colon));
    return false;
  }
  ++count_;
  return true;
}

bool FramesWriter::finish(std::string& error) {
  return folder_.commit(error);
}

void FramesWriter::abort() {
  folder_.abort();
}

// [SECTION] Names and folders

fs::path unique_path(const fs::path& folder, const std::string& stem, const std::string& ext) {
  for (int n = 1;; ++n) {
    fs::path p = folder / (stem + "-" + std::to_string(n) + ext);
    std::error_code ec;
    if (!fs::exists(fs::symlink_status(p, ec))) return p;
  }
}

std::string file_safe(const std::string& text) {
  std::string out;
  for (char c : text) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.';
    out += ok ? c : '-';
  }
  if (out.empty() || out[0] == '.') out.insert(out.begin(), 'x');
  return out;
}

}  // namespace studio::exporter
