// Background work for exports: encoding PNG and GIF frames while the app
// keeps drawing. The desktop runs the task on a thread. A platform without
// threads (the browser build: no SharedArrayBuffer, so no pthreads) returns
// false from start(), and the caller does the same work in slices from its
// frame loop instead (exporter::Job does both).
#pragma once

#include <functional>
#include <thread>

namespace studio::platform {

class Worker {
 public:
  Worker() = default;
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;
  ~Worker() { join(); }

  // Starts `task` in the background; false when this platform has no
  // threads (nothing was started).
  bool start(std::function<void()> task);
  // Waits for a started task to end; nothing when none runs.
  void join();

 private:
  std::thread thread_;
};

}  // namespace studio::platform
