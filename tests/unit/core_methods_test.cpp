// The four methods agree with each other (and with d2l's worked examples) on
// everything F.conv_transpose2d accepts.
#include <gtest/gtest.h>

#include "core_testing.h"
#include "tconv/conv.h"
#include "tconv/errors.h"

namespace tconv {
namespace {

using testing::kRelTol;
using testing::max_rel_diff;

constexpr Method kMethods[] = {Method::Scatter, Method::Matrix, Method::Flip, Method::Gemm};

Array run(const Array& x, const Array& w, const ConvTranspose2dArgs& args, Method m,
          const Array* bias = nullptr, int threads = 0) {
  return conv_transpose2d(x, w, bias, args, ComputeOptions{m, threads});
}

TEST(Methods, NamesRoundTrip) {
  for (Method m : kMethods) EXPECT_EQ(parse_method(method_name(m)), m);
  EXPECT_EQ(method_name(Method::Gemm), "gemm");
  EXPECT_FALSE(parse_method("Gemm").has_value());
  EXPECT_FALSE(parse_method("").has_value());
  EXPECT_EQ(ComputeOptions{}.method, Method::Gemm);
}

// d2l 14.10's examples, as 1×1×H×W tensors, by every method.
struct Worked {
  const char* name;
  Shape x_shape;
  std::vector<float> x;
  Shape k_shape;
  std::vector<float> k;
  ConvTranspose2dArgs args;
  Shape y_shape;
  std::vector<float> y;
};

std::vector<Worked> worked_examples() {
  ConvTranspose2dArgs basic, pad1, stride2, stride4;
  pad1.padding = 1;
  stride2.stride = 2;
  stride4.stride = 4;
  return {
      {"basic",
       {1, 1, 2, 2},
       {0, 1, 2, 3},
       {1, 1, 2, 2},
       {0, 1, 2, 3},
       basic,
       {1, 1, 3, 3},
       {0, 0, 1, 0, 4, 6, 4, 12, 9}},
      {"padding1", {1, 1, 2, 2}, {0, 1, 2, 3}, {1, 1, 2, 2}, {0, 1, 2, 3}, pad1, {1, 1, 1, 1}, {4}},
      {"stride2",
       {1, 1, 2, 2},
       {0, 1, 2, 3},
       {1, 1, 2, 2},
       {0, 1, 2, 3},
       stride2,
       {1, 1, 4, 4},
       {0, 0, 0, 1, 0, 0, 2, 3, 0, 2, 0, 3, 4, 6, 6, 9}},
      {"stride4",
       {1, 1, 2, 2},
       {1, 2, 3, 4},
       {1, 1, 2, 2},
       {1, 2, 0, 1},
       stride4,
       {1, 1, 6, 6},
       {1, 2, 0, 0, 2, 4, 0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 3, 6, 0, 0, 4, 8, 0, 3, 0, 0, 0, 4}},
  };
}

TEST(Methods, D2lWorkedExamples) {
  for (const Worked& e : worked_examples()) {
    for (Method m : kMethods) {
      SCOPED_TRACE(std::string(e.name) + " by " + std::string(method_name(m)));
      const Array y = run(Array(e.x_shape, e.x), Array(e.k_shape, e.k), e.args, m);
      EXPECT_EQ(y.shape, e.y_shape);
      EXPECT_EQ(y.data, e.y);
    }
  }
}

TEST(Methods, UnbatchedInputGivesUnbatchedOutput) {
  std::mt19937 rng(7);
  const Array x = testing::random_array({2, 3, 4}, rng);
  const Array w = testing::random_array({2, 5, 3, 2}, rng);
  Array xb = x;
  xb.shape.insert(xb.shape.begin(), 1);
  ConvTranspose2dArgs args;
  args.stride = Pair(2, 1);
  for (Method m : kMethods) {
    const Array y = run(x, w, args, m), yb = run(xb, w, args, m);
    EXPECT_EQ(y.shape, (Shape{5, 7, 5}));  // (3-1)·2 + 3, (4-1)·1 + 2
    EXPECT_EQ(y.data, yb.data);
  }
}

// The sweep: random valid cases, every method against the double-precision
// scatter reference, gemm with 1, 2 and 3 threads.
TEST(Methods, AllFourAgreeOnRandomValidCases) {
  constexpr int kCases = 400;
  std::mt19937 rng(20240517);
  double worst = 0.0;
  int grouped = 0, unbatched = 0, with_bias = 0, op_past_stride = 0, by_output_size = 0;
  for (int i = 0; i < kCases; ++i) {
    const testing::Case c = testing::random_case(rng);
    SCOPED_TRACE("case " + std::to_string(i) + ": " + c.describe());
    const Array ref = run(c.input, c.weight, c.args, Method::Scatter, c.bias_ptr());
    for (Method m : {Method::Matrix, Method::Flip}) {
      const Array y = run(c.input, c.weight, c.args, m, c.bias_ptr());
      ASSERT_EQ(y.shape, ref.shape) << method_name(m);
      const double d = max_rel_diff(y.data, ref.data);
      EXPECT_LE(d, kRelTol) << method_name(m);
      worst = std::max(worst, d);
    }
    for (int threads : {1, 2, 3}) {
      const Array y = run(c.input, c.weight, c.args, Method::Gemm, c.bias_ptr(), threads);
      ASSERT_EQ(y.shape, ref.shape);
      const double d = max_rel_diff(y.data, ref.data);
      EXPECT_LE(d, kRelTol) << "gemm, threads " << threads;
      worst = std::max(worst, d);
    }
    grouped += c.args.groups > 1;
    unbatched += c.input.dim() == 3;
    with_bias += c.bias.has_value();
    by_output_size += c.args.output_size.has_value();
    op_past_stride +=
        c.args.output_padding.h >= c.args.stride.h || c.args.output_padding.w >= c.args.stride.w;
  }
  // The sweep must actually cover what it claims to.
  EXPECT_GT(grouped, kCases / 4);
  EXPECT_GT(unbatched, kCases / 10);
  EXPECT_GT(with_bias, kCases / 4);
  EXPECT_GT(by_output_size, kCases / 20);
  EXPECT_GT(op_past_stride, kCases / 20);
  RecordProperty("max_rel_diff", std::to_string(worst));
  std::printf("sweep: %d cases, max relative difference %.3g\n", kCases, worst);
}

// Larger layers stress the gemm path's batching and channel chunking.
TEST(Methods, GemmAgreesOnLargerLayers) {
  struct Layer {
    Shape x, w;
    ConvTranspose2dArgs args;
  };
  ConvTranspose2dArgs s2p1;
  s2p1.stride = 2;
  s2p1.padding = 1;
  ConvTranspose2dArgs grouped;
  grouped.groups = 4;
  grouped.stride = Pair(2, 3);
  grouped.dilation = Pair(1, 2);
  grouped.output_padding = Pair(1, 0);
  const Layer layers[] = {
      {{5, 24, 6, 6}, {24, 16, 4, 4}, s2p1},
      {{1, 40, 9, 7}, {40, 33, 4, 4}, s2p1},
      {{3, 100, 1, 1}, {100, 20, 4, 4}, ConvTranspose2dArgs{}},
      {{2, 16, 11, 5}, {16, 3, 3, 2}, grouped},
  };
  std::mt19937 rng(11);
  for (const Layer& l : layers) {
    SCOPED_TRACE(format_shape(l.x) + " " + format_shape(l.w));
    const Array x = testing::random_array(l.x, rng), w = testing::random_array(l.w, rng);
    const Array b = testing::random_array({l.w[1] * l.args.groups}, rng);
    const Array ref = run(x, w, l.args, Method::Scatter, &b);
    for (int threads : {1, 2, 4, 0}) {
      EXPECT_LE(max_rel_diff(run(x, w, l.args, Method::Gemm, &b, threads).data, ref.data), kRelTol);
    }
  }
}

TEST(Methods, EmptyBatchGivesAnEmptyOutputOfPyTorchsShape) {
  // PyTorch checks an empty batch's geometry only loosely (dilation 0,
  // output_padding past stride); every method must still just return.
  ConvTranspose2dArgs dil0, op5;
  dil0.stride = 2;
  dil0.dilation = 0;
  op5.stride = 2;
  op5.output_padding = 5;
  const Array x({0, 2, 3, 3}), w({2, 3, 2, 2}, std::vector<float>(24, 1.f));
  for (Method m : kMethods) {
    SCOPED_TRACE(std::string(method_name(m)));
    const Array a = run(x, w, dil0, m), b = run(x, w, op5, m);
    EXPECT_EQ(a.shape, (Shape{0, 3, 5, 5}));
    EXPECT_EQ(b.shape, (Shape{0, 3, 11, 11}));
    EXPECT_TRUE(a.data.empty());
    EXPECT_TRUE(b.data.empty());
  }
}

TEST(Methods, EveryMethodRejectsWhatPyTorchRejects) {
  const Array x({1, 2, 3, 3}), w({3, 1, 2, 2});  // in_channels mismatch
  for (Method m : kMethods) EXPECT_THROW(run(x, w, {}, m), ArgumentError);
  const Array x2({2, 3}), w2({2, 1, 2, 2});  // 2-D input
  for (Method m : kMethods) EXPECT_THROW(run(x2, w2, {}, m), ArgumentError);
}

TEST(Methods, DataNotMatchingShapeIsAnArgumentError) {
  Array x({1, 1, 2, 2}), w({1, 1, 2, 2});
  x.data.pop_back();
  EXPECT_THROW(run(x, w, {}, Method::Gemm), ArgumentError);
  Array b({1});
  b.data.clear();
  EXPECT_THROW(run(Array({1, 1, 2, 2}), w, {}, Method::Gemm, &b), ArgumentError);
}

}  // namespace
}  // namespace tconv
