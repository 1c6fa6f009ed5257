// Hover correspondence: links agree with W's non-zeros, and the overlap map
// counts the taps every output cell receives.
#include <gtest/gtest.h>

#include <set>
#include <tuple>

#include "core_testing.h"
#include "tconv/correspondence.h"
#include "tconv/matrix.h"

namespace tconv {
namespace {

// One channel plane of a random case's geometry (channels only add blocks).
Geometry plane_geometry(std::mt19937& rng) {
  const testing::Case c = testing::random_case(rng);
  Geometry g = check_conv_transpose2d(c.input.shape, c.weight.shape, nullptr, c.args);
  g.batch = 1;
  g.in_channels = g.out_channels = g.groups = 1;
  return g;
}

using Key = std::tuple<int, int, int, int, int, int>;  // ih, iw, kh, kw, oh, ow
Key key(const Link& l) {
  return {l.ih, l.iw, l.kh, l.kw, l.oh, l.ow};
}

TEST(Correspondence, LinksAreWsNonZeros) {
  std::mt19937 rng(51);
  for (int i = 0; i < 80; ++i) {
    const Geometry g = plane_geometry(rng);
    Tensor4 w(1, 1, g.h.kernel, g.w.kernel);
    w.setConstant(1.f);
    const MatrixRecord m(w, g);
    std::set<Key> from_w;
    for (int64_t r = 0; r < m.rows(); ++r) {
      for (MatrixRecord::SparseW::InnerIterator it(m.W(), r); it; ++it) {
        const Tap* t = m.tap_at(r, it.col());
        from_w.insert({static_cast<int>(r / g.w.in), static_cast<int>(r % g.w.in), t->kh, t->kw,
                       static_cast<int>(it.col() / g.w.out), static_cast<int>(it.col() % g.w.out)});
      }
    }
    std::set<Key> from_inputs, to_outputs;
    for (int64_t ih = 0; ih < g.h.in; ++ih)
      for (int64_t iw = 0; iw < g.w.in; ++iw)
        for (const Link& l : links_from_input(g, ih, iw)) {
          EXPECT_EQ(l.ih, ih);
          EXPECT_EQ(l.iw, iw);
          from_inputs.insert(key(l));
        }
    for (int64_t oh = 0; oh < g.h.out; ++oh)
      for (int64_t ow = 0; ow < g.w.out; ++ow) {
        const std::vector<Link> links = links_to_output(g, oh, ow);
        for (size_t k = 0; k < links.size(); ++k) {
          EXPECT_EQ(links[k].oh, oh);
          EXPECT_EQ(links[k].ow, ow);
          to_outputs.insert(key(links[k]));
          // Inputs in reading order, for the arithmetic view's sum.
          if (k > 0) {
            EXPECT_LT(std::make_pair(links[k - 1].ih, links[k - 1].iw),
                      std::make_pair(links[k].ih, links[k].iw));
          }
        }
      }
    EXPECT_EQ(from_inputs, from_w);
    EXPECT_EQ(to_outputs, from_w);
  }
}

TEST(Correspondence, OverlapCountsSumToTheTapsThatLand) {
  std::mt19937 rng(52);
  for (int i = 0; i < 80; ++i) {
    const Geometry g = plane_geometry(rng);
    const Eigen::MatrixXi counts = overlap_counts(g);
    ASSERT_EQ(counts.rows(), g.h.out);
    ASSERT_EQ(counts.cols(), g.w.out);
    int64_t cropped = 0;
    for (int64_t ih = 0; ih < g.h.in; ++ih)
      for (int64_t iw = 0; iw < g.w.in; ++iw)
        for (int64_t kh = 0; kh < g.h.kernel; ++kh)
          for (int64_t kw = 0; kw < g.w.kernel; ++kw) {
            const int64_t oh = ih * g.h.stride + kh * g.h.dilation - g.h.padding;
            const int64_t ow = iw * g.w.stride + kw * g.w.dilation - g.w.padding;
            cropped += oh < 0 || oh >= g.h.out || ow < 0 || ow >= g.w.out;
          }
    EXPECT_EQ(counts.sum(), g.h.in * g.w.in * g.h.kernel * g.w.kernel - cropped);
    for (int64_t oh = 0; oh < g.h.out; ++oh)
      for (int64_t ow = 0; ow < g.w.out; ++ow)
        EXPECT_EQ(counts(oh, ow), static_cast<int>(links_to_output(g, oh, ow).size()));
  }
}

TEST(Correspondence, D2lOverlapAndCheckerboard) {
  testing::Case c;
  c.input = Array({1, 1, 2, 2});
  c.weight = Array({1, 1, 2, 2});
  Geometry g = check_conv_transpose2d(c.input.shape, c.weight.shape, nullptr, c.args);
  Eigen::MatrixXi expected(3, 3);
  expected << 1, 2, 1, 2, 4, 2, 1, 2, 1;
  EXPECT_EQ(overlap_counts(g), expected);

  // Kernel 3, stride 2: the checkerboard of Odena et al.: 1 and 2 alternate.
  c.input = Array({1, 1, 4, 4});
  c.weight = Array({1, 1, 3, 3});
  c.args.stride = 2;
  c.args.padding = 1;
  g = check_conv_transpose2d(c.input.shape, c.weight.shape, nullptr, c.args);
  const Eigen::MatrixXi counts = overlap_counts(g);
  ASSERT_EQ(counts.rows(), 7);
  EXPECT_EQ(counts(0, 0), 1);
  EXPECT_EQ(counts(0, 1), 2);
  EXPECT_EQ(counts(1, 1), 4);
  EXPECT_EQ(counts(1, 0), 2);
}

// A tap's footprint is exactly the links carrying that tap, and each lands
// where tap_output_index puts it.
TEST(Correspondence, TapFootprintsAreTheirLinks) {
  std::mt19937 rng(52);
  for (int i = 0; i < 80; ++i) {
    const Geometry g = plane_geometry(rng);
    for (int64_t kh = 0; kh < g.h.kernel; ++kh)
      for (int64_t kw = 0; kw < g.w.kernel; ++kw) {
        std::set<Key> expected, got;
        for (int64_t ih = 0; ih < g.h.in; ++ih)
          for (int64_t iw = 0; iw < g.w.in; ++iw)
            for (const Link& l : links_from_input(g, ih, iw))
              if (l.kh == kh && l.kw == kw) expected.insert(key(l));
        const std::vector<Link> links = links_of_tap(g, kh, kw);
        for (size_t k = 0; k < links.size(); ++k) {
          const Link& l = links[k];
          EXPECT_EQ(l.oh, tap_output_index(g.h, l.ih, kh));
          EXPECT_EQ(l.ow, tap_output_index(g.w, l.iw, kw));
          got.insert(key(l));
          if (k > 0) {  // inputs in reading order
            const Link& p = links[k - 1];
            EXPECT_TRUE(p.ih < l.ih || (p.ih == l.ih && p.iw < l.iw));
          }
        }
        EXPECT_EQ(got, expected);
        EXPECT_EQ(got.size(), links.size());
      }
  }
}

TEST(Correspondence, TapOutputIndexIsTheScatterPlacement) {
  // Stride 2, padding 1, a 3-row input and kernel 3 at dilation 2:
  // input 1's tap 2 lands at 1·2 + 2·2 − 1 = 5; input 0's tap 0 is cropped.
  const Axis a = make_axis(3, 3, 2, 1, 0, 2);
  EXPECT_EQ(tap_output_index(a, 1, 2), 5);
  EXPECT_EQ(tap_output_index(a, 0, 0), -1);
}

TEST(Correspondence, OutOfRangeCellsHaveNoLinks) {
  testing::Case c;
  c.input = Array({1, 1, 2, 2});
  c.weight = Array({1, 1, 2, 2});
  const Geometry g = check_conv_transpose2d(c.input.shape, c.weight.shape, nullptr, c.args);
  EXPECT_TRUE(links_to_output(g, 3, 0).empty());
  EXPECT_TRUE(links_to_output(g, -1, 0).empty());
  EXPECT_TRUE(links_from_input(g, 0, 2).empty());
  EXPECT_EQ(links_from_input(g, 1, 1).size(), 4u);
  EXPECT_TRUE(links_of_tap(g, 2, 0).empty());
  EXPECT_EQ(links_of_tap(g, 1, 1).size(), 4u);
}

}  // namespace
}  // namespace tconv
