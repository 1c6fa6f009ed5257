// What one step of the timeline is, per view, and how a position in one unit
// maps to another. No records: the model (model.h) counts with these, the
// shell picks the unit of the view on screen, and exports count in the unit
// of the view they draw.
//
// Numbering: the model indexes steps from 0 (Timeline::step, sessions and
// presets' "step"); people count them from 1: captions, the timeline bar,
// --step/--from/--to, "Save PNG of step N" and file names all say
// step_number(index).
#pragma once

#include <cstdint>

#include "params.h"

namespace studio {

// Scatter, matrix and overlap step by input element (a row of W: d2l's
// picture adds one input element's copy of K per step); arithmetic by output
// cell (a column of W, a row of Wᵀ: conv_arithmetic's GIFs compute one
// output cell per frame); flip and shape show the whole result and have no
// steps. `all` tiles several views and counts input elements.
enum class StepUnit { InputElement, OutputCell, None };

StepUnit step_unit(ViewId v);
// The unit the timeline counts in while `v` is shown: its own, or input
// elements for a view without steps (so the position survives a visit).
StepUnit counting_unit(ViewId v);
// "input element" / "output cell" / "" (None); plural adds the s.
const char* step_unit_name(StepUnit u, bool plural = false);

// How many steps `p` has in unit `u`: C_in·H·W input elements of one batch
// element; Ho·Wo output cells of one output channel; 1 for None. Needs no
// records (sessions check a saved step with it before anything is built);
// 0 when p is not a valid combination.
int64_t step_count(const Params& p, StepUnit u);

// Position t of `from` steps, mapped onto `to` steps: first to first, last
// to last, floor-linear in between (t·(to−1) / (from−1)); t is clamped.
int64_t map_step(int64_t t, int64_t from, int64_t to);
// The first t of `from` whose map_step reaches `target` of `to`: where a
// click on a cell counted in `to` moves a timeline counted in `from`.
int64_t first_step_reaching(int64_t target, int64_t to, int64_t from);

constexpr int64_t step_number(int64_t index) {
  return index + 1;
}

}  // namespace studio
