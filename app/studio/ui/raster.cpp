// Raster grid textures (see raster.h).
#include "raster.h"

#include <algorithm>

#include "gl.h"

namespace studio::ui {

namespace {

// Textures unused for this many raster draws (a few seconds of frames)
// belong to grids no longer shown: freed, and rebuilt if they come back.
constexpr uint64_t kKeep = 4096;

// The pixel-store state an upload needs, set rather than saved and restored:
// in the browser each glGet is a synchronous round trip to the GPU process,
// which first finishes everything queued before it, so each upload stalled
// the frame (12 ms each in big-64's bench under SwiftShader; 0.03 ms on the
// desktop). Nothing else in the studio reads the unpack state (ImGui's font
// upload sets its own), and ImGui's renderer binds each command's texture.
void set_unpack_defaults() {
  glBindBuffer(GL_PIXEL_UNPACK_BUFFER, 0);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
  glPixelStorei(GL_UNPACK_SKIP_PIXELS, 0);
  glPixelStorei(GL_UNPACK_SKIP_ROWS, 0);
}

}  // namespace

RasterCache::~RasterCache() {
  if (!platform::gl_ready()) return;
  for (auto& [id, e] : textures_) glDeleteTextures(1, &e.tex);
}

void RasterCache::free_stale() {
  for (auto it = textures_.begin(); it != textures_.end();) {
    if (it->second.last_use + kKeep < uses_) {
      glDeleteTextures(1, &it->second.tex);
      it = textures_.erase(it);
    } else {
      ++it;
    }
  }
}

bool RasterCache::upload(ImGuiID id, const std::vector<uint64_t>& source, int w, int h,
                         const std::function<void(std::vector<ImU32>&)>& build, Texture& out) {
  if (!platform::gl_ready()) return false;  // no GL loaded (nothing would show it)
  ++uses_;
  if (uses_ % 256 == 0) free_stale();
  Entry& t = textures_[id];
  t.last_use = uses_;
  const bool same = t.tex && t.w == w && t.h == h && t.source == source;
  if (!same) {
    texels_.resize(static_cast<size_t>(w) * static_cast<size_t>(h));
    build(texels_);
    set_unpack_defaults();
    if (!t.tex) {
      glGenTextures(1, &t.tex);
      glBindTexture(GL_TEXTURE_2D, t.tex);
      // Nearest: a cell is a hard-edged square, as the rectangles were.
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    } else {
      glBindTexture(GL_TEXTURE_2D, t.tex);
    }
    if (w > t.cap_w || h > t.cap_h) {
      // Grow only: scrolling changes the visible range every frame.
      t.cap_w = std::max(w, t.cap_w);
      t.cap_h = std::max(h, t.cap_h);
      glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, t.cap_w, t.cap_h, 0, GL_RGBA, GL_UNSIGNED_BYTE,
                   nullptr);
    }
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, texels_.data());
    t.w = w;
    t.h = h;
    t.source = source;
  }
  out.id = reinterpret_cast<ImTextureID>(static_cast<intptr_t>(t.tex));
  out.uv_max = {static_cast<float>(w) / static_cast<float>(t.cap_w),
                static_cast<float>(h) / static_cast<float>(t.cap_h)};
  return true;
}

}  // namespace studio::ui
