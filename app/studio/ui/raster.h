// Raster grids: a grid whose cells are too small for borders or values is
// drawn as one textured quad, one texel per cell, sampled nearest. A 130×130
// canvas as rectangles is 34k triangles a frame, and llvmpipe pays per
// triangle. Only the cells in view are read and uploaded, and only when they
// changed (a step or an edit), so a texture is a copy of what the grid shows,
// never a computation.
//
// Textures belong to the frames of one ImGui context, so each context has its
// cache: the app owns the window's, an export's frames own theirs.
#pragma once

#include <imgui.h>

#include <cstdint>
#include <functional>
#include <map>
#include <vector>

namespace studio::ui {

class RasterCache {
 public:
  RasterCache() = default;
  RasterCache(const RasterCache&) = delete;
  RasterCache& operator=(const RasterCache&) = delete;
  ~RasterCache();  // frees the textures: the GL context must still be current

  // The texture of grid `id` (an ImGui ID) and the part of it in use.
  struct Texture {
    ImTextureID id = nullptr;
    ImVec2 uv_max{0, 0};
  };
  // Brings grid `id`'s texture to the cells in `source` (w × h, row-major):
  // when they differ from what it was built from, `build` turns them into
  // texels (ImGui colours, RGBA bytes in memory) and they are uploaded.
  // False when GL is not there to draw with.
  bool upload(ImGuiID id, const std::vector<uint64_t>& source, int w, int h,
              const std::function<void(std::vector<ImU32>&)>& build, Texture& out);
  // A buffer for the caller to build `source` in, kept between frames.
  std::vector<uint64_t>& scratch() { return scratch_; }

 private:
  struct Entry {
    unsigned tex = 0;
    int cap_w = 0, cap_h = 0;  // allocated texels
    int w = 0, h = 0;          // texels in use
    // What the texture was built from, w·h: each cell's fill and value bits.
    std::vector<uint64_t> source;
    uint64_t last_use = 0;
  };
  void free_stale();

  std::map<ImGuiID, Entry> textures_;
  uint64_t uses_ = 0;
  std::vector<ImU32> texels_;
  std::vector<uint64_t> scratch_;
};

}  // namespace studio::ui
