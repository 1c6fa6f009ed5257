#include "export_render.h"

#include <backends/imgui_impl_opengl3.h>

#include <algorithm>
#include <cfloat>
#include <cstdio>
#include <cstring>

#include "gl.h"
#include "style.h"

namespace studio::exporter {

namespace {

// Makes `ctx` current for a scope and puts the previous context back.
class ContextScope {
 public:
  explicit ContextScope(ImGuiContext* ctx) : prev_(ImGui::GetCurrentContext()) {
    ImGui::SetCurrentContext(ctx);
  }
  ~ContextScope() { ImGui::SetCurrentContext(prev_); }
  ContextScope(const ContextScope&) = delete;
  ContextScope& operator=(const ContextScope&) = delete;

 private:
  ImGuiContext* prev_;
};

// Restores the app's framebuffer bindings after an offscreen pass.
class FramebufferScope {
 public:
  FramebufferScope() {
    glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &draw_);
    glGetIntegerv(GL_READ_FRAMEBUFFER_BINDING, &read_);
  }
  ~FramebufferScope() {
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, static_cast<GLuint>(draw_));
    glBindFramebuffer(GL_READ_FRAMEBUFFER, static_cast<GLuint>(read_));
  }
  FramebufferScope(const FramebufferScope&) = delete;
  FramebufferScope& operator=(const FramebufferScope&) = delete;

 private:
  GLint draw_ = 0, read_ = 0;
};

// Pixels a band holds, at most: 8 MB read back, 32 MB multisampled.
constexpr int64_t kBandPixels = int64_t{2} << 20;

std::string size_text(int64_t w, int64_t h) {
  return std::to_string(w) + "x" + std::to_string(h);
}

void drain_gl_errors() {
  while (glGetError() != GL_NO_ERROR) {
  }
}

// A colour renderbuffer in its own framebuffer; false when the driver
// refuses it (too large, out of memory, too many samples).
bool make_target(int w, int h, int samples, GLuint& fbo, GLuint& rb) {
  drain_gl_errors();
  glGenFramebuffers(1, &fbo);
  glGenRenderbuffers(1, &rb);
  glBindRenderbuffer(GL_RENDERBUFFER, rb);
  if (samples > 0)
    glRenderbufferStorageMultisample(GL_RENDERBUFFER, samples, GL_RGBA8, w, h);
  else
    glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, w, h);
  glBindRenderbuffer(GL_RENDERBUFFER, 0);
  glBindFramebuffer(GL_FRAMEBUFFER, fbo);
  glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, rb);
  const bool ok = glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE &&
                  glGetError() == GL_NO_ERROR;
  if (!ok) {
    glDeleteFramebuffers(1, &fbo);
    glDeleteRenderbuffers(1, &rb);
    fbo = rb = 0;
  }
  return ok;
}

}  // namespace

namespace {

// The export's theme: the screen's, with a transparent background where
// asked, and without ImGui's anti-aliasing fringe when multisampling.
void export_style(ImGuiStyle& s, bool transparent, bool multisampled) {
  if (transparent) {
    // Only the background goes: a see-through colour (ImGui's frames,
    // headers, borders) is pre-blended over it into the opaque colour it
    // shows on screen, so widgets look the same on a slide of any colour.
    const ImVec4 bg = s.Colors[ImGuiCol_WindowBg];
    for (int i = 0; i < ImGuiCol_COUNT; ++i) {
      ImVec4& c = s.Colors[i];
      const bool overlay = i == ImGuiCol_ModalWindowDimBg || i == ImGuiCol_NavWindowingDimBg ||
                           i == ImGuiCol_NavWindowingHighlight;
      if (i == ImGuiCol_WindowBg || i == ImGuiCol_ChildBg || overlay || c.w <= 0.0f || c.w >= 1.0f)
        continue;
      c = ImVec4(c.x * c.w + bg.x * (1 - c.w), c.y * c.w + bg.y * (1 - c.w),
                 c.z * c.w + bg.z * (1 - c.w), 1.0f);
    }
    s.Colors[ImGuiCol_WindowBg].w = 0.0f;
  }
  if (multisampled) {
    s.AntiAliasedLines = false;
    s.AntiAliasedFill = false;
  }
}

}  // namespace

bool OffscreenRenderer::open(const RenderSpec& spec, std::string& error) {
  close();
  if (const std::string e = check_scale(spec.width, spec.height, spec.scale); !e.empty()) {
    error = e;
    return false;
  }
  spec_ = spec;
  img_w_ = scaled_size(spec.width, spec.scale);
  img_h_ = scaled_size(spec.height, spec.scale);

  GLint max_rb = 0, max_tex = 0, max_samples = 0, max_vp[2] = {0, 0};
  glGetIntegerv(GL_MAX_RENDERBUFFER_SIZE, &max_rb);
  glGetIntegerv(GL_MAX_TEXTURE_SIZE, &max_tex);
  glGetIntegerv(GL_MAX_SAMPLES, &max_samples);
  glGetIntegerv(GL_MAX_VIEWPORT_DIMS, max_vp);
  const int limit = std::min({max_rb, max_vp[0], max_vp[1]});
  if (img_w_ > limit || img_h_ > limit) {
    error = "a " + size_text(img_w_, img_h_) + " image is larger than this OpenGL's limit of " +
            std::to_string(limit) + " pixels a side; use a smaller scale or size";
    return false;
  }
  if (!allocate_targets(max_samples, error) || !create_context(max_tex, error)) return false;
  ContextScope scope(ctx_);  // the theme goes into the export's context, not the app's
  Style themed = spec.style;
  ui::apply_theme(themed);
  export_style(ImGui::GetStyle(), spec.transparent, samples_ > 0);
  return true;
}

bool OffscreenRenderer::allocate_targets(int max_samples, std::string& error) {
  // Bands start on whole window rows, so at an integer scale each band's
  // first image row is exact; other scales draw the picture in one band.
  const float scale = spec_.scale;
  const bool whole = scale == static_cast<float>(static_cast<int>(scale));
  band_rows_ = spec_.height;
  if (whole) {
    const int s_int = static_cast<int>(scale);
    const int img_rows = std::max(1, static_cast<int>(kBandPixels / img_w_));
    band_rows_ = std::clamp(img_rows / s_int, 1, spec_.height);
  }
  const int band_h = band_rows_ == spec_.height ? img_h_ : band_rows_ * static_cast<int>(scale);
  FramebufferScope keep;
  if (!make_target(img_w_, band_h, 0, fbo_, color_)) {
    error = "OpenGL cannot allocate a " + size_text(img_w_, band_h) +
            " framebuffer (out of video memory?); use a smaller scale or size";
    return false;
  }
  // Above 1× ImGui's anti-aliasing fringe would be `scale` image pixels
  // wide, i.e. blurred; 4× multisampling smooths edges at the image's own
  // resolution instead. Without it, ImGui's fringe is the fallback.
  samples_ = scale > 1.0f ? std::min(4, max_samples) : 0;
  if (samples_ > 1 && !make_target(img_w_, band_h, samples_, msaa_fbo_, msaa_color_)) samples_ = 0;
  if (samples_ <= 1) samples_ = 0;
  return true;
}

// The export's own ImGui context, its renderer and its fonts at the image's
// scale (the app's context is current again on return).
bool OffscreenRenderer::create_context(int max_tex, std::string& error) {
  ctx_ = ImGui::CreateContext();
  ContextScope scope(ctx_);
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.LogFilename = nullptr;
  if (!ImGui_ImplOpenGL3_Init(platform::glsl_version())) {
    error = "cannot start the OpenGL renderer for the export";
    close();
    return false;
  }
  backend_ = true;
  // Glyphs rasterized at their size in the image; FontGlobalScale brings the
  // layout back to window units, so the picture is the window's, only sharper.
  ui::rebuild_fonts(spec_.style.font_scale, spec_.scale);
  io.FontGlobalScale = 1.0f / spec_.scale;
  if (io.Fonts->TexWidth > max_tex || io.Fonts->TexHeight > max_tex) {
    char scale[32];
    std::snprintf(scale, sizeof scale, "%g", static_cast<double>(spec_.scale));
    error = std::string("text at scale ") + scale + " needs a " +
            size_text(io.Fonts->TexWidth, io.Fonts->TexHeight) +
            " font atlas, larger than this OpenGL's texture limit " + std::to_string(max_tex) +
            "; use a smaller scale or font scale";
    close();
    return false;
  }
  return true;
}

void OffscreenRenderer::frame(const std::function<void()>& draw) {
  ContextScope scope(ctx_);
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(static_cast<float>(spec_.width), static_cast<float>(spec_.height));
  io.DisplayFramebufferScale = ImVec2(spec_.scale, spec_.scale);
  io.DeltaTime = 1.0f / 60.0f;
  // No pointer: an exported frame shows no hover or tooltip.
  io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
  ImGui_ImplOpenGL3_NewFrame();
  ImGui::NewFrame();
  draw();
  ImGui::Render();
}

void OffscreenRenderer::settle(const std::function<void()>& draw) {
  if (!ctx_) return;
  frame(draw);
  next_row_ = -1;  // a new frame replaces any picture's draw data
}

void OffscreenRenderer::begin_picture(const std::function<void()>& draw) {
  if (!ctx_) return;
  frame(draw);
  ContextScope scope(ctx_);
  const ImDrawData* dd = ImGui::GetDrawData();
  display_pos_ = dd->DisplayPos;
  display_size_ = dd->DisplaySize;
  next_row_ = 0;
}

bool OffscreenRenderer::render_band(Image& out, bool& done, std::string& error) {
  done = false;
  if (!ctx_ || next_row_ < 0) {
    error = "the export renderer has no picture to draw";
    return false;
  }
  const int y0 = next_row_, y1 = std::min(next_row_ + band_rows_, spec_.height);
  const bool one_band = band_rows_ == spec_.height;
  const int s_int = static_cast<int>(spec_.scale);
  const int py0 = one_band ? 0 : y0 * s_int;
  const int rows = one_band ? img_h_ : (y1 - y0) * s_int;
  const size_t row_bytes = static_cast<size_t>(img_w_) * 4;
  if (y0 == 0) {
    out.width = img_w_;
    out.height = img_h_;
    out.rgba.resize(row_bytes * static_cast<size_t>(img_h_));
  }
  {
    ContextScope scope(ctx_);
    FramebufferScope keep;
    // The band is the picture seen through a window [y0, y1): the backend
    // maps DisplayPos..DisplayPos+DisplaySize onto the framebuffer and
    // offsets clip rectangles by DisplayPos.
    ImDrawData* dd = ImGui::GetDrawData();
    dd->DisplayPos = ImVec2(display_pos_.x, display_pos_.y + static_cast<float>(y0));
    dd->DisplaySize = ImVec2(display_size_.x, static_cast<float>(y1 - y0));
    drain_gl_errors();
    glBindFramebuffer(GL_FRAMEBUFFER, samples_ ? msaa_fbo_ : fbo_);
    glViewport(0, 0, img_w_, rows);
    glDisable(GL_SCISSOR_TEST);
    // Transparent: clear to nothing, so alpha says what was drawn.
    const ImVec4 bg = spec_.transparent
                          ? ImVec4(0, 0, 0, 0)
                          : ImGui::ColorConvertU32ToFloat4(spec_.style.palette.background);
    glClearColor(bg.x, bg.y, bg.z, spec_.transparent ? 0.0f : 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(dd);
    dd->DisplayPos = display_pos_;
    dd->DisplaySize = display_size_;
    if (samples_) {
      glBindFramebuffer(GL_READ_FRAMEBUFFER, msaa_fbo_);
      glBindFramebuffer(GL_DRAW_FRAMEBUFFER, fbo_);
      glBlitFramebuffer(0, 0, img_w_, rows, 0, 0, img_w_, rows, GL_COLOR_BUFFER_BIT, GL_NEAREST);
    }
    glBindFramebuffer(GL_READ_FRAMEBUFFER, fbo_);
    glReadBuffer(GL_COLOR_ATTACHMENT0);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    rows_.resize(row_bytes * static_cast<size_t>(rows));
    glReadPixels(0, 0, img_w_, rows, GL_RGBA, GL_UNSIGNED_BYTE, rows_.data());
    if (glGetError() != GL_NO_ERROR) {
      error = "OpenGL failed to render the " + size_text(img_w_, img_h_) + " export image";
      next_row_ = -1;
      return false;
    }
  }

  store_band(out, py0, rows);
  next_row_ = y1;
  if (y1 >= spec_.height) {
    next_row_ = -1;
    done = true;
  }
  return true;
}

void OffscreenRenderer::store_band(Image& out, int py0, int rows) const {
  const size_t row_bytes = static_cast<size_t>(img_w_) * 4;
  // GL's rows start at the bottom.
  for (int r = 0; r < rows; ++r) {
    uint8_t* dst = out.rgba.data() + row_bytes * static_cast<size_t>(py0 + rows - 1 - r);
    std::memcpy(dst, rows_.data() + row_bytes * static_cast<size_t>(r), row_bytes);
  }
  uint8_t* p = out.rgba.data() + row_bytes * static_cast<size_t>(py0);
  const size_t n = static_cast<size_t>(img_w_) * static_cast<size_t>(rows);
  if (!spec_.transparent) {
    for (size_t i = 0; i < n; ++i) p[4 * i + 3] = 255;
    return;
  }
  // The backend blends alpha with (1, 1 - src alpha), so over a clear of
  // zeros the colours come out premultiplied; PNG wants them straight.
  for (size_t i = 0; i < n; ++i) {
    const unsigned a = p[4 * i + 3];
    if (a == 0 || a == 255) continue;
    for (int c = 0; c < 3; ++c)
      p[4 * i + c] = static_cast<uint8_t>(std::min(255u, (p[4 * i + c] * 255u + a / 2) / a));
  }
}

bool OffscreenRenderer::picture(const std::function<void()>& draw, Image& out, std::string& error) {
  if (!ctx_) {
    error = "the export renderer is not open";
    return false;
  }
  begin_picture(draw);
  bool done = false;
  while (!done)
    if (!render_band(out, done, error)) return false;
  return true;
}

void OffscreenRenderer::close() {
  if (ctx_) {
    ContextScope scope(ctx_);
    if (backend_) ImGui_ImplOpenGL3_Shutdown();
    backend_ = false;
    ImGui::DestroyContext(ctx_);
    ctx_ = nullptr;
  }
  if (msaa_fbo_) glDeleteFramebuffers(1, &msaa_fbo_);
  if (msaa_color_) glDeleteRenderbuffers(1, &msaa_color_);
  if (fbo_) glDeleteFramebuffers(1, &fbo_);
  if (color_) glDeleteRenderbuffers(1, &color_);
  msaa_fbo_ = msaa_color_ = fbo_ = color_ = 0;
  samples_ = 0;
  next_row_ = -1;
  rows_ = {};
}

}  // namespace studio::exporter
