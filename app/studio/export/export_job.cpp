#include "export_job.h"

#include <chrono>
#include <utility>

#include "steps.h"

namespace studio::exporter {

namespace {

// Frames rendered before the first captured one: ImGui sizes tab bars,
// tables and auto-fit windows from the previous frame.
constexpr int kSettleFrames = 4;
// Frames waiting for the writer, at most: each is up to 256 MB at 4×.
constexpr size_t kQueueDepth = 2;

std::string frames_text(size_t n) {
  return std::to_string(n) + (n == 1 ? " frame" : " frames");
}

}  // namespace

Job::~Job() {
  cancel("");
}

bool Job::start(const Plan& plan, DrawFn draw, std::string& error) {
  cancel("");
  join();
  plan_ = plan;
  draw_ = std::move(draw);
  next_ = 0;
  settled_ = false;
  picture_ = false;
  queue_.clear();
  no_more_ = stop_ = finishing_ = finished_ = false;
  png_ = Image();
  written_ = 0;
  message_.clear();
  if (!plan_.png.empty() &&
      (!plan_.gif.empty() || !plan_.frames_dir.empty() || plan_.steps.size() != 1)) {
    error = "a PNG export is one step, without an animation";
    return false;
  }
  if (plan_.steps.empty()) {
    error = "nothing to export: the step range is empty";
    return false;
  }
  if (const std::string e =
          check_scale(plan_.render.width, plan_.render.height, plan_.render.scale);
      !e.empty()) {
    error = e;
    return false;
  }
  // Paths first: a wrong folder is reported before any rendering.
  if (!plan_.png.empty() && !platform::check_file_target(plan_.png, error)) return false;
  const int w = scaled_size(plan_.render.width, plan_.render.scale);
  const int h = scaled_size(plan_.render.height, plan_.render.scale);
  if (!plan_.gif.empty() &&
      !gif_.open(plan_.gif, w, h, plan_.delay_ms, plan_.render.transparent, error))
    return false;
  // Frames are named by step number, as the timeline and --from count them.
  if (!plan_.frames_dir.empty() &&
      !frames_.open(plan_.frames_dir, error, static_cast<int>(step_number(plan_.steps.front())))) {
    gif_.abort();
    return false;
  }
  if (!renderer_.open(plan_.render, error)) {
    gif_.abort();
    frames_.abort();
    return false;
  }
  {
    std::lock_guard lk(mu_);
    status_ = Status::Running;
  }
  threaded_ = worker_.start([this] { writer_loop(); });
  return true;
}

void Job::tick(double budget_ms) {
  if (status() != Status::Running) {
    join();
    renderer_.close();
    draw_ = nullptr;  // its textures go while the GL context is current
    return;
  }
  if (next_ >= plan_.steps.size()) return;
  if (!picture_) {
    {
      std::lock_guard lk(mu_);
      if (queue_.size() >= kQueueDepth) return;
    }
    const int64_t step = plan_.steps[next_];
    FrameReport report;
    const auto body = [&] { report = draw_(step); };
    // Content changes with the step (captions, value widths): one frame at
    // the new step lets auto-sized parts catch up before the captured one.
    for (int i = settled_ ? 1 : kSettleFrames; i > 0; --i) renderer_.settle(body);
    settled_ = true;
    renderer_.begin_picture(body);
    if (!report.refusal.empty()) {
      fail(report.refusal);
      return;
    }
    if (!report.warning.empty()) {
      std::lock_guard lk(mu_);
      if (warning_.empty()) warning_ = report.warning;
    }
    picture_ = true;
  }
  const auto t0 = std::chrono::steady_clock::now();
  const auto spent = [&] {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  };
  std::string error;
  bool done = false;
  do {
    if (!renderer_.render_band(img_, done, error)) {
      fail(error);
      return;
    }
  } while (!done && (budget_ms <= 0 || spent() < budget_ms));
  if (!done) return;
  picture_ = false;
  ++next_;
  {
    std::lock_guard lk(mu_);
    queue_.push_back(std::move(img_));
    img_ = Image();
    if (next_ == plan_.steps.size()) no_more_ = true;
  }
  cv_.notify_all();
  // The last frame is rendered: give the font atlas and buffers back now.
  if (next_ == plan_.steps.size()) renderer_.close();
  if (!threaded_) write_inline();
}

bool Job::run_to_end(std::string& error) {
  while (status() == Status::Running) {
    if (next_ < plan_.steps.size()) {
      if (threaded_) {
        std::unique_lock lk(mu_);
        cv_.wait(lk, [&] { return queue_.size() < kQueueDepth || status_ != Status::Running; });
      }
      tick(0.0);
    } else if (threaded_) {
      std::unique_lock lk(mu_);
      cv_.wait(lk, [&] { return status_ != Status::Running; });
    } else {
      break;  // tick() wrote and finished everything
    }
  }
  join();
  renderer_.close();
  draw_ = nullptr;
  if (status() != Status::Done) {
    error = message();
    return false;
  }
  return true;
}

void Job::cancel(const std::string& why) {
  {
    std::lock_guard lk(mu_);
    if (status_ == Status::Running && !finishing_) {
      status_ = Status::Cancelled;
      message_ = why;
    }
    stop_ = true;
  }
  cv_.notify_all();
  join();
  renderer_.close();
  draw_ = nullptr;
  gif_.abort();
  frames_.abort();
}

void Job::fail(const std::string& why) {
  {
    std::lock_guard lk(mu_);
    if (status_ == Status::Running) {
      status_ = Status::Failed;
      message_ = why;
    }
    stop_ = true;
  }
  cv_.notify_all();
}

void Job::join() {
  worker_.join();
}

Status Job::status() const {
  std::lock_guard lk(mu_);
  return status_;
}

std::string Job::message() const {
  std::lock_guard lk(mu_);
  return message_;
}

std::string Job::warning() const {
  std::lock_guard lk(mu_);
  return warning_;
}

void Job::writer_loop() {
  Image img;
  while (next_frame(img, true))
    if (!write_frame(img)) break;
  finish_outputs();
}

void Job::write_inline() {
  Image img;
  while (next_frame(img, false))
    if (!write_frame(img)) break;
  bool done;
  {
    std::lock_guard lk(mu_);
    done = stop_ || (no_more_ && queue_.empty());
  }
  if (done) finish_outputs();
}

bool Job::next_frame(Image& img, bool wait) {
  std::unique_lock lk(mu_);
  if (wait) cv_.wait(lk, [&] { return stop_ || !queue_.empty() || no_more_; });
  if (stop_ || queue_.empty()) return false;  // stopped, or every frame is written
  img = std::move(queue_.front());
  queue_.pop_front();
  lk.unlock();
  cv_.notify_all();  // room for the next frame
  return true;
}

bool Job::write_frame(Image& img) {
  std::string error;
  bool ok = true;
  // The PNG is written with the other outputs' commits below, so a cancel
  // either comes first and nothing appears, or comes too late to matter.
  if (!plan_.png.empty()) png_ = std::move(img);
  if (ok && !plan_.gif.empty()) ok = gif_.add(img, error);
  if (ok && !plan_.frames_dir.empty()) ok = frames_.add(img, error);
  if (!ok) {
    fail(error);
    return false;
  }
  ++written_;
  return true;
}

void Job::finish_outputs() {
  if (finished_) return;
  finished_ = true;
  bool stopped;
  {
    std::lock_guard lk(mu_);
    stopped = stop_;
    finishing_ = !stop_;  // from here on a cancel is too late
  }
  // A failure or cancel: whatever was written goes.
  if (stopped) {
    gif_.abort();
    frames_.abort();
    cv_.notify_all();
    return;
  }
  std::string error;
  bool ok = true;
  if (!plan_.png.empty()) ok = write_png(png_, plan_.png, error);
  if (ok && !plan_.frames_dir.empty()) ok = frames_.finish(error);
  if (ok && !plan_.gif.empty()) ok = gif_.finish(error);
  if (!ok) {
    gif_.abort();
    frames_.abort();
    fail(error);
    return;
  }
  std::string done;
  if (!plan_.png.empty()) done = plan_.png.string();
  if (!plan_.gif.empty()) done = plan_.gif.string() + " (" + frames_text(plan_.steps.size()) + ")";
  if (!plan_.frames_dir.empty())
    done += (done.empty() ? "" : " and ") + frames_text(plan_.steps.size()) + " in " +
            plan_.frames_dir.string();
  {
    std::lock_guard lk(mu_);
    finishing_ = false;
    if (status_ == Status::Running) {
      status_ = Status::Done;
      message_ = "saved " + done + (warning_.empty() ? "" : "; note: " + warning_);
    }
  }
  cv_.notify_all();
}

Plan cli_plan(const CliOptions& o, int width, int height, int64_t step, const Style& style,
              ViewId view) {
  Plan p;
  p.view = view;
  p.only_view = o.only_view;
  p.render.width = width;
  p.render.height = height;
  p.render.scale = o.scale.value_or(1.0f);
  p.render.transparent = o.transparent;
  p.render.style = style;
  if (!o.screenshot.empty()) {
    p.png = o.screenshot;
    p.steps = {step};
    return p;
  }
  // --from/--to count from 1 (check_cli_range filled them in); steps from 0.
  for (int64_t n = o.from.value_or(1); n <= o.to.value_or(1); ++n) p.steps.push_back(n - 1);
  p.gif = o.gif;
  p.frames_dir = o.frames_dir;
  p.delay_ms = o.delay_ms.value_or(kDefaultDelayMs);
  return p;
}

}  // namespace studio::exporter
