// Session files (--session, the Session popup; format in model_session.h)
// through load_session_text, as the studio opens them.
// Holds, for any input:
//   - a refused session gives one line starting with the file's name, and
//     leaves the model and the shell's state exactly as they were;
//   - a loaded one shows the file's step, selection and view, and saves to a
//     text that loads back to the same state (and saves the same again).
#include "fuzz_studio.h"

namespace {

constexpr const char* kOrigin = "fuzz-session.json";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text = fuzz::text(data, size);
  // Estimated before anything is built; a malformed file costs nothing.
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (fuzz::studio_work(j) > fuzz::kMaxStudioWork) return 0;

  studio::Model m;
  studio::SessionShell shell;
  shell.presenter.font_scale = 1.5f;  // not the default, so a partial load would show
  const studio::SessionShell shell_before = shell;
  const std::string before = studio::session_json(m, shell);
  const uint64_t revision = m.revision();
  std::string error;
  if (!studio::load_session_text(text, kOrigin, m, shell, error)) {
    FUZZ_CHECK_MESSAGE(error);
    FUZZ_CHECK(error.rfind(std::string(kOrigin) + ": ", 0) == 0, "no file name: " + error);
    FUZZ_CHECK(shell == shell_before && studio::session_json(m, shell) == before &&
                   m.revision() == revision,
               "a refused session changed the state: " + error);
    return 0;
  }
  FUZZ_CHECK(m.error().empty(), m.error());
  FUZZ_CHECK(m.timeline().step == j.at("step").get<int64_t>(), "step");
  const nlohmann::json& sel = j.at("selection");
  FUZZ_CHECK(m.sel_batch() == sel.at("n") && m.sel_out_channel() == sel.at("c_out") &&
                 m.sel_in_channel() == sel.at("c_in"),
             "selection " + sel.dump());
  FUZZ_CHECK(studio::view_name(shell.view) == j.at("view").get<std::string>(), "view");
  fuzz::check_session_round_trip(m, shell);
  return 0;
}
