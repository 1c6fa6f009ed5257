// F.conv2d, direct: d2l's corr2d, 'same' and 'valid', and the round trip
// with conv_transpose2d.
#include <gtest/gtest.h>

#include "core_testing.h"
#include "tconv/conv.h"

namespace tconv {
namespace {

// The definition, loop by loop, for random cases.
Array naive_conv2d(const Array& x, const Array& w, const Array* b, const Conv2dGeometry& g) {
  Array y({g.batch, g.out_channels, g.out_h, g.out_w});
  const int64_t cin_g = g.in_channels / g.groups, cout_g = g.out_channels / g.groups;
  size_t i = 0;
  for (int64_t n = 0; n < g.batch; ++n)
    for (int64_t co = 0; co < g.out_channels; ++co)
      for (int64_t oh = 0; oh < g.out_h; ++oh)
        for (int64_t ow = 0; ow < g.out_w; ++ow, ++i) {
          double acc = b ? b->data[co] : 0.0;
          for (int64_t cl = 0; cl < cin_g; ++cl)
            for (int64_t kh = 0; kh < g.k_h; ++kh)
              for (int64_t kw = 0; kw < g.k_w; ++kw) {
                const int64_t ih = oh * g.stride.h - g.pad_top + kh * g.dilation.h;
                const int64_t iw = ow * g.stride.w - g.pad_left + kw * g.dilation.w;
                if (ih < 0 || ih >= g.in_h || iw < 0 || iw >= g.in_w) continue;
                const int64_t ci = (co / cout_g) * cin_g + cl;
                acc += static_cast<double>(
                           x.data[((n * g.in_channels + ci) * g.in_h + ih) * g.in_w + iw]) *
                       w.data[((co * cin_g + cl) * g.k_h + kh) * g.k_w + kw];
              }
          y.data[i] = static_cast<float>(acc);
        }
  return y;
}

TEST(Conv2d, D2lCorr2d) {
  const Array y = conv2d(testing::arange({1, 1, 3, 3}), Array({1, 1, 2, 2}, {1, 2, 3, 4}), nullptr,
                         Conv2dArgs{});
  EXPECT_EQ(y.shape, (Shape{1, 1, 2, 2}));
  EXPECT_EQ(y.data, (std::vector<float>{27, 37, 57, 67}));
}

TEST(Conv2d, SamePutsTheExtraPaddingBottomRight) {
  Conv2dArgs same;
  same.padding_mode = PaddingMode::Same;
  const Array ones = Array({1, 1, 4, 4}, std::vector<float>(16, 1.f));
  const Array y = conv2d(ones, Array({1, 1, 2, 2}, {1, 1, 1, 1}), nullptr, same);
  EXPECT_EQ(y.shape, (Shape{1, 1, 4, 4}));
  EXPECT_EQ(y.data, (std::vector<float>{4, 4, 4, 2, 4, 4, 4, 2, 4, 4, 4, 2, 2, 2, 2, 1}));

  // Even kernel with dilation (torch 1.13's values).
  same.dilation = Pair(1, 2);
  const Array z = conv2d(testing::arange({1, 1, 4, 4}),
                         Array({1, 1, 2, 3}, std::vector<float>(6, 1.f)), nullptr, same);
  EXPECT_EQ(z.data,
            (std::vector<float>{12, 16, 12, 16, 28, 32, 28, 32, 44, 48, 44, 48, 26, 28, 26, 28}));
}

TEST(Conv2d, ValidIsNoPadding) {
  Conv2dArgs valid;
  valid.padding_mode = PaddingMode::Valid;
  const Array y = conv2d(testing::arange({2, 4, 4}),
                         Array({1, 2, 3, 3}, std::vector<float>(18, 1.f)), nullptr, valid);
  EXPECT_EQ(y.shape, (Shape{1, 2, 2}));  // unbatched in, unbatched out
  // Sum of a 3×3 window over both channels: channel 1 adds 16 per cell.
  EXPECT_EQ(y.data, (std::vector<float>{45 + 9 * 16 + 45, 54 + 9 * 16 + 54, 81 + 9 * 16 + 81,
                                        90 + 9 * 16 + 90}));
}

TEST(Conv2d, MatchesTheDefinitionOnRandomCases) {
  std::mt19937 rng(41);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  int done = 0;
  while (done < 150) {
    const int groups = pick(1, 3);
    Conv2dArgs a;
    a.groups = groups;
    a.stride = Pair(pick(1, 3), pick(1, 3));
    a.dilation = Pair(pick(1, 2), pick(1, 3));
    const int mode = pick(0, 2);
    a.padding_mode = mode == 0   ? PaddingMode::Explicit
                     : mode == 1 ? PaddingMode::Same
                                 : PaddingMode::Valid;
    if (a.padding_mode == PaddingMode::Same) a.stride = Pair(1);  // PyTorch's rule
    a.padding = Pair(pick(0, 2), pick(0, 2));
    const Array x =
        testing::random_array({pick(1, 2), groups * pick(1, 3), pick(1, 8), pick(1, 8)}, rng);
    const Array w = testing::random_array(
        {groups * pick(1, 3), x.shape[1] / groups, pick(1, 4), pick(1, 4)}, rng);
    const Array b = testing::random_array({w.shape[0]}, rng);
    Conv2dGeometry g;
    try {
      g = check_conv2d(x.shape, w.shape, &b.shape, a);
    } catch (const ArgumentError&) {
      continue;  // e.g. kernel larger than the padded input
    }
    ++done;
    const Array y = conv2d(x, w, &b, a);
    EXPECT_EQ(y.shape, g.output_shape());
    EXPECT_LE(testing::max_rel_diff(y.data, naive_conv2d(x, w, &b, g).data), testing::kRelTol);
  }
}

TEST(Conv2d, RoundTripWithConvTranspose2d) {
  // Conv 10 -> 20 channels, k5, p2, s3 on 16×16 gives 6×6; the transposed
  // conv with the same weight, stride and padding gives 16×16 back, and the
  // two are adjoint: <conv(x), y> = <x, conv_transpose(y)>.
  std::mt19937 rng(42);
  const Array x = testing::random_array({1, 10, 16, 16}, rng);
  const Array w = testing::random_array({20, 10, 5, 5}, rng);
  Conv2dArgs ca;
  ca.stride = 3;
  ca.padding = 2;
  const Array y = conv2d(x, w, nullptr, ca);
  ASSERT_EQ(y.shape, (Shape{1, 20, 6, 6}));
  ConvTranspose2dArgs ta;
  ta.stride = 3;
  ta.padding = 2;
  const Array r = testing::random_array(y.shape, rng);
  const Array back = conv_transpose2d(r, w, nullptr, ta);
  ASSERT_EQ(back.shape, (Shape{1, 10, 16, 16}));
  double lhs = 0, rhs = 0, scale = 0;
  for (size_t i = 0; i < y.data.size(); ++i) {
    lhs += static_cast<double>(y.data[i]) * r.data[i];
    scale += std::abs(static_cast<double>(y.data[i]) * r.data[i]);
  }
  for (size_t i = 0; i < x.data.size(); ++i) rhs += static_cast<double>(x.data[i]) * back.data[i];
  EXPECT_NEAR(lhs, rhs, 1e-5 * scale);
}

TEST(Conv2d, EmptyBatchOrChannels) {
  EXPECT_EQ(conv2d(Array({0, 2, 3, 3}), Array({4, 2, 2, 2}), nullptr, {}).shape,
            (Shape{0, 4, 2, 2}));
  EXPECT_EQ(conv2d(Array({2, 0, 3, 3}), Array({4, 0, 2, 2}), nullptr, {}).shape,
            (Shape{2, 0, 2, 2}));
}

}  // namespace
}  // namespace tconv
