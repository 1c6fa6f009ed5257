// Preset files (assets/presets/*.json, format in preset.h) through
// parse_preset and Model::apply_preset, as the studio loads them.
// Holds, for any input:
//   - a refused preset gives one line starting with the file's name, and the
//     model it was applied to is exactly as before;
//   - an applied preset shows its parameters and its explicit values, its
//     view and (clamped) step, and saves as a session that loads back to the
//     same state.
#include "fuzz_studio.h"

namespace {

constexpr const char* kOrigin = "fuzz-preset.json";

void check_refused(const std::string& error) {
  FUZZ_CHECK_MESSAGE(error);
  FUZZ_CHECK(error.rfind(std::string(kOrigin) + ": ", 0) == 0, "no file name: " + error);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  studio::Preset p;
  std::string error;
  if (!studio::parse_preset(fuzz::text(data, size), kOrigin, p, error)) {
    check_refused(error);
    return 0;
  }
  p.origin = kOrigin;
  if (fuzz::studio_work(p.params) > fuzz::kMaxStudioWork) return 0;

  studio::Model m;
  const studio::SessionShell shell;
  const std::string before = studio::session_json(m, shell);
  const uint64_t revision = m.revision();
  if (!m.apply_preset(p)) {
    check_refused(m.error());
    FUZZ_CHECK(studio::session_json(m, shell) == before && m.revision() == revision,
               "a refused preset changed the state");
    return 0;
  }
  FUZZ_CHECK(m.error().empty(), m.error());
  FUZZ_CHECK(m.params() == p.params, "the model's parameters are not the preset's");
  FUZZ_CHECK(m.preset_name() == p.name && m.preset_view() == p.view, p.name);
  const tconv::Problem& prob = m.problem();
  FUZZ_CHECK(!p.input || p.input->data == prob.input.data, "input values");
  FUZZ_CHECK(!p.weight || p.weight->data == prob.weight.data, "weight values");
  FUZZ_CHECK(!p.bias || !p.params.bias || p.bias->data == prob.bias->data, "bias values");
  FUZZ_CHECK(prob.bias.has_value() == p.params.bias, "bias on/off");
  const int64_t last = m.step_count() - 1;
  const int64_t step = p.step ? std::max<int64_t>(0, std::min(*p.step, last)) : 0;
  FUZZ_CHECK(m.timeline().step == step, "step " + std::to_string(m.timeline().step) +
                                            ", the preset asks " + std::to_string(step));
  fuzz::check_session_round_trip(m, shell);
  return 0;
}
