// One export: a PNG of one step, or an animation (GIF and/or numbered PNG
// frames) of a range of steps. The calling (GL) thread renders one frame per
// tick() through OffscreenRenderer; a writer (platform::Worker) encodes and
// writes them, at most two frames behind, so the app keeps drawing its own
// frames while PNG compression and GIF quantization run. Where the platform
// has no threads (the browser build), tick() writes each frame itself right
// after rendering it.
//
// A step is a timeline step in the unit of the plan's view (steps.h): input
// elements for scatter, matrix, overlap and `all`, output cells for
// arithmetic (one frame per cell, as conv_arithmetic's GIFs), one frame for
// a view without steps. Plan::steps are 0-based; frame files are named by
// step number, from 1.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "export_image.h"
#include "export_options.h"
#include "export_render.h"
#include "params.h"
#include "worker.h"

namespace studio::exporter {

struct Plan {
  ViewId view = ViewId::All;
  bool only_view = false;      // the views alone, without bar, panels and timeline
  std::vector<int64_t> steps;  // one frame per entry, in this order
  RenderSpec render;
  fs::path png;                    // one picture (steps has one entry)
  fs::path gif;                    // animated GIF
  int delay_ms = kDefaultDelayMs;  // between GIF frames
  fs::path frames_dir;             // frame_0001.png, ... (step numbers)
};

// Draws the whole UI for one exported frame at `step`: the plan's view
// (alone when only_view) with its style, from the caller's own copy of its UI
// state. Called between NewFrame and Render of the export context; kept by
// the job until it ends, and released on the GL thread.
struct FrameReport {
  // "" when the picture shows everything, else a sentence saying what does
  // not fit and the size it needs: the job fails with it (an export never
  // clips silently).
  std::string refusal;
  // The picture is written but shows less than the studio would (values
  // abbreviated or hidden): said once per job (Job::warning).
  std::string warning;
};
using DrawFn = std::function<FrameReport(int64_t step)>;

enum class Status { Idle, Running, Done, Failed, Cancelled };

class Job {
 public:
  Job() = default;
  Job(const Job&) = delete;
  Job& operator=(const Job&) = delete;
  ~Job();  // cancels a running export and removes its temporaries

  // Opens every output under a temporary name and the renderer (GL context
  // current), and keeps `draw` for the frames. False with a message when any
  // of them fails; nothing is left.
  bool start(const Plan& plan, DrawFn draw, std::string& error);
  // Renders bands of the next frame for about budget_ms (at least one; 0:
  // the whole frame) when the writer has room; returns at once otherwise.
  // Call once per UI frame, from the GL thread.
  void tick(double budget_ms = 12.0);
  // Renders and writes everything, blocking (the command line).
  bool run_to_end(std::string& error);
  // Stops, waits for the writer to remove what it wrote, and keeps `why`.
  void cancel(const std::string& why);

  Status status() const;
  bool running() const { return status() == Status::Running; }
  int frames_total() const { return static_cast<int>(plan_.steps.size()); }
  int frames_written() const { return written_.load(); }
  // Done: what was written (and the warning). Failed or Cancelled: what happened.
  std::string message() const;
  // The first frame's warning that shows less than everything ("": none).
  std::string warning() const;
  const Plan& plan() const { return plan_; }

 private:
  void writer_loop();
  // Takes the next rendered frame off the queue; false when none is left to
  // write (all written, or stopped). `wait`: block until there is one.
  bool next_frame(Image& img, bool wait);
  // Adds one frame to every output; false (the job failed) on an error.
  bool write_frame(Image& img);
  // After the last frame or a failure: commits the outputs, or removes them
  // when the job stopped. Once.
  void finish_outputs();
  // No threads: writes what tick() rendered, then finishes when done.
  void write_inline();
  void fail(const std::string& why);  // from either thread
  void join();

  Plan plan_;
  DrawFn draw_;
  OffscreenRenderer renderer_;
  GifWriter gif_;
  FramesWriter frames_;
  size_t next_ = 0;  // next step to render
  bool settled_ = false;
  bool picture_ = false;  // img_ is partly rendered
  Image img_;
  std::string warning_;  // under mu_

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Image> queue_;
  bool no_more_ = false, stop_ = false;
  bool finishing_ = false;  // the writer is committing the outputs
  Status status_ = Status::Idle;
  std::string message_;
  std::atomic<int> written_{0};
  Image png_;              // a PNG export's picture, written with the commits
  bool threaded_ = false;  // the writer runs on worker_
  bool finished_ = false;  // finish_outputs ran
  platform::Worker worker_;
};

// What the command line asked for (export_options.h's flags, after
// check_cli_range), a --screenshot at `step`; the window's size, `style` and
// `view` are the app's.
Plan cli_plan(const CliOptions& o, int width, int height, int64_t step, const Style& style,
              ViewId view);

}  // namespace studio::exporter
