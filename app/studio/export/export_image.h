// Writing exported pictures: PNG files, animated GIFs and folders of numbered
// PNG frames. No GL and no ImGui, so the GUI tests check it headless
// (tests/gui/export_test.cpp).
//
// Nothing half-written is ever left behind: every file is written under a
// temporary name in its own folder and renamed into place once complete
// (platform/files.h); a failure (full disk, unwritable folder) or a cancel
// deletes the temporary.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "files.h"

struct GifFileType;

namespace studio::exporter {

namespace fs = std::filesystem;

// [SECTION] Sizes
constexpr float kMinScale = 1.0f, kMaxScale = 4.0f;
// Beyond these an export needs gigabytes (and most GPUs refuse the buffer).
constexpr int kMaxImageSide = 16384;
constexpr int64_t kMaxImagePixels = int64_t{64} << 20;

// The image's size for a layout size at `scale` (as the GL backend rounds).
int scaled_size(int size, float scale);
// "" when width×height at `scale` is a valid export, else why not (naming
// the command line's --scale and --size when `flags`).
std::string check_scale(int width, int height, float scale, bool flags = false);

// [SECTION] Images and files

// RGBA, 8 bits a channel, straight (not premultiplied) alpha, top row first.
struct Image {
  int width = 0, height = 0;
  std::vector<uint8_t> rgba;
};

bool write_png(const Image& img, const fs::path& target, std::string& error);

// GIF frame delays: browsers show shorter ones at 100 ms.
constexpr int kMinDelayMs = 20, kMaxDelayMs = 60000, kDefaultDelayMs = 500;

// An animated GIF written frame by frame: GIF89a, NETSCAPE2.0 loop count 0
// (forever), one graphics control block per frame with the delay. Each frame
// gets its own 256-colour palette from giflib's GifQuantizeBuffer (median
// cut); pixels with alpha < 128 map to a transparent index when the GIF was
// opened with `transparent`.
class GifWriter {
 public:
  GifWriter() = default;
  GifWriter(const GifWriter&) = delete;
  GifWriter& operator=(const GifWriter&) = delete;
  ~GifWriter() { abort(); }

  // delay_ms is stored in hundredths of a second (GIF's unit), rounded.
  bool open(const fs::path& target, int width, int height, int delay_ms, bool transparent,
            std::string& error);
  bool add(const Image& frame, std::string& error);
  bool finish(std::string& error);
  void abort();

 private:
  bool put_loop_extension();
  std::string gif_error(int code) const;

  platform::AtomicFile file_;
  GifFileType* gif_ = nullptr;
  int width_ = 0, height_ = 0, delay_cs_ = 0;
  bool transparent_ = false;
};

// frame_0001.png, frame_0002.png, ... (numbered from `first_number`, the
// export's first step as people count it) written into a temporary folder beside
// DIR and moved to DIR when all are written (platform::AtomicFolder), so DIR
// never holds a partial sequence. DIR must not exist yet or be empty (stale
// frames of a longer export would otherwise mix in):
// platform::check_folder_target checks that beforehand.
class FramesWriter {
 public:
  FramesWriter() = default;
  FramesWriter(const FramesWriter&) = delete;
  FramesWriter& operator=(const FramesWriter&) = delete;
  ~FramesWriter() { abort(); }

  bool open(const fs::path& dir, std::string& error, int first_number = 1);
  bool add(const Image& frame, std::string& error);
  bool finish(std::string& error);
  void abort();
  int frames() const { return count_; }

 private:
  platform::AtomicFolder folder_;
  int count_ = 0;
  int first_ = 1;  // the number in the first frame's name
};

// "frame_0007.png"
std::string frame_name(int index);

// `folder/stem-N.ext` (or `folder/stem-N` when ext is empty) with the
// smallest N >= 1 that does not exist yet.
fs::path unique_path(const fs::path& folder, const std::string& stem, const std::string& ext);

// Letters, digits, '-', '_' and '.' kept, anything else becomes '-', so a
// preset name is safe in a file name.
std::string file_safe(const std::string& text);

}  // namespace studio::exporter
