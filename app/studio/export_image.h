// Writing exported pictures: PNG files, animated GIFs and folders of numbered
// PNG frames. No GL and no ImGui, so the GUI tests check it headless
// (tests/gui/export_test.cpp).
//
// Nothing half-written is ever left behind: every file is written under a
// temporary name in its own folder and renamed into place once complete; a
// failure (full disk, unwritable folder) or a cancel deletes the temporary.
#pragma once

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

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

// A file that appears under its name only when commit() succeeds. Errors name
// the target and the system's reason ("cannot write /a/b.png: No space left
// on device").
class AtomicFile {
 public:
  AtomicFile() = default;
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  ~AtomicFile() { abort(); }

  // Refuses a target that exists and is not a regular file (a folder,
  // /dev/full), or whose folder does not exist.
  bool open(const fs::path& target, std::string& error);
  std::FILE* get() const { return file_; }
  // Records a write error seen by a writer callback (errno at the time).
  void fail(int err) {
    if (!err_) err_ = err ? err : EIO;
  }
  // Flushes, closes and renames into place; on any error removes the
  // temporary and says why.
  bool commit(std::string& error);
  void abort();  // closes and removes the temporary; safe to repeat
  const fs::path& target() const { return target_; }
  int error_code() const { return err_; }  // errno of the first failed write, 0 if none

 private:
  fs::path target_, temp_;
  std::FILE* file_ = nullptr;
  int err_ = 0;
};

// The target checks AtomicFile::open makes, for a caller that wants to fail
// before any work (the command line, before opening a window).
bool check_file_target(const fs::path& target, std::string& error);

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

  AtomicFile file_;
  GifFileType* gif_ = nullptr;
  int width_ = 0, height_ = 0, delay_cs_ = 0;
  bool transparent_ = false;
};

// frame_0000.png, frame_0001.png, ... written into a temporary folder beside
// DIR and moved to DIR when all are written, so DIR never holds a partial
// sequence. DIR must not exist yet or be empty (stale frames of a longer
// export would otherwise mix in).
class FramesWriter {
 public:
  FramesWriter() = default;
  FramesWriter(const FramesWriter&) = delete;
  FramesWriter& operator=(const FramesWriter&) = delete;
  ~FramesWriter() { abort(); }

  bool open(const fs::path& dir, std::string& error);
  bool add(const Image& frame, std::string& error);
  bool finish(std::string& error);
  void abort();
  int frames() const { return count_; }

 private:
  fs::path dir_, temp_;
  int count_ = 0;
};

// The checks FramesWriter::open makes, without creating anything.
bool check_frames_target(const fs::path& dir, std::string& error);

// "frame_0007.png"
std::string frame_name(int index);

// `folder/stem-N.ext` (or `folder/stem-N` when ext is empty) with the
// smallest N >= 1 that does not exist yet.
fs::path unique_path(const fs::path& folder, const std::string& stem, const std::string& ext);

// Letters, digits, '-', '_' and '.' kept, anything else becomes '-', so a
// preset name is safe in a file name.
std::string file_safe(const std::string& text);

// ~/Pictures/tconv-studio, or "" when $HOME is not set.
fs::path default_export_folder();

// Creates `folder` (and its parents) when missing. False with a message when
// it cannot be made or is not a folder.
bool ensure_folder(const fs::path& folder, std::string& error);

}  // namespace studio::exporter
