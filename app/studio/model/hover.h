// Hover correspondence: what the mouse is over in one view, and what every
// view lights up for it. The hover is UI state (the app owns it); the
// highlight is a pure function of the records, cached per revision and hover
// by DerivedCache (derived.h).
#pragma once

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "tconv/records.h"

namespace studio {

struct Hover {
  enum class Kind { None, Input, Output, Kernel, WEntry } kind = Kind::None;
  int64_t c = 0;             // channel of the hovered cell (c_in for Input, c_out for Output)
  int64_t h = 0, w = 0;      // cell (input/output/kernel coordinates)
  int64_t row = 0, col = 0;  // W entry (row = input element, col = output element)
  bool operator==(const Hover&) const = default;
};

// What every view should light up for a hover (single plane of the selected
// channels):
//   Output (c_out, oh, ow): the input cells and kernel taps that land on it
//     (input_cells[i] goes with kernel_taps[i]), and W's column.
//   Input (c_in, ih, iw): its footprint's output cells and taps (aligned), W's row.
//   Kernel (kh, kw): every input cell it carries and where (input_cells[i] ->
//     output_cells[i]).
//   WEntry (row, col): that input cell, output cell, and the tap (none when
//     W(row, col) is a structural zero), plus the row and column.
// Out-of-range hovers highlight nothing.
struct Highlight {
  std::vector<std::pair<int, int>> input_cells;   // (ih, iw)
  std::vector<std::pair<int, int>> output_cells;  // (oh, ow)
  std::vector<std::pair<int, int>> kernel_taps;   // (kh, kw), unflipped
  std::optional<int64_t> w_row, w_col;            // of W (Wᵀ: swapped)
  bool empty() const;
};

// The highlight for `hover` over `records` (nothing for an out-of-range
// hover, or while there are no records).
Highlight highlight_for(const tconv::Records& records, const Hover& hover);

}  // namespace studio
