// What the studio-model targets share (they link tconv_studio_model, which
// has no GL and no ImGui): its headers, included here only, a cost estimate
// so a case stays fast, and the session round trip every loaded state must
// survive.
#pragma once

#include <cstring>
#include <nlohmann/json.hpp>
#include <string>

#include "fuzz.h"
#include "model.h"
#include "model_session.h"
#include "model_settings.h"
#include "preset.h"

namespace fuzz {

// States above this many multiply-adds or output elements are skipped: the
// studio accepts them (up to its Limits), but a rebuild then takes up to a
// second, and the fuzzer learns nothing more from them.
inline constexpr double kMaxStudioWork = 1 << 16;

inline double studio_work(const studio::Params& p) {
  const double n = p.unbatched ? 1 : static_cast<double>(p.batch);
  const auto d = [](int64_t v) { return static_cast<double>(v); };  // no int64 overflow
  const double in = n * d(p.in_channels) * d(p.in_h) * d(p.in_w);
  const double opg = p.groups > 0 ? d(p.out_channels / p.groups) : 0;
  const double macs = in * opg * d(p.kernel_h) * d(p.kernel_w);
  auto out = [](double i, double k, int64_t s, int64_t pad, int64_t op, int64_t d) {
    return (i - 1) * static_cast<double>(s) - 2.0 * static_cast<double>(pad) +
           static_cast<double>(d) * (k - 1) + static_cast<double>(op) + 1;
  };
  const double outputs = n * static_cast<double>(p.out_channels) *
                         out(static_cast<double>(p.in_h), static_cast<double>(p.kernel_h),
                             p.stride.h, p.padding.h, p.output_padding.h, p.dilation.h) *
                         out(static_cast<double>(p.in_w), static_cast<double>(p.kernel_w),
                             p.stride.w, p.padding.w, p.output_padding.w, p.dilation.w);
  return macs > outputs ? macs : outputs;
}

// The parameters of a preset's or session's JSON, read leniently (the
// parser refuses anything malformed later), for the estimate below.
inline studio::Params lenient_params(const nlohmann::json& j) {
  if (!j.is_object()) return studio::Params{};
  const auto num = [](const nlohmann::json& o, const char* key, int i, int64_t dflt) -> int64_t {
    if (!o.is_object() || !o.contains(key)) return dflt;
    const nlohmann::json& v = o[key];
    const nlohmann::json& e = v.is_array() && v.size() == 2 ? v[static_cast<size_t>(i)] : v;
    if (!e.is_number_integer()) return dflt;
    const int64_t x = e.get<int64_t>();
    return x < -4096 || x > 4096 ? 0 : x;  // far outside every limit: refused anyway
  };
  const nlohmann::json none;
  const nlohmann::json& pj = j.contains("params") ? j["params"] : none;
  studio::Params p;
  p.batch = num(j, "batch", 0, 1);
  p.unbatched = j.contains("unbatched") && j["unbatched"] == true;
  p.in_channels = num(pj, "in_channels", 0, 1);
  p.out_channels = num(pj, "out_channels", 0, 1);
  p.groups = num(pj, "groups", 0, 1);
  p.in_h = num(j, "input_size", 0, 2);
  p.in_w = num(j, "input_size", 1, 2);
  p.kernel_h = num(pj, "kernel_size", 0, 2);
  p.kernel_w = num(pj, "kernel_size", 1, 2);
  p.stride = {num(pj, "stride", 0, 1), num(pj, "stride", 1, 1)};
  p.padding = {num(pj, "padding", 0, 0), num(pj, "padding", 1, 0)};
  p.output_padding = {num(pj, "output_padding", 0, 0), num(pj, "output_padding", 1, 0)};
  p.dilation = {num(pj, "dilation", 0, 1), num(pj, "dilation", 1, 1)};
  return p;
}

// The estimate from a preset's or session's JSON: before anything is built.
inline double studio_work(const nlohmann::json& j) {
  return j.is_object() ? studio_work(lenient_params(j)) : 0;
}

inline bool same_bits(const tconv::Array& a, const tconv::Array& b) {
  return a.shape == b.shape && a.data.size() == b.data.size() &&
         (a.data.empty() ||
          std::memcmp(a.data.data(), b.data.data(), a.data.size() * sizeof(float)) == 0);
}

// A loaded state saves, and the saved text loads back to the same state:
// every parameter, value (bit for bit), selection, step and look.
inline void check_session_round_trip(const studio::Model& m, const studio::SessionShell& shell) {
  const std::string saved = studio::session_json(m, shell);
  studio::Model back;
  studio::SessionShell back_shell;
  std::string error;
  FUZZ_CHECK(studio::load_session_text(saved, "saved.json", back, back_shell, error),
             "a saved session does not load: " + error + "\n" + saved);
  FUZZ_CHECK(back.params() == m.params(), saved);
  FUZZ_CHECK(same_bits(back.problem().input, m.problem().input), saved);
  FUZZ_CHECK(same_bits(back.problem().weight, m.problem().weight), saved);
  FUZZ_CHECK(back.problem().bias.has_value() == m.problem().bias.has_value() &&
                 (!m.problem().bias || same_bits(*back.problem().bias, *m.problem().bias)),
             saved);
  FUZZ_CHECK(same_bits(back.records().output, m.records().output), saved);
  FUZZ_CHECK(back.timeline().step == m.timeline().step &&
                 back.timeline().steps_per_second == m.timeline().steps_per_second,
             saved);
  FUZZ_CHECK(back.sel_batch() == m.sel_batch() && back.sel_out_channel() == m.sel_out_channel() &&
                 back.sel_in_channel() == m.sel_in_channel(),
             saved);
  FUZZ_CHECK(back.preset_name() == m.preset_name() && back.preset_title() == m.preset_title() &&
                 back.preset_description() == m.preset_description() &&
                 back.preset_view() == m.preset_view(),
             saved);
  FUZZ_CHECK(back_shell == shell, saved);
  const std::string again = studio::session_json(back, back_shell);
  FUZZ_CHECK(again == saved, "saved twice differently:\n" + saved + "\n" + again);
}

}  // namespace fuzz
