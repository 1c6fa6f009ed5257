// Share links (the browser's URL fragment, tconv-studio --open; format in
// link.h) through parse_link and apply_link, as the studio opens them, with
// the committed presets.
// Holds, for any input:
//   - a refused link gives one line starting with "link: ", and leaves the
//     model exactly as it was;
//   - an opened one shows the link's preset, view and step, and make_link
//     of the result opens the same state again (same session JSON);
//   - base64url decodes what it encodes, for any bytes.
#include <charconv>
#include <filesystem>

#include "fuzz_studio.h"
#include "link.h"

namespace {

const studio::PresetLibrary& presets() {
  static const studio::PresetLibrary lib =
      studio::load_preset_dir(std::filesystem::path(TCONV_ASSETS_DIR) / "presets");
  return lib;
}

// Every whole number in a value ("2", "(2, 1)", "3,4"): the link's own
// parser decides later whether the value is valid; this only bounds the cost.
std::vector<int64_t> numbers(const std::string& value) {
  std::vector<int64_t> out;
  for (size_t i = 0; i < value.size();) {
    if (value[i] < '0' || value[i] > '9') {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < value.size() && value[j] >= '0' && value[j] <= '9') ++j;
    int64_t v = 0;
    const auto [end, ec] = std::from_chars(value.data() + i, value.data() + j, v);
    out.push_back(ec == std::errc() ? v : int64_t{1} << 40);
    i = j;
  }
  return out;
}

// The parameters the link would ask for, read leniently, so a costly state
// is skipped before anything is built (as the other studio targets do).
studio::Params estimated_params(const studio::Link& link) {
  studio::Params p;
  if (link.session) p = fuzz::lenient_params(nlohmann::json::parse(*link.session, nullptr, false));
  if (link.preset)
    if (const studio::Preset* pre = presets().find(*link.preset)) p = pre->params;
  for (const auto& [key, value] : link.params) {
    const std::vector<int64_t> v = numbers(value);
    if (v.empty()) continue;
    const int64_t h = v[0], w = v.size() > 1 ? v[1] : v[0];
    if (key == "in_channels") p.in_channels = h;
    if (key == "out_channels") p.out_channels = h;
    if (key == "groups") p.groups = h;
    if (key == "batch") p.batch = h;
    if (key == "kernel_size") p.kernel_h = h, p.kernel_w = w;
    if (key == "input_size") p.in_h = h, p.in_w = w;
    if (key == "stride") p.stride = {h, w};
    if (key == "padding") p.padding = {h, w};
    if (key == "output_padding") p.output_padding = {h, w};
    if (key == "dilation") p.dilation = {h, w};
  }
  return p;
}

void check_base64url(const std::string& bytes) {
  const std::string enc = studio::base64url_encode(bytes);
  FUZZ_CHECK(enc.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                   "0123456789-_") == std::string::npos,
             enc);
  std::string back;
  FUZZ_CHECK(studio::base64url_decode(enc, back) && back == bytes, enc);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text = fuzz::text(data, size);
  check_base64url(text);

  studio::Link link;
  std::string error;
  if (!studio::parse_link(text, link, error)) {
    FUZZ_CHECK_MESSAGE(error);
    FUZZ_CHECK(error.rfind("link: ", 0) == 0, "no 'link: ' prefix: " + error);
    return 0;
  }
  if (fuzz::studio_work(estimated_params(link)) > fuzz::kMaxStudioWork) return 0;

  studio::Model m;
  const studio::SessionShell no_shell;
  const std::string before = studio::session_json(m, no_shell);
  const uint64_t revision = m.revision();
  studio::LinkShell shell;
  if (!studio::apply_link(link, presets(), m, shell, error)) {
    FUZZ_CHECK_MESSAGE(error);
    FUZZ_CHECK(error.rfind("link: ", 0) == 0, "no 'link: ' prefix: " + error);
    FUZZ_CHECK(studio::session_json(m, no_shell) == before && m.revision() == revision,
               "a refused link changed the state: " + error);
    return 0;
  }
  FUZZ_CHECK(m.error().empty(), m.error());
  FUZZ_CHECK(!link.preset || m.preset_name() == *link.preset, "preset " + *link.preset);
  FUZZ_CHECK(!link.view || shell.view == link.view, "view");
  FUZZ_CHECK(!link.step || m.timeline().step == *link.step - 1, "step");

  // The state as the studio holds it, shared again: the link reopens it.
  studio::SessionShell session_shell;
  if (shell.view) session_shell.view = *shell.view;
  if (shell.presenter) session_shell.presenter = *shell.presenter;
  const std::string want = studio::session_json(m, session_shell);
  const std::string again = studio::make_link(m, session_shell, presets());
  studio::Link relink;
  FUZZ_CHECK(studio::parse_link(again, relink, error), again + ": " + error);
  studio::Model fresh;
  studio::LinkShell fresh_shell;
  FUZZ_CHECK(studio::apply_link(relink, presets(), fresh, fresh_shell, error),
             again + ": " + error);
  studio::SessionShell reopened = session_shell;
  if (fresh_shell.view) reopened.view = *fresh_shell.view;
  if (fresh_shell.presenter) reopened.presenter = *fresh_shell.presenter;
  FUZZ_CHECK(studio::session_json(fresh, reopened) == want,
             "make_link does not reopen the state: " + again);
  fuzz::check_session_round_trip(m, session_shell);
  return 0;
}
