// Hover correspondence (see hover.h): which input cells, kernel taps,
// output cells and W entries go with the hovered cell, from core's links.
#include "hover.h"

#include <exception>

#include "tconv/correspondence.h"

namespace studio {
namespace {

using Cell = std::pair<int, int>;

Cell cell(int64_t a, int64_t b) {
  return {static_cast<int>(a), static_cast<int>(b)};
}

// Output (c_out, oh, ow): the inputs and taps landing on it, W's column.
void output_highlight(const tconv::Records& r, const Hover& h, Highlight& hl) {
  const tconv::Geometry& g = r.geo;
  if (h.c < 0 || h.c >= g.out_channels || h.h < 0 || h.h >= g.h.out || h.w < 0 || h.w >= g.w.out)
    return;
  for (const auto& l : tconv::links_to_output(g, h.h, h.w)) {
    hl.input_cells.push_back(cell(l.ih, l.iw));
    hl.kernel_taps.push_back(cell(l.kh, l.kw));
  }
  hl.output_cells.push_back(cell(h.h, h.w));
  hl.w_col = r.matrix.col_of(h.c, h.h, h.w);
}

// Input (c_in, ih, iw): its footprint's outputs and taps, W's row.
void input_highlight(const tconv::Records& r, const Hover& h, Highlight& hl) {
  const tconv::Geometry& g = r.geo;
  if (h.c < 0 || h.c >= g.in_channels || h.h < 0 || h.h >= g.h.in || h.w < 0 || h.w >= g.w.in)
    return;
  for (const auto& l : tconv::links_from_input(g, h.h, h.w)) {
    hl.output_cells.push_back(cell(l.oh, l.ow));
    hl.kernel_taps.push_back(cell(l.kh, l.kw));
  }
  hl.input_cells.push_back(cell(h.h, h.w));
  hl.w_row = r.matrix.row_of(h.c, h.h, h.w);
}

// Kernel tap (kh, kw): the tap's footprint, every input it carries and where.
// O(H·W) index arithmetic, no values, so cheap enough even at 256×256.
void kernel_highlight(const tconv::Records& r, const Hover& h, Highlight& hl) {
  const tconv::Geometry& g = r.geo;
  if (h.h < 0 || h.h >= g.h.kernel || h.w < 0 || h.w >= g.w.kernel) return;
  for (const auto& l : tconv::links_of_tap(g, h.h, h.w)) {
    hl.input_cells.push_back(cell(l.ih, l.iw));
    hl.output_cells.push_back(cell(l.oh, l.ow));
  }
  hl.kernel_taps.push_back(cell(h.h, h.w));
}

// W entry (row, col): its input and output cell, and the tap when the entry
// is not a structural zero.
void w_entry_highlight(const tconv::Records& r, const Hover& h, Highlight& hl) {
  const tconv::Geometry& g = r.geo;
  const auto& m = r.matrix;
  if (h.row < 0 || h.row >= m.rows() || h.col < 0 || h.col >= m.cols()) return;
  // Rows are (c_in, ih, iw), cols (c_out, oh, ow), both row-major.
  hl.input_cells.push_back(cell(h.row / g.w.in % g.h.in, h.row % g.w.in));
  hl.output_cells.push_back(cell(h.col / g.w.out % g.h.out, h.col % g.w.out));
  if (const tconv::Tap* tap = m.tap_at(h.row, h.col))
    hl.kernel_taps.push_back(cell(tap->kh, tap->kw));
  hl.w_row = h.row;
  hl.w_col = h.col;
}

}  // namespace

bool Highlight::empty() const {
  return input_cells.empty() && output_cells.empty() && kernel_taps.empty() && !w_row && !w_col;
}

Highlight highlight_for(const tconv::Records& records, const Hover& hover) {
  Highlight hl;
  if (hover.kind == Hover::Kind::None || records.scatter.size() == 0) return hl;
  try {
    switch (hover.kind) {
      case Hover::Kind::None:
        break;
      case Hover::Kind::Output:
        output_highlight(records, hover, hl);
        break;
      case Hover::Kind::Input:
        input_highlight(records, hover, hl);
        break;
      case Hover::Kind::Kernel:
        kernel_highlight(records, hover, hl);
        break;
      case Hover::Kind::WEntry:
        w_entry_highlight(records, hover, hl);
        break;
    }
  } catch (const std::exception&) {
    hl = Highlight{};  // a hover must never take the frame down
  }
  return hl;
}

}  // namespace studio
