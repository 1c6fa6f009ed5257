// Renders the studio's UI offscreen at scale× its window size, for PNG and
// animation exports. A second ImGui context with its own font atlas draws
// the same layout (window coordinates, DisplayFramebufferScale = scale) into
// an OpenGL framebuffer object of scale× the pixels, so text is rasterized
// from glyphs built at scale× their size and lines are drawn at the image's
// resolution: nothing is an upscaled bitmap. The user's context, its fonts
// and its widgets' state are untouched, so an export can run while the app
// stays interactive.
//
// A picture is drawn in horizontal bands of about two megapixels, each into
// a band-sized framebuffer that is read back into its rows: the GPU memory
// stays small whatever the image size, and the app can draw its own frames
// between bands (a software renderer needs ~0.1 s a band).
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "export_image.h"
#include "style.h"

struct ImGuiContext;

namespace studio::exporter {

struct RenderSpec {
  int width = 1280, height = 800;  // layout size in window pixels
  float scale = 1.0f;              // image pixels per window pixel, 1 to 4
  bool transparent = false;        // alpha 0 where no window or drawing covers the clear colour
  Style style;                     // theme, palette and font scale, as on screen
};

class OffscreenRenderer {
 public:
  OffscreenRenderer() = default;
  OffscreenRenderer(const OffscreenRenderer&) = delete;
  OffscreenRenderer& operator=(const OffscreenRenderer&) = delete;
  ~OffscreenRenderer() { close(); }

  // Needs the app's GL context current. False with a message when the GPU
  // cannot hold the image or the font atlas; nothing is left allocated.
  bool open(const RenderSpec& spec, std::string& error);
  // One ImGui frame of the export context around draw(), only so ImGui
  // settles its auto-sized layout (tab bars, tables): no GL work.
  void settle(const std::function<void()>& draw);
  // One ImGui frame around draw() whose picture render_band() then draws.
  void begin_picture(const std::function<void()>& draw);
  // Renders the next band of the picture into `out` (sized by the first
  // band); `done` once the last band is in. False with a message on a GL
  // failure.
  bool render_band(Image& out, bool& done, std::string& error);
  // begin_picture and every band, at once.
  bool picture(const std::function<void()>& draw, Image& out, std::string& error);
  void close();

  bool is_open() const { return ctx_ != nullptr; }
  int image_width() const { return img_w_; }
  int image_height() const { return img_h_; }
  int samples() const { return samples_; }

 private:
  bool allocate_targets(int max_samples, std::string& error);  // band framebuffers
  bool create_context(int max_tex, std::string& error);        // ImGui, backend, fonts
  void frame(const std::function<void()>& draw);
  // The band read back (rows_) into `out` from image row py0: flipped to top
  // row first, alpha made straight.
  void store_band(Image& out, int py0, int rows) const;

  RenderSpec spec_;
  ImGuiContext* ctx_ = nullptr;
  bool backend_ = false;
  unsigned fbo_ = 0, color_ = 0;            // single-sample band, read back
  unsigned msaa_fbo_ = 0, msaa_color_ = 0;  // drawn into when multisampling
  int samples_ = 0;
  int img_w_ = 0, img_h_ = 0;
  int band_rows_ = 0;  // window rows a band covers (its image rows: × scale)
  int next_row_ = -1;  // window row where the next band starts; -1: no picture
  ImVec2 display_pos_{0, 0}, display_size_{0, 0};  // the picture's, before bands
  std::vector<uint8_t> rows_;                      // one band as GL reads it
};

}  // namespace studio::exporter
