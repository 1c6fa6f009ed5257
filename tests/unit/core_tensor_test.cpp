#include <gtest/gtest.h>

#include "tconv/tensor.h"

namespace tconv {
namespace {

TEST(Tensor, FormatShapeIsPyTorchs) {
  EXPECT_EQ(format_shape({1, 3, 7, 6}), "[1, 3, 7, 6]");
  EXPECT_EQ(format_shape({5}), "[5]");
  EXPECT_EQ(format_shape({}), "[]");
  // Python's tuple (a one-element one keeps its comma), and the compact form.
  EXPECT_EQ(format_shape({1, 3, 7, 6}, ShapeStyle::Tuple), "(1, 3, 7, 6)");
  EXPECT_EQ(format_shape({5}, ShapeStyle::Tuple), "(5,)");
  EXPECT_EQ(format_shape({}, ShapeStyle::Tuple), "()");
  EXPECT_EQ(format_shape({1, 3, 7, 6}, ShapeStyle::Compact), "(1,3,7,6)");
}

TEST(Tensor, ArrayBasics) {
  const Array a({2, 3, 4});
  EXPECT_EQ(a.numel(), 24);
  EXPECT_EQ(a.dim(), 3);
  EXPECT_EQ(a.data, std::vector<float>(24, 0.f));
  EXPECT_EQ(numel({}), 1);
  EXPECT_EQ(numel({2, 0, 3}), 0);
}

TEST(Tensor, Tensor4RoundTrips) {
  Array a({2, 3, 1, 2});
  for (size_t i = 0; i < a.data.size(); ++i) a.data[i] = static_cast<float>(i);
  const Tensor4 t = to_tensor4(a);
  EXPECT_EQ(t(1, 2, 0, 1), 11.f);  // row-major, as PyTorch
  const Array back = to_array(t);
  EXPECT_EQ(back.shape, a.shape);
  EXPECT_EQ(back.data, a.data);

  const Array u({3, 1, 2}, {1, 2, 3, 4, 5, 6});
  const Tensor4 tu = to_tensor4(u);  // unbatched: N = 1
  EXPECT_EQ(tu.dimension(0), 1);
  EXPECT_EQ(tu(0, 2, 0, 1), 6.f);
  EXPECT_EQ(to_array(tu, /*unbatched=*/true).shape, u.shape);
  EXPECT_EQ(to_array(tu).shape, (Shape{1, 3, 1, 2}));
}

}  // namespace
}  // namespace tconv
