// The table of views (see views.h), and what every view shares.
#include "views.h"

#include <imgui.h>

#include "keys.h"

namespace studio {

namespace {

// Titles fit a tile of the 1280×800 `all` grid (about 310 px).
constexpr ViewInfo kTable[] = {
    {ViewId::All, "All", "", platform::key::digit(0), nullptr},
    {ViewId::Scatter, "Scatter", "Scatter: x · K, summed###scatter", platform::key::digit(1),
     DrawScatterView},
    {ViewId::Flip, "Flip", "Flip: K rotated 180°###flip", platform::key::digit(2), DrawFlipView},
    {ViewId::Arithmetic, "Arithmetic", "Arithmetic: direct conv###arith", platform::key::digit(3),
     DrawArithmeticView},
    {ViewId::Matrix, "Matrix", "Matrix: y = Wᵀx###matrix", platform::key::digit(4), DrawMatrixView},
    {ViewId::Shape, "Shape", "Shape: output size###shape", platform::key::digit(5), DrawShapeView},
    {ViewId::Overlap, "Overlap", "Overlap: taps per cell###overlap", platform::key::digit(6),
     DrawOverlapView},
    {ViewId::Frameworks, "Frameworks", "Frameworks: TF, ONNX, JAX###frameworks",
     platform::key::digit(7), DrawFrameworksView},
};

}  // namespace

std::span<const ViewInfo> view_table() {
  return kTable;
}

const ViewInfo& view_info(ViewId id) {
  for (const ViewInfo& v : kTable)
    if (v.id == id) return v;
  return kTable[0];
}

void ViewContext::clear_hover_if_idle(bool any_hovered) {
  if (any_hovered || state.hover.kind == Hover::Kind::None) return;
  // The whole view window, not just its canvas: the legend and caption sit outside it.
  if (ImGui::IsWindowHovered(ImGuiHoveredFlags_RootAndChildWindows)) state.hover = Hover{};
}

}  // namespace studio
