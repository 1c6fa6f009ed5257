// Worker threads on the desktop: std::thread.
#include "worker.h"

#include <utility>

namespace studio::platform {

bool Worker::start(std::function<void()> task) {
  join();
  thread_ = std::thread(std::move(task));
  return true;
}

void Worker::join() {
  if (thread_.joinable()) thread_.join();
}

}  // namespace studio::platform
