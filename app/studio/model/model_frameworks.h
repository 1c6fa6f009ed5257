// What the Frameworks view draws, built by the model with its records (never
// in a draw call): core's FrameworksRecord (the full output, every
// framework's window on it, each framework's code) and, from it, one row per
// window with its verdict against PyTorch's, in words a student reads. No
// GL, no ImGui: unit-tested headless.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "tconv/frameworks_translate.h"

namespace studio {

// One window on the full output: PyTorch's own (the first row), then each
// framework's padding mode (core's classic_cases, in its order).
struct FrameworkRow {
  tconv::Convention convention = tconv::Convention::PyTorch;
  std::string label;  // "PyTorch", "TensorFlow SAME", "ONNX output_shape"
  std::string call;   // the call with the framework's names
  tconv::Relation relation = tconv::Relation::Same;  // against PyTorch's window
  std::string refusal;                               // the framework's message when refused
  tconv::AxisWindow h, w;                            // on the full output
  int64_t shift_h = 0, shift_w = 0;  // this window's start minus PyTorch's (rows, cols)
  std::string rows, cols;            // "1–8": the full output's rows/cols it keeps
  // "identical: the same window", "same shape, window 1 row up, 1 col left:
  // y[i, j] = PyTorch's y[i−1, j−1]", "other shape: 9 × 9", "refused".
  std::string verdict;
  std::string short_verdict;  // for narrow tables: "identical", "shifted: PyTorch's y[i−1, j−1]"
  bool outside = false;       // reaches past the full output (zeros there)
};

struct FrameworksData {
  tconv::FrameworksRecord record;  // empty full output when `error` is set
  std::string error;               // why the record could not be built
  std::vector<FrameworkRow> rows;  // PyTorch's first
  // Rows/cols of the full output's coordinates the grid spans: the full
  // output and every window, [begin, end).
  int64_t row_begin = 0, row_end = 0, col_begin = 0, col_end = 0;
  int64_t full_h = 0, full_w = 0;
  // The trap in one sentence ("TensorFlow SAME, ... keep the same 8 × 8
  // shape as PyTorch, shifted"), or that no padding mode shifts it.
  std::string headline;
  bool trap = false;          // some framework's mode gives the same shape, shifted
  int default_selection = 0;  // the row to compare with first: the first shifted one
};

// The record for `p` (validated as PyTorch does) and its rows; a failure
// (an exception from core, memory) goes to `error`, never out.
FrameworksData build_frameworks_data(const tconv::Problem& p);

// "1–8" (an en dash), "-1–7"; "none" when the window is empty.
std::string window_text(const tconv::AxisWindow& w);
// The verdict for a window against PyTorch's (see FrameworkRow::verdict).
std::string verdict_text(tconv::Relation relation, const tconv::AxisWindow& h,
                         const tconv::AxisWindow& w, const tconv::AxisWindow& ref_h,
                         const tconv::AxisWindow& ref_w);
std::string short_verdict_text(tconv::Relation relation, const tconv::AxisWindow& h,
                               const tconv::AxisWindow& w, const tconv::AxisWindow& ref_h,
                               const tconv::AxisWindow& ref_w);

}  // namespace studio
