// Files through POSIX calls, shared by the desktop and the browser build
// (Emscripten's in-memory file system): mkstemp/mkdtemp temporaries in the
// target's own folder, renamed into place (rename(2) is atomic within one
// file system). Where finished files go (publish) and the default export
// folder are each platform's own (desktop/host.cpp, web/host.cpp).
#include "files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

namespace studio::platform {

namespace {

std::string quoted(const fs::path& p) {
  return p.string();
}

std::string reason(int err) {
  return std::strerror(err ? err : EIO);
}

// The process umask without changing it (umask(2) can only be read by
// setting it, which would race with an export's writer thread).
mode_t current_umask() {
  static const mode_t mask = [] {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
      if (line.rfind("Umask:", 0) == 0)
        return static_cast<mode_t>(std::strtoul(line.c_str() + 6, nullptr, 8));
    return static_cast<mode_t>(022);
  }();
  return mask;
}

// "frames/" names the folder "frames".
fs::path without_slash(const fs::path& dir) {
  const fs::path norm = dir.lexically_normal();
  return norm.has_filename() || !norm.has_parent_path() ? norm : norm.parent_path();
}

fs::path parent_of(const fs::path& target) {
  const fs::path parent = target.parent_path();
  return parent.empty() ? fs::path(".") : parent;
}

bool check_parent(const fs::path& target, std::string& error) {
  const fs::path parent = parent_of(target);
  std::error_code ec;
  const fs::file_status st = fs::status(parent, ec);
  if (!fs::exists(st)) {
    error = "cannot write " + quoted(target) + ": the folder " + quoted(parent) + " does not exist";
    return false;
  }
  if (!fs::is_directory(st)) {
    error = "cannot write " + quoted(target) + ": " + quoted(parent) + " is not a folder";
    return false;
  }
  return true;
}

// write(2) until done; errno of the failure, or 0.
int write_all(int fd, const std::string& text) {
  const char* p = text.data();
  size_t left = text.size();
  while (left > 0) {
    const ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
  return 0;
}

}  // namespace

// [SECTION] Whole files

bool read_file(const fs::path& path, std::string& text, std::string& error) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    error = "cannot read " + quoted(path) + ": it is a folder";
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot read " + quoted(path) + ": " + std::strerror(errno);
    return false;
  }
  std::stringstream s;
  s << in.rdbuf();
  if (in.bad()) {
    error = "cannot read " + quoted(path) + ": read error";
    return false;
  }
  text = s.str();
  return true;
}

bool write_file_atomic(const fs::path& path, const std::string& text, std::string& error) {
  if (path.empty()) {
    error = "cannot write an empty path";
    return false;
  }
  const std::string where = "cannot write " + quoted(path) + ": ";
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    error = where + "it is a folder";
    return false;
  }
  // Same folder as the target: rename() is only atomic within one file system.
  const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
  std::string tmpl = (dir / (std::string(".") + path.filename().string() + ".XXXXXX")).string();
  const int fd = mkstemp(tmpl.data());
  if (fd < 0) {
    error = where + std::strerror(errno);
    return false;
  }
  // mkstemp makes 0600; a saved session should get the usual permissions.
  fchmod(fd, 0666 & ~current_umask());
  int err = write_all(fd, text);
  // fsync before rename: after a crash the file is either old or complete.
  if (!err && fsync(fd) != 0) err = errno;
  if (::close(fd) != 0 && !err) err = errno;
  if (!err && std::rename(tmpl.c_str(), path.c_str()) != 0) err = errno;
  if (err) {
    ::unlink(tmpl.c_str());
    error = where + std::strerror(err);
    return false;
  }
  publish(path);
  return true;
}

// [SECTION] Streamed files

bool check_file_target(const fs::path& target, std::string& error) {
  if (target.empty() || target.filename().empty()) {
    error = std::string("'") + quoted(target) + "' is not a file name";
    return false;
  }
  std::error_code ec;
  const fs::file_status st = fs::status(target, ec);
  // Renaming over a device (/dev/full) or a folder would replace it.
  if (fs::exists(st) && !fs::is_regular_file(st)) {
    error = "cannot write " + quoted(target) + ": it exists and is not a regular file";
    return false;
  }
  return check_parent(target, error);
}

bool AtomicFile::open(const fs::path& target, std::string& error) {
  abort();
  if (!check_file_target(target, error)) return false;
  target_ = target;
  // Hidden and in the same folder: rename() is then atomic, and a crash
  // leaves at most a dot-file, never a truncated FILE.
  std::string tmpl =
      (parent_of(target) / (std::string(".") + target.filename().string() + ".XXXXXX")).string();
  const int fd = mkstemp(tmpl.data());
  if (fd < 0) {
    error = "cannot write " + quoted(target) + ": " + reason(errno);
    return false;
  }
  // mkstemp makes 0600; an exported picture is as readable as any new file.
  fchmod(fd, 0666 & ~current_umask());
  temp_ = tmpl;
  file_ = fdopen(fd, "wb");
  if (!file_) {
    error = "cannot write " + quoted(target) + ": " + reason(errno);
    ::close(fd);
    abort();
    return false;
  }
  err_ = 0;
  return true;
}

bool AtomicFile::commit(std::string& error) {
  if (!file_) {
    error = "cannot write " + quoted(target_) + ": not open";
    return false;
  }
  if (std::fflush(file_) != 0 || std::ferror(file_)) fail(errno);
  if (std::fclose(file_) != 0) fail(errno);
  file_ = nullptr;
  if (!err_ && std::rename(temp_.c_str(), target_.c_str()) != 0) fail(errno);
  if (err_) {
    error = "cannot write " + quoted(target_) + ": " + reason(err_);
    abort();
    return false;
  }
  temp_.clear();
  publish(target_);
  return true;
}

void AtomicFile::abort() {
  if (file_) std::fclose(file_);
  file_ = nullptr;
  if (!temp_.empty()) ::unlink(temp_.c_str());
  temp_.clear();
}

// [SECTION] Folders

bool check_folder_target(const fs::path& dir, std::string& error) {
  if (dir.empty()) {
    error = "the frames folder name is empty";
    return false;
  }
  std::error_code ec;
  const fs::file_status st = fs::status(dir, ec);
  if (fs::exists(st)) {
    if (!fs::is_directory(st)) {
      error = "cannot write frames into " + quoted(dir) + ": it exists and is not a folder";
      return false;
    }
    if (!fs::is_empty(dir, ec) || ec) {
      error = "cannot write frames into " + quoted(dir) +
              ": the folder is not empty (frames of another export would mix in)";
      return false;
    }
    return true;
  }
  return check_parent(without_slash(dir), error);
}

bool AtomicFolder::open(const fs::path& dir, std::string& error) {
  abort();
  if (!check_folder_target(dir, error)) return false;
  const fs::path norm = without_slash(dir);
  dir_ = norm;
  std::string tmpl =
      (parent_of(norm) / (std::string(".") + norm.filename().string() + ".partial-XXXXXX"))
          .string();
  if (!mkdtemp(tmpl.data())) {
    error = "cannot write frames into " + quoted(dir) + ": " + reason(errno);
    return false;
  }
  ::chmod(tmpl.c_str(), 0777 & ~current_umask());
  temp_ = tmpl;
  return true;
}

bool AtomicFolder::commit(std::string& error) {
  if (temp_.empty()) {
    error = "cannot write frames into " + quoted(dir_) + ": not open";
    return false;
  }
  // rename(2) replaces an empty folder, so a folder made beforehand is fine.
  if (std::rename(temp_.c_str(), dir_.c_str()) != 0) {
    error = "cannot write frames into " + quoted(dir_) + ": " + reason(errno);
    abort();
    return false;
  }
  temp_.clear();
  publish(dir_);
  return true;
}

void AtomicFolder::abort() {
  if (!temp_.empty()) {
    std::error_code ec;
    fs::remove_all(temp_, ec);
  }
  temp_.clear();
}

bool ensure_folder(const fs::path& folder, std::string& error) {
  if (folder.empty()) {
    error = "the export folder is empty";
    return false;
  }
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (!fs::is_directory(folder)) {
    error = "cannot use the folder " + quoted(folder) + ": " +
            (ec ? ec.message() : std::string("it is not a folder"));
    return false;
  }
  return true;
}

}  // namespace studio::platform
