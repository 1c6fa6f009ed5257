// Values derived from the model's records that views read every frame but
// that cost too much to compute every frame: the scatter step's planes, the
// flip view's comparison, the matrix view's extents, the overlap view's
// summary and the hover's highlight. One cache, owned by the app; each entry
// is keyed by the model and its revision plus whatever else it depends on
// (step, selection, hover), so nothing is ever stale and no view keeps state
// of its own for it. No GL, no ImGui.
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <vector>

#include "hover.h"
#include "model.h"

namespace studio {

// The two routes of the flip view: the scatter record's output, and the
// largest |scatter − direct| (INFINITY when the shapes differ).
struct FlipComparison {
  tconv::Tensor4 scatter;
  float max_diff = 0.f;
};

// Largest |W|, |vec(x)| and |vec(y)| of the selected batch element: fixed
// colour scales for the matrix view.
struct MatrixExtents {
  float w = 0.f, x = 0.f, y = 0.f;
};

// The seed's other direction (d2l, "Connection to Matrix Transposition"):
// the convolution W is the matrix of. X = arange over one output sample's
// (C_out, Ho, Wo), as d2l's X = torch.arange(9.0).reshape(3, 3), and
// Y = W·vec(X), the direct convolution by the same kernel (core's
// MatrixRecord::apply), of the input's shape (C_in, H, W). kernel2matrix's
// input is that Y, so its Wᵀ·vec(Y) closes d2l's round trip.
struct ConvDirection {
  std::vector<float> x;            // vec(X), W.cols() long
  std::vector<float> y;            // vec(Y) = W·vec(X), W.rows() long
  float x_max = 0.f, y_max = 0.f;  // colour scales
  bool y_is_input = false;         // Y equals the selected batch element's input x
};

// The largest tap count of the overlap map and the counts that occur
// (ascending).
struct OverlapSummary {
  int max_count = 0;
  std::vector<int> present;
};

class DerivedCache {
 public:
  // Step t's intermediate tensor and the running sum of steps 0..t, for the
  // selected batch element and output channel (canvas-sized; empty without
  // records). Moving to another step costs O(kH·kW) per step moved, not a
  // canvas, so the animation never rebuilds a plane.
  const Eigen::MatrixXf& intermediate(const Model& m, int64_t t);
  const Eigen::MatrixXf& running_sum(const Model& m, int64_t t);
  const FlipComparison& flip(const Model& m);
  const MatrixExtents& matrix_extents(const Model& m);
  const ConvDirection& conv_direction(const Model& m);
  const OverlapSummary& overlap(const Model& m);
  const Highlight& highlight(const Model& m, const Hover& hover);

 private:
  struct Key {
    const Model* model = nullptr;
    uint64_t revision = ~0ull;
    bool operator==(const Key&) const = default;
  };
  static Key key_of(const Model& m) { return {&m, m.revision()}; }
  struct Plane {
    Key key;
    int64_t step = -1, n = -1, c = -1;
    Eigen::MatrixXf plane;
    Eigen::MatrixXd exact;  // running sum before rounding, so steps do not drift
    bool same_plane(const Model& m) const {
      return key == key_of(m) && n == m.sel_batch() && c == m.sel_out_channel();
    }
  };
  void step_sum(const Model& m, int64_t from, int64_t to);

  Plane inter_, sum_;
  Key flip_key_, extents_key_, overlap_key_, highlight_key_, conv_key_;
  int64_t conv_batch_ = -1;
  ConvDirection conv_;
  FlipComparison flip_;
  int64_t extents_batch_ = -1;
  MatrixExtents extents_;
  OverlapSummary overlap_;
  Hover hover_;
  Highlight highlight_;
};

}  // namespace studio
