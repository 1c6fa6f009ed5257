// Hyper-parameters with PyTorch's names and order, per axis (h, w).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tconv {

// One value per spatial axis, in PyTorch's order: height first.
struct Pair {
  int64_t h = 0;
  int64_t w = 0;
  constexpr Pair() = default;
  constexpr Pair(int64_t both) : h(both), w(both) {}  // NOLINT: int -> (v, v) as in PyTorch
  constexpr Pair(int64_t h_, int64_t w_) : h(h_), w(w_) {}
  bool operator==(const Pair&) const = default;
};

// Accepts one int or a list of 2 ints, as PyTorch does; otherwise throws
// ArgumentError "expected stride to be a single integer value or a list of 2
// values to match the convolution dimensions, but got stride=[1, 2, 3]".
Pair pair_from_list(const std::string& name, const std::vector<int64_t>& values);

// F.conv_transpose2d(input, weight, bias, stride, padding, output_padding,
// groups, dilation) plus nn.ConvTranspose2d.forward's output_size.
struct ConvTranspose2dArgs {
  Pair stride{1};
  Pair padding{0};
  Pair output_padding{0};
  int64_t groups = 1;
  Pair dilation{1};
  // 2 entries, or the full size (4 batched / 3 unbatched) whose leading
  // entries are dropped. When set it overrides output_padding.
  std::optional<std::vector<int64_t>> output_size;
};

// F.conv2d(input, weight, bias, stride, padding, dilation, groups).
enum class PaddingMode { Explicit, Same, Valid };
struct Conv2dArgs {
  Pair stride{1};
  Pair padding{0};
  PaddingMode padding_mode = PaddingMode::Explicit;  // 'same' / 'valid' strings
  Pair dilation{1};
  int64_t groups = 1;
};

}  // namespace tconv
