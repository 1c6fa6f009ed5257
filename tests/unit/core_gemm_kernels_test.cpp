// The gemm method's two kernels (GEMM + col2im, direct) each match the
// scatter reference, whichever one the cost rule would pick (the random sweep
// alone has only narrow groups, which Auto always sends to the direct kernel),
// on every instruction set: each test runs once per path, skipped where this
// CPU lacks it.
#include <gtest/gtest.h>

#include "core_testing.h"
#include "kernels/kernels.h"
#include "tconv/conv.h"
#include "tconv/errors.h"
#include "tconv/isa.h"

namespace tconv {
namespace {

using testing::kRelTol;
using testing::max_rel_diff;
using testing::values;

using testing::build;
using testing::Built;

}  // namespace

// gtest prints a parameter by this (found by ADL): test names end in the path's name.
void PrintTo(Isa isa, std::ostream* os) {
  *os << isa_name(isa);
}

namespace {

const char* kernel_name(GemmKernel k) {
  return k == GemmKernel::Gemm ? "gemm" : k == GemmKernel::Direct ? "direct" : "winograd";
}

// Every kernel (Winograd falls back to the GEMM where it does not fit).
void expect_both_kernels_match(const testing::Case& c, Isa isa) {
  const Built b = build(c);
  const Tensor4 ref = conv_transpose2d_scatter(b.x, b.w, b.bias(), b.geo);
  for (GemmKernel k : {GemmKernel::Gemm, GemmKernel::Direct, GemmKernel::Winograd}) {
    for (int threads : {1, 2, 3}) {
      const Tensor4 y = conv_transpose2d_gemm(b.x, b.w, b.bias(), b.geo, threads, k, isa);
      ASSERT_EQ(y.dimensions(), ref.dimensions());
      EXPECT_LE(max_rel_diff(values(y), values(ref)), kRelTol)
          << kernel_name(k) << " kernel, threads " << threads << ", " << isa_name(isa);
    }
  }
}

// Each test below runs on every x86-64 path (and the wasm baseline).
class GemmKernels : public ::testing::TestWithParam<Isa> {
 protected:
  void SetUp() override {
    if (!isa_supported(GetParam()))
      GTEST_SKIP() << unsupported_isa_message("isa", isa_name(GetParam()));
  }
};

TEST_P(GemmKernels, BothMatchScatterOnRandomValidCases) {
  std::mt19937 rng(5);
  for (int i = 0; i < 300; ++i) {
    const testing::Case c = testing::random_case(rng);
    SCOPED_TRACE("case " + std::to_string(i) + ": " + c.describe());
    expect_both_kernels_match(c, GetParam());
  }
}

// Geometry the kernels treat specially: taps cropped away entirely, rows and
// columns no tap reaches, strides above 2 (generic interleave), wide groups,
// images big enough for row blocks (GEMM) and tiles (direct).
TEST_P(GemmKernels, BothMatchScatterOnEdgeGeometry) {
  struct Layer {
    const char* what;
    Shape x, w;
    Pair stride, padding, output_padding, dilation;
    int64_t groups;
  };
  const Layer layers[] = {
      {"only the centre tap lands", {2, 3, 1, 1}, {3, 2, 5, 5}, 1, 2, 0, 1, 1},
      {"outer taps cropped", {1, 4, 3, 3}, {4, 3, 5, 5}, 1, 3, 0, 1, 1},
      {"stride past the kernel", {2, 2, 3, 4}, {2, 3, 2, 2}, 3, 0, 2, 1, 1},
      {"stride 4, 3 per axis", {1, 2, 4, 5}, {2, 2, 3, 3}, Pair(4, 3), 1, Pair(3, 1), 1, 1},
      {"dilation over stride", {2, 4, 5, 5}, {4, 2, 3, 3}, 2, 1, 1, 2, 2},
      {"output padding past stride", {1, 2, 3, 3}, {2, 2, 2, 2}, 1, 0, 2, 3, 1},
      // Strides past the output: one column per phase, the rest empty (the
      // phases are capped at the output size, not the stride).
      {"stride past the output", {1, 3, 1, 2}, {3, 2, 3, 2}, Pair(1000000, 5), 0, 0, Pair(2, 1), 1},
      {"stride past the output, deep", {1, 40, 3, 1}, {40, 2, 3, 3}, Pair(2, 7), 1, 0, 1, 1},
      {"deep groups (GEMM's side)", {3, 96, 5, 6}, {96, 20, 4, 4}, 2, 1, 0, 1, 2},
      {"deep, stride 1", {2, 40, 7, 7}, {40, 9, 3, 3}, 1, 1, 0, 1, 1},
      {"many small groups", {2, 64, 6, 6}, {64, 3, 3, 3}, 2, 1, 1, 2, 16},
      {"1x1 kernel", {2, 34, 4, 3}, {34, 5, 1, 1}, 2, 0, 1, 1, 1},
      // Over 4096 input pixels: the GEMM kernel works in blocks of input rows.
      {"big image, row blocks",
       {1, 33, 72, 65},
       {33, 3, 4, 3},
       Pair(2, 1),
       1,
       Pair(1, 0),
       Pair(1, 2),
       1},
      {"big image, stride 3", {2, 4, 80, 60}, {4, 2, 5, 5}, 3, 2, 2, 1, 2},
      // Kernel = 2 · stride, dilation 1: the Winograd kernel's layers.
      {"winograd: odd sizes", {2, 40, 5, 7}, {40, 6, 4, 4}, 2, 1, 0, 1, 1},
      {"winograd: output padding", {1, 33, 6, 5}, {33, 4, 4, 4}, 2, 3, 1, 1, 1},
      {"winograd: padding 2, 3x3 input", {1, 32, 3, 3}, {32, 2, 4, 4}, 2, 2, 1, 1, 1},
      {"winograd: k2 s1, groups", {2, 64, 5, 6}, {64, 5, 2, 2}, 1, 0, 0, 1, 2},
      {"winograd: k6 s3 by k4 s2",
       {1, 36, 4, 5},
       {36, 3, 6, 4},
       Pair(3, 2),
       Pair(2, 1),
       Pair(1, 0),
       1,
       1},
      {"winograd: many tiles", {3, 32, 23, 21}, {32, 3, 4, 4}, 2, 1, 1, 1, 1},
  };
  std::mt19937 rng(6);
  for (const Layer& l : layers) {
    SCOPED_TRACE(l.what);
    testing::Case c;
    c.input = testing::random_array(l.x, rng);
    c.weight = testing::random_array(l.w, rng);
    c.bias = testing::random_array({l.w[1] * l.groups}, rng);
    c.args.stride = l.stride;
    c.args.padding = l.padding;
    c.args.output_padding = l.output_padding;
    c.args.dilation = l.dilation;
    c.args.groups = l.groups;
    ASSERT_FALSE(validate_conv_transpose2d(c.input.shape, c.weight.shape, &c.bias->shape, c.args))
        << *validate_conv_transpose2d(c.input.shape, c.weight.shape, &c.bias->shape, c.args);
    expect_both_kernels_match(c, GetParam());
  }
}

INSTANTIATE_TEST_SUITE_P(AllIsas, GemmKernels,
                         ::testing::Values(Isa::Generic, Isa::Avx2, Isa::Avx512, Isa::Simd128),
                         [](const ::testing::TestParamInfo<Isa>& info) {
                           return std::string(isa_name(info.param));
                         });

TEST(GemmKernelRule, CostRulePicksDirectForNarrowGroups) {
  Geometry g;
  g.in_channels = 64;
  g.groups = 8;  // 8 input channels per group
  EXPECT_EQ(choose_gemm_kernel(g), GemmKernel::Direct);
  g.groups = 1;  // 64
  EXPECT_EQ(choose_gemm_kernel(g), GemmKernel::Gemm);
}

// Kernel 2 · stride and dilation 1 on both axes: Winograd on the paths
// without FMA, the GEMM on the others.
TEST(GemmKernelRule, CostRulePicksWinogradWithoutFma) {
  Geometry g;
  g.in_channels = 64;
  g.groups = 1;
  g.h.kernel = g.w.kernel = 4;
  g.h.stride = g.w.stride = 2;
  g.h.dilation = g.w.dilation = 1;
  EXPECT_EQ(choose_gemm_kernel(g, Isa::Generic), GemmKernel::Winograd);
  if (isa_supported(Isa::Avx2)) {
    EXPECT_EQ(choose_gemm_kernel(g, Isa::Avx2), GemmKernel::Gemm);
  }
  g.w.dilation = 2;
  EXPECT_EQ(choose_gemm_kernel(g, Isa::Generic), GemmKernel::Gemm);
}

// [SECTION] The GEMM kernel alone, against a double-precision product: sizes
// off every tile and block multiple (m, n, k past MR, NR, KC, MC, NC on all
// paths), both layouts of A, strides wider than the matrices, k = 0.
TEST_P(GemmKernels, GemmMatchesNaiveProductOnOddSizes) {
  const kernels::Table& kt = kernels::table_for(GetParam());
  struct Size {
    int64_t m, n, k;
  };
  const Size sizes[] = {{1, 1, 1},    {3, 5, 2},      {7, 13, 5},       {17, 70, 33}, {64, 96, 64},
                        {9, 1600, 3}, {130, 37, 300}, {150, 1601, 300}, {5, 9, 0}};
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> u(-1.f, 1.f);
  for (const Size& sz : sizes) {
    for (bool col_major : {false, true}) {
      SCOPED_TRACE(std::to_string(sz.m) + "x" + std::to_string(sz.n) + "x" + std::to_string(sz.k) +
                   (col_major ? " A column-major" : " A row-major"));
      const int64_t lda = (col_major ? sz.m : sz.k) + 3, ldb = sz.n + 5, ldc = sz.n + 2;
      std::vector<float> a(
          static_cast<size_t>(lda * std::max<int64_t>(col_major ? sz.k : sz.m, 1)));
      std::vector<float> b(static_cast<size_t>(ldb * std::max<int64_t>(sz.k, 1)));
      std::vector<float> c(static_cast<size_t>(ldc * sz.m), 99.f);
      for (float& v : a) v = u(rng);
      for (float& v : b) v = u(rng);
      std::vector<float> work(static_cast<size_t>(kt.gemm_work(sz.m, sz.n, sz.k)));
      kt.gemm({.m = sz.m,
               .n = sz.n,
               .k = sz.k,
               .a = a.data(),
               .lda = lda,
               .a_col_major = col_major,
               .b = b.data(),
               .ldb = ldb,
               .c = c.data(),
               .ldc = ldc,
               .work = work.data()});
      double worst = 0;
      for (int64_t i = 0; i < sz.m; ++i) {
        for (int64_t j = 0; j < sz.n; ++j) {
          double ref = 0;
          for (int64_t p = 0; p < sz.k; ++p)
            ref += double{a[static_cast<size_t>(col_major ? i + p * lda : i * lda + p)]} *
                   b[static_cast<size_t>(p * ldb + j)];
          worst = std::max(worst, std::abs(ref - c[static_cast<size_t>(i * ldc + j)]));
        }
        // Columns past n belong to the caller: untouched.
        for (int64_t j = sz.n; j < ldc; ++j) ASSERT_EQ(c[static_cast<size_t>(i * ldc + j)], 99.f);
      }
      EXPECT_LE(worst, 1e-5 * std::max<int64_t>(sz.k, 1)) << isa_name(GetParam());
    }
  }
}

// [SECTION] Choosing the path.

TEST(Isa, NamesRoundTrip) {
  for (Isa isa : {Isa::Generic, Isa::Avx2, Isa::Avx512, Isa::Simd128})
    EXPECT_EQ(parse_isa(isa_name(isa)), isa);
  EXPECT_EQ(parse_isa("auto"), std::nullopt);  // Auto is not a path
  EXPECT_EQ(parse_isa("AVX2"), std::nullopt);
  EXPECT_EQ(parse_isa(""), std::nullopt);
}

TEST(Isa, BestIsSupportedAndTheBaselineAlwaysIs) {
  const std::vector<Isa> all = supported_isas();
  ASSERT_FALSE(all.empty());
  EXPECT_TRUE(all.front() == Isa::Generic || all.front() == Isa::Simd128);
  EXPECT_EQ(best_isa(), all.back());
  EXPECT_FALSE(isa_supported(Isa::Auto));
  for (Isa isa : all) EXPECT_EQ(resolve_isa(isa), isa);
#if defined(__x86_64__)
  // Every x86-64 CPU runs the baseline.
  EXPECT_TRUE(isa_supported(Isa::Generic));
  EXPECT_FALSE(isa_supported(Isa::Simd128));
#endif
}

TEST(Isa, AnUnsupportedPathIsRefusedWithItsName) {
  for (Isa isa : {Isa::Generic, Isa::Avx2, Isa::Avx512, Isa::Simd128}) {
    if (isa_supported(isa)) continue;
    try {
      resolve_isa(isa);
      ADD_FAILURE() << isa_name(isa) << " resolved although unsupported";
    } catch (const ArgumentError& e) {
      const std::string msg = e.what();
      EXPECT_NE(msg.find(std::string("isa=") + std::string(isa_name(isa)) + ": "),
                std::string::npos)
          << msg;
      EXPECT_NE(msg.find("paths here: "), std::string::npos) << msg;
    }
  }
  EXPECT_EQ(unsupported_isa_message("TCONV_ISA", "sse9")
                .rfind("TCONV_ISA=sse9: unknown instruction set (paths here: ", 0),
            0u);
}

}  // namespace
}  // namespace tconv
