// One export: a PNG of one step, or an animation (GIF and/or numbered PNG
// frames) of a range of steps. The calling (GL) thread renders one frame per
// tick() through OffscreenRenderer; a writer thread encodes and writes them,
// at most two frames behind, so the app keeps drawing its own frames while
// PNG compression and GIF quantization run.
//
// A step is a timeline step (Model::timeline(), as --step and the scrub bar
// count them) for every view, the arithmetic view included: it shows output
// cell arith_cell(t) at step t, so its animation has as many frames as the
// others' and ends on the last cell. (One frame per output cell would need
// cells the shared timeline never shows when there are more cells than
// steps.)
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "export_image.h"
#include "export_render.h"
#include "model.h"

namespace studio::shell {
struct Options;
}

namespace studio::exporter {

struct Plan {
  ViewId view = ViewId::All;
  bool only_view = false;      // the views alone, without bar, panels and timeline
  std::vector<int64_t> steps;  // one frame per entry, in this order
  RenderSpec render;
  fs::path png;                    // one picture (steps has one entry)
  fs::path gif;                    // animated GIF
  int delay_ms = kDefaultDelayMs;  // between GIF frames
  fs::path frames_dir;             // frame_0000.png, ...
};

// Draws the whole UI for one exported frame: the plan's view (alone when
// only_view) with its style, at `step`. Called between NewFrame and Render
// of the export context.
using DrawFn = std::function<void(const Plan& plan, int64_t step)>;

enum class Status { Idle, Running, Done, Failed, Cancelled };

class Job {
 public:
  Job() = default;
  Job(const Job&) = delete;
  Job& operator=(const Job&) = delete;
  ~Job();  // cancels a running export and removes its temporaries

  // Opens every output under a temporary name and the renderer (GL context
  // current). False with a message when any of them fails; nothing is left.
  bool start(const Plan& plan, std::string& error);
  // Renders bands of the next frame for about budget_ms (at least one; 0:
  // the whole frame) when the writer has room; returns at once otherwise.
  // Call once per UI frame, from the GL thread.
  void tick(const DrawFn& draw, double budget_ms = 12.0);
  // Renders and writes everything, blocking (the command line).
  bool run_to_end(const DrawFn& draw, std::string& error);
  // Stops, waits for the writer to remove what it wrote, and keeps `why`.
  void cancel(const std::string& why);

  Status status() const;
  bool running() const { return status() == Status::Running; }
  int frames_total() const { return static_cast<int>(plan_.steps.size()); }
  int frames_written() const { return written_.load(); }
  // Done: what was written. Failed or Cancelled: what happened.
  std::string message() const;
  const Plan& plan() const { return plan_; }

 private:
  void writer_loop();
  void fail(const std::string& why);  // from either thread
  void join();

  Plan plan_;
  OffscreenRenderer renderer_;
  GifWriter gif_;
  FramesWriter frames_;
  size_t next_ = 0;  // next step to render
  bool settled_ = false;
  bool picture_ = false;  // img_ is partly rendered
  Image img_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Image> queue_;
  bool no_more_ = false, stop_ = false;
  bool finishing_ = false;  // the writer is committing the outputs
  Status status_ = Status::Idle;
  std::string message_;
  std::atomic<int> written_{0};
  std::thread writer_;
};

// What the command line asked for (export_options.h's flags), at the
// model's current step for a --screenshot; `style` is the app's.
Plan cli_plan(const shell::Options& opts, const Model& model, const Style& style, ViewId view);

}  // namespace studio::exporter
