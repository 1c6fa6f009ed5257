// Exercise mode's two windows: the side panel (kind, level, seed, score, the
// answer's fields, Check / Hint / Next, the verdict and hints) and, until the
// reveal, the question tile in place of the views (the question in words,
// and the grids a feeders or matrix answer is clicked on). Both edit only
// the session's answer fields and queue requests; exercise_apply() does the
// rest after the frame.
#pragma once

#include "exercise_session.h"
#include "raster.h"
#include "style.h"

namespace studio {

void DrawExercisePanel(ExerciseSession& s, const Style& style);
void DrawExerciseQuestion(ExerciseSession& s, const Style& style, ui::RasterCache* raster);

}  // namespace studio
