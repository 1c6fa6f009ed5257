// Files: reading, writing atomically, and the folders the studio writes to.
// Every file the studio writes goes through here, so a platform without a
// user-visible file system (the browser build) can turn a finished file into
// a download in publish(), and keep everything else as it is.
#pragma once

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <string>

namespace studio::platform {

namespace fs = std::filesystem;

// Whole file as text; false with "cannot read PATH: reason" on error.
bool read_file(const fs::path& path, std::string& text, std::string& error);

// Writes `text` to a temp file in the target's folder, fsyncs it, then
// renames it over the target, so a reader never sees half a file and a
// failure leaves the old one. false with "cannot write PATH: reason".
bool write_file_atomic(const fs::path& path, const std::string& text, std::string& error);

// A file that appears under its name only when commit() succeeds, for
// writers that stream (PNG, GIF). Errors name the target and the system's
// reason ("cannot write /a/b.png: No space left on device").
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

// A folder that appears under its name only when commit() succeeds: files
// go into path() (a hidden temporary beside the target) meanwhile. The
// target must not exist yet or be an empty folder.
class AtomicFolder {
 public:
  AtomicFolder() = default;
  AtomicFolder(const AtomicFolder&) = delete;
  AtomicFolder& operator=(const AtomicFolder&) = delete;
  ~AtomicFolder() { abort(); }

  bool open(const fs::path& dir, std::string& error);
  const fs::path& path() const { return temp_; }  // where files go until commit
  const fs::path& target() const { return dir_; }
  bool commit(std::string& error);
  void abort();  // removes the temporary and what is in it; safe to repeat

 private:
  fs::path dir_, temp_;
};

// The checks AtomicFolder::open makes, without creating anything.
bool check_folder_target(const fs::path& dir, std::string& error);

// Creates `folder` (and its parents) when missing. False with a message when
// it cannot be made or is not a folder.
bool ensure_folder(const fs::path& folder, std::string& error);

// Where exports go by default: ~/Pictures/tconv-studio, or "" when there is
// no home folder.
fs::path default_export_folder();

// A file the user asked for is complete (an export, a saved session): the
// browser build offers it as a download here. Nothing on the desktop.
void publish(const fs::path& path);

}  // namespace studio::platform
