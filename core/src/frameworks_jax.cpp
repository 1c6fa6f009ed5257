// JAX: lax.conv_transpose (jax/_src/lax/convolution.py).
//
// conv_transpose is conv_general_dilated(lhs, rhs, window_strides=1,
// padding=pads, lhs_dilation=strides, rhs_dilation, dimension_numbers): a
// cross-correlation of the stride-dilated input, padded by (low, high) per
// spatial axis. With string padding, _conv_transpose_padding(k, s, padding)
// with k the dilated kernel size (core.dilate_dim):
//   SAME:  pad_len = k + s - 2; pad_a = k - 1 if s > k - 1 else ceil(pad_len / 2)
//   VALID: pad_len = k + s - 2 + max(k - s, 0); pad_a = k - 1
//   pad_b = pad_len - pad_a
// Explicit (low, high) pairs go to conv_general_dilated as they are, unless
// use_consistent_padding=True, which reads them as the forward conv's padding
// (pad_a = k - low - 1, pad_b = k - high - 1: PyTorch's convention).
// The padded dilated input starts `low` rows before input row 0, and PyTorch's
// full output is the correlation of it padded by k - 1, so the output is rows
// [k - 1 - low, ...) of the full output, (in - 1) * s + 1 + low + high - k + 1
// of them. The kernel is NOT flipped: with transpose_kernel=False, rhs is the
// correlation kernel with O = output features; transpose_kernel=True flips its
// spatial axes and swaps I and O first, which makes rhs (O, I) exactly
// PyTorch's (C_in, C_out) weight. Spatial axes are ordered as rhs_spec lists
// them (conv_general_permutations). Messages are conv_dimension_numbers',
// conv_general_permutations', _conv_general_dilated_shape_rule's and
// conv_shape_tuple's.
#include <algorithm>
#include <set>

#include "frameworks_detail.h"
#include "tconv/frameworks.h"

namespace tconv {
namespace {

using fw::fail;

std::string py_str_tuple(const std::array<std::string, 3>& d) {
  return "('" + d[0] + "', '" + d[1] + "', '" + d[2] + "')";
}

// conv_dimension_numbers + conv_general_permutations: (lhs, rhs, out)
// permutations to (N, C, spatial...), (O, I, spatial...), (N, C, spatial...).
std::array<std::array<int, 4>, 3> jax_permutations(const std::array<std::string, 3>& dn,
                                                   const Shape& lhs, const Shape& rhs) {
  for (size_t i = 0; i < 3; ++i)
    if (dn[i].size() != lhs.size())
      fail("convolution dimension_numbers[", i,
           "] must have len equal to the ndim of lhs and rhs, "
           "got ",
           dn[i].size(), " for lhs and rhs shapes ", fw::py_tuple(lhs), " and ", fw::py_tuple(rhs),
           ".");
  const std::array<std::pair<char, char>, 3> pairs{{{'N', 'C'}, {'O', 'I'}, {'N', 'C'}}};
  std::array<std::set<char>, 3> spatial;
  for (size_t i = 0; i < 3; ++i) {
    const std::string& spec = dn[i];
    const auto [a, b] = pairs[i];
    if (std::count(spec.begin(), spec.end(), a) != 1 ||
        std::count(spec.begin(), spec.end(), b) != 1)
      fail("convolution dimension_numbers[", i, "] must contain the characters '", a, "' and '", b,
           "' exactly once, got ", spec, ".");
    if (std::set<char>(spec.begin(), spec.end()).size() != spec.size())
      fail("convolution dimension_numbers[", i, "] cannot have duplicate characters, got ", spec,
           ".");
    for (char c : spec)
      if (c != a && c != b) spatial[i].insert(c);
  }
  if (spatial[0] != spatial[1] || spatial[1] != spatial[2])
    fail(
        "convolution dimension_numbers elements must each have the same set of spatial "
        "characters, got ",
        py_str_tuple(dn), ".");
  const std::string& rhs_spec = dn[1];
  std::array<std::array<int, 4>, 3> perms{};
  for (size_t i = 0; i < 3; ++i) {
    const std::string& spec = dn[i];
    std::vector<int> sp;
    for (size_t j = 0; j < spec.size(); ++j)
      if (spec[j] != pairs[i].first && spec[j] != pairs[i].second)
        sp.push_back(static_cast<int>(j));
    // Spatial axes in the order rhs_spec names them.
    std::sort(sp.begin(), sp.end(), [&](int x, int y) {
      return rhs_spec.find(spec[static_cast<size_t>(x)]) <
             rhs_spec.find(spec[static_cast<size_t>(y)]);
    });
    perms[i] = {static_cast<int>(spec.find(pairs[i].first)),
                static_cast<int>(spec.find(pairs[i].second)), sp[0], sp[1]};
  }
  return perms;
}

std::array<int64_t, 2> positive2(const std::vector<int64_t>& v, const char* name) {
  if (v.size() != 2)
    fail(name, " must have 2 values, one per spatial dimension, got ", fw::py_list(v));
  if (v[0] < 1 || v[1] < 1) fail("All ", name, " must be >= 1, got ", fw::py_tuple(v));
  return {v[0], v[1]};
}

std::string jax_call(const JaxArgs& a) {
  std::ostringstream s;
  s << "lax.conv_transpose(lhs, rhs, strides=" << fw::py_tuple(a.strides) << ", padding=";
  if (a.padding_mode.empty())
    s << fw::py_pairs(a.padding);
  else
    s << "'" << a.padding_mode << "'";
  s << ", rhs_dilation=" << (a.rhs_dilation ? fw::py_tuple(*a.rhs_dilation) : std::string("None"))
    << ", dimension_numbers=" << py_str_tuple(a.dimension_numbers)
    << ", transpose_kernel=" << (a.transpose_kernel ? "True" : "False");
  if (a.use_consistent_padding) s << ", use_consistent_padding=True";
  s << ")";
  return s.str();
}

}  // namespace

namespace fw {
// _conv_transpose_padding for a string mode.
std::pair<int64_t, int64_t> jax_transpose_padding(int64_t k, int64_t s, bool same) {
  int64_t pad_len = 0, pad_a = 0;
  if (same) {
    pad_len = k + s - 2;
    pad_a = s > k - 1 ? k - 1 : (pad_len + 1) / 2;  // ceil(pad_len / 2); pad_len >= 0 here
  } else {
    pad_len = k + s - 2 + std::max<int64_t>(k - s, 0);
    pad_a = k - 1;
  }
  return {pad_a, pad_len - pad_a};
}
}  // namespace fw

FrameworkLayer resolve_jax(const Shape& lhs, const Shape& rhs, const Shape* bias,
                           const JaxArgs& a) {
  if (lhs.size() != rhs.size() || lhs.size() < 2)
    fail("lax.conv_transpose needs lhs and rhs of the same rank (at least 2), got lhs ",
         fw::py_tuple(lhs), " and rhs ", fw::py_tuple(rhs));
  if (lhs.size() != 4)
    fail("tconv computes 2-D transposed convolutions: lhs and rhs must have 4 dimensions, got ",
         lhs.size(), " (a ", lhs.size() - 2, "-D lax.conv_transpose)");
  const auto perms = jax_permutations(a.dimension_numbers, lhs, rhs);
  const std::array<int, 4>& lp = perms[0];
  const std::array<int, 4>& rp = perms[1];
  const std::array<int64_t, 2> strides = positive2(a.strides, "strides");
  const std::array<int64_t, 2> dil =
      a.rhs_dilation ? positive2(*a.rhs_dilation, "rhs_dilation") : std::array<int64_t, 2>{1, 1};
  if (a.padding_mode.empty() && a.padding.size() != 2)
    fail("Wrong number of explicit pads for convolution: expected 2, got ", a.padding.size(), ".");
  if (!a.padding_mode.empty() && a.padding_mode != "SAME" && a.padding_mode != "VALID") {
    if (a.use_consistent_padding) fail("Invalid padding mode: ", a.padding_mode);
    fail(
        "String padding is not implemented for transposed convolution using this op. Please "
        "either exactly specify the required padding or use conv_transpose. (padding='",
        a.padding_mode, "'; lax.conv_transpose takes 'SAME', 'VALID' or (low, high) pairs)");
  }
  // After transpose_kernel's swap, rhs's I axis is the given O axis.
  const int64_t rhs_in = rhs[static_cast<size_t>(a.transpose_kernel ? rp[0] : rp[1])];
  const int64_t rhs_out = rhs[static_cast<size_t>(a.transpose_kernel ? rp[1] : rp[0])];
  const int64_t lhs_c = lhs[static_cast<size_t>(lp[1])];
  if (lhs_c != rhs_in)
    fail(
        "conv_general_dilated lhs feature dimension size divided by feature_group_count must "
        "equal the rhs input feature dimension size, but ",
        lhs_c, " // 1 != ", rhs_in, ".");
  const std::string lhs_layout = "dimension_numbers " + py_str_tuple(a.dimension_numbers);
  fw::require_positive(lhs, {static_cast<size_t>(lp[2]), static_cast<size_t>(lp[3])}, "lhs",
                       lhs_layout.c_str());
  fw::require_positive(rhs, {static_cast<size_t>(rp[2]), static_cast<size_t>(rp[3])}, "rhs",
                       lhs_layout.c_str());
  if (bias && (bias->size() != 1 || (*bias)[0] != rhs_out))
    fail("bias (added after lax.conv_transpose, as flax's ConvTranspose does) must have the ",
         rhs_out, " output features, got shape ", format_shape(*bias));

  fw::LayerSpec s;
  s.convention = Convention::Jax;
  s.batch = lhs[static_cast<size_t>(lp[0])];
  s.in_channels = lhs_c;
  s.out_channels = rhs_out;
  s.in_h = lhs[static_cast<size_t>(lp[2])], s.in_w = lhs[static_cast<size_t>(lp[3])];
  s.k_h = rhs[static_cast<size_t>(rp[2])], s.k_w = rhs[static_cast<size_t>(rp[3])];
  s.stride = {strides[0], strides[1]};
  s.dilation = {dil[0], dil[1]};
  s.has_bias = bias != nullptr;

  const std::array<int64_t, 2> in{s.in_h, s.in_w}, k{s.k_h, s.k_w};
  std::vector<std::pair<int64_t, int64_t>> pads(2);
  std::vector<std::string> notes;
  for (size_t i = 0; i < 2; ++i) {
    const int64_t k_eff = (k[i] - 1) * dil[i] + 1;
    if (!a.padding_mode.empty()) {
      pads[i] = fw::jax_transpose_padding(k_eff, strides[i], a.padding_mode == "SAME");
      std::ostringstream n;
      n << (i == 0 ? "H" : "W") << ": _conv_transpose_padding(k=" << k_eff << ", s=" << strides[i]
        << ", '" << a.padding_mode << "') = (" << pads[i].first << ", " << pads[i].second << ")";
      notes.push_back(n.str());
    } else if (a.use_consistent_padding) {
      pads[i] = {k_eff - a.padding[i].first - 1, k_eff - a.padding[i].second - 1};
    } else {
      pads[i] = a.padding[i];
    }
  }
  std::array<AxisWindow, 2> win;
  for (size_t i = 0; i < 2; ++i) {
    const int64_t dilated = (in[i] - 1) * strides[i] + 1;  // lax._dilate_shape
    const int64_t k_eff = (k[i] - 1) * dil[i] + 1;
    if (dilated + pads[i].first + pads[i].second < 0)
      fail(
          "Negative padding is larger than the size of the corresponding dimension: got "
          "padding=",
          fw::py_pairs(pads), " for lhs_shape[2:]=",
          fw::py_tuple({(in[0] - 1) * strides[0] + 1, (in[1] - 1) * strides[1] + 1}));
    win[i] = {k_eff - 1 - pads[i].first, dilated + pads[i].first + pads[i].second - k_eff + 1};
  }
  for (size_t i = 0; i < 2; ++i)
    if (win[i].size < 1)
      fail("lax.conv_transpose's output would be empty (", std::max<int64_t>(win[i].size, 0),
           " along spatial axis ", i, ": the padded input is ",
           (in[i] - 1) * strides[i] + 1 + pads[i].first + pads[i].second,
           " long, the dilated kernel ", (k[i] - 1) * dil[i] + 1,
           "); JAX returns an empty array, tconv refuses it");

  FrameworkLayer l = fw::make_layer(s);
  l.h = win[0];
  l.w = win[1];
  const std::string spec = a.dimension_numbers[1];
  if (a.transpose_kernel) {
    l.weight = {"rhs '" + spec + "' (transpose_kernel=True: O = C_in, I = C_out)", rp, false};
  } else {
    l.weight = {"rhs '" + spec + "' (O = C_out, I = C_in, correlation kernel)",
                {rp[1], rp[0], rp[2], rp[3]},
                true};
    notes.push_back(
        "transpose_kernel=False: lax correlates with rhs as it is (\"JAX does NOT reverse the "
        "kernel's spatial dimensions\"), so PyTorch's weight is rhs with I and O swapped, flipped");
  }
  l.input_perm = lp;
  const std::array<int, 4>& op = perms[2];
  for (int j = 0; j < 4; ++j) l.output_perm[static_cast<size_t>(op[static_cast<size_t>(j)])] = j;
  l.input_shape = lhs;
  l.weight_shape = rhs;
  l.output_shape = fw::permuted(fw::output_shape_nchw(l), l.output_perm);
  l.call = jax_call(a);
  l.padding_mode = a.padding_mode;
  l.notes = std::move(notes);
  return l;
}

}  // namespace tconv
