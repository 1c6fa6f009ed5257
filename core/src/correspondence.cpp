// Input element ↔ kernel tap ↔ output cell, one channel plane. Both axes are
// independent, so each link is a pair of per-axis hits.
#include "tconv/correspondence.h"

namespace tconv {

int64_t tap_output_index(const Axis& a, int64_t i, int64_t k) {
  return i * a.stride + k * a.dilation - a.padding;
}

namespace {

struct Hit {
  int64_t i, k, o;  // input index, tap, output index on one axis
};

// Every (input, tap) of one axis that lands on output index o.
std::vector<Hit> hits_to(const Axis& a, int64_t o) {
  std::vector<Hit> out;
  if (o < 0 || o >= a.out) return out;
  // Taps in descending order give inputs in ascending (reading) order.
  for (int64_t k = a.kernel - 1; k >= 0; --k) {
    const int64_t d = o + a.padding - k * a.dilation;
    if (d >= 0 && d % a.stride == 0 && d / a.stride < a.in) out.push_back({d / a.stride, k, o});
  }
  return out;
}

// Every tap of input index i on one axis that lands inside the output.
std::vector<Hit> hits_from(const Axis& a, int64_t i) {
  std::vector<Hit> out;
  if (i < 0 || i >= a.in) return out;
  for (int64_t k = 0; k < a.kernel; ++k) {
    const int64_t o = tap_output_index(a, i, k);
    if (o >= 0 && o < a.out) out.push_back({i, k, o});
  }
  return out;
}

// Every input index whose tap k lands inside the output on one axis.
std::vector<Hit> hits_of_tap(const Axis& a, int64_t k) {
  std::vector<Hit> out;
  if (k < 0 || k >= a.kernel) return out;
  for (int64_t i = 0; i < a.in; ++i) {
    const int64_t o = tap_output_index(a, i, k);
    if (o >= 0 && o < a.out) out.push_back({i, k, o});
  }
  return out;
}

std::vector<Link> cross(const std::vector<Hit>& hs, const std::vector<Hit>& ws) {
  std::vector<Link> links;
  links.reserve(hs.size() * ws.size());
  for (const Hit& h : hs) {
    for (const Hit& w : ws) {
      links.push_back(Link{static_cast<int32_t>(h.i), static_cast<int32_t>(w.i),
                           static_cast<int32_t>(h.k), static_cast<int32_t>(w.k),
                           static_cast<int32_t>(h.o), static_cast<int32_t>(w.o)});
    }
  }
  return links;
}

}  // namespace

std::vector<Link> links_to_output(const Geometry& geo, int64_t oh, int64_t ow) {
  return cross(hits_to(geo.h, oh), hits_to(geo.w, ow));
}

std::vector<Link> links_from_input(const Geometry& geo, int64_t ih, int64_t iw) {
  return cross(hits_from(geo.h, ih), hits_from(geo.w, iw));
}

std::vector<Link> links_of_tap(const Geometry& geo, int64_t kh, int64_t kw) {
  return cross(hits_of_tap(geo.h, kh), hits_of_tap(geo.w, kw));
}

Eigen::MatrixXi overlap_counts(const Geometry& geo) {
  auto counts = [](const Axis& a) {
    Eigen::VectorXi c = Eigen::VectorXi::Zero(a.out);
    for (int64_t i = 0; i < a.in; ++i)
      for (const Hit& h : hits_from(a, i)) ++c(h.o);
    return c;
  };
  // A cell's tap count is the product of its row's and column's counts.
  return counts(geo.h) * counts(geo.w).transpose();
}

}  // namespace tconv
