// No threads in the browser build (no SharedArrayBuffer, so no pthreads):
// start() says so and the caller works in slices between frames.
#include "worker.h"

namespace studio::platform {

bool Worker::start(std::function<void()>) {
  return false;
}

void Worker::join() {}

}  // namespace studio::platform
