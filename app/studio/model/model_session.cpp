// Session files (format in model_session.h): written by hand so arrays keep
// one row per line, read with nlohmann; the preset part goes through
// parse_preset so a session and a preset report the same problems the same
// way.
#include "model_session.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "files.h"
#include "model_json.h"
#include "model_python.h"
#include "preset.h"
#include "tconv/frameworks_code.h"

namespace studio {
namespace {

using nlohmann::json;

struct SessionError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

[[noreturn]] void fail(const std::string& what) {
  throw SessionError(what);
}

const char* const kTopKeys[] = {"tconv_studio_session",
                                "name",
                                "title",
                                "description",
                                "preset_view",
                                "params",
                                "input_size",
                                "batch",
                                "unbatched",
                                "input",
                                "weight",
                                "bias",
                                "view",
                                "step",
                                "steps_per_second",
                                "selection",
                                "presenter"};
const char* const kParamKeys[] = {"in_channels", "out_channels", "kernel_size",
                                  "stride",      "padding",      "output_padding",
                                  "dilation",    "groups",       "bias"};
const char* const kSelectionKeys[] = {"n", "c_out", "c_in"};
const char* const kPresenterKeys[] = {"font_scale", "theme", "colorblind", "fullscreen"};

// Exactly `keys`: an unknown key first (usually a typo), then a missing one.
template <size_t N>
void check_keys(const json& obj, const std::string& where, const char* const (&keys)[N]) {
  const auto known = [&](const std::string& k) {
    return std::any_of(std::begin(keys), std::end(keys), [&](const char* x) { return k == x; });
  };
  std::string list;
  for (const char* k : keys) list += (list.empty() ? "" : ", ") + std::string(k);
  for (auto it = obj.begin(); it != obj.end(); ++it)
    if (!known(it.key()))
      fail("unknown key " + json(it.key()).dump() + where + " (expected: " + list + ")");
  for (const char* k : keys)
    if (!obj.contains(k)) fail("missing key \"" + std::string(k) + "\"" + where);
}

const json& object_at(const json& j, const char* key) {
  const json& v = j.at(key);
  if (!v.is_object()) fail(std::string("\"") + key + "\" must be an object, got " + v.dump());
  return v;
}

int64_t int_at(const json& j, const char* key, const std::string& name) {
  const json& v = j.at(key);
  if (!v.is_number_integer()) fail("\"" + name + "\" must be an integer, got " + v.dump());
  return v.get<int64_t>();
}

void in_range(const std::string& name, int64_t v, int64_t count, const std::string& what) {
  if (v < 0 || v >= count)
    fail("\"" + name + "\" " + std::to_string(v) + " is out of range: " + what + " has " +
         std::to_string(count) + " (0.." + std::to_string(count - 1) + ")");
}

std::string json_float(float f) {
  return tconv::python_float(f);  // finite (the model refuses anything else): JSON reads it
}

std::string pair_json(const tconv::Pair& p) {
  // Appended, not "[" + string: GCC 12 warns falsely (-Wrestrict) on that.
  std::string out = "[";
  return out.append(std::to_string(p.h)).append(", ").append(std::to_string(p.w)).append("]");
}

// Everything but the model: view, step, selection, presenter. Checked
// against the parameters the preset part gave.
struct ShellPart {
  SessionShell shell;
  int64_t step = 0, n = 0, c_out = 0, c_in = 0;
  float steps_per_second = 2.f;
};

ShellPart parse_shell_part(const json& j, const Params& p) {
  ShellPart s;
  const json& v = j.at("view");
  const std::optional<ViewId> view =
      v.is_string() ? parse_view(v.get<std::string>()) : std::nullopt;
  if (!view) fail("\"view\": unknown view " + v.dump() + " (expected " + view_names(" or ") + ")");
  s.shell.view = *view;

  // 0-based, in the unit of the saved view (steps.h): an output cell for
  // arithmetic, an input element otherwise.
  s.step = int_at(j, "step", "step");
  const StepUnit unit = counting_unit(s.shell.view);
  in_range("step", s.step, step_count(p, unit),
           unit == StepUnit::OutputCell ? "this state (Ho·Wo output cells)"
                                        : "this state (C_in·H·W steps)");

  const json& sps = j.at("steps_per_second");
  if (!sps.is_number() || !std::isfinite(sps.get<double>()) || !(sps.get<double>() > 0.0) ||
      sps.get<double>() > 1000.0)
    fail("\"steps_per_second\" must be a number in (0, 1000], got " + sps.dump());
  s.steps_per_second = sps.get<float>();

  const json& sel = object_at(j, "selection");
  check_keys(sel, " in \"selection\"", kSelectionKeys);
  s.n = int_at(sel, "n", "selection.n");
  s.c_out = int_at(sel, "c_out", "selection.c_out");
  s.c_in = int_at(sel, "c_in", "selection.c_in");
  in_range("selection.n", s.n, p.unbatched ? 1 : p.batch, "the batch");
  in_range("selection.c_out", s.c_out, p.out_channels, "out_channels");
  in_range("selection.c_in", s.c_in, p.in_channels, "in_channels");
  // The views draw one kernel slice: c_in and c_out must meet in a group.
  const int64_t ipg = p.in_channels / p.groups, opg = p.out_channels / p.groups;
  if (s.c_in / ipg != s.c_out / opg)
    fail("\"selection\": c_in " + std::to_string(s.c_in) + " is in group " +
         std::to_string(s.c_in / ipg) + " but c_out " + std::to_string(s.c_out) + " is in group " +
         std::to_string(s.c_out / opg) + " (groups=" + std::to_string(p.groups) + ")");

  const json& pr = object_at(j, "presenter");
  check_keys(pr, " in \"presenter\"", kPresenterKeys);
  const json& fs = pr.at("font_scale");
  if (!fs.is_number() || !(fs.get<double>() >= 1.0 && fs.get<double>() <= 3.0))
    fail("\"presenter.font_scale\" must be a number in 1.0..3.0, got " + fs.dump());
  s.shell.presenter.font_scale = fs.get<float>();
  const json& theme = pr.at("theme");
  if (theme != "dark" && theme != "light")
    fail("\"presenter.theme\" must be \"dark\" or \"light\", got " + theme.dump());
  s.shell.presenter.dark = theme == "dark";
  for (const char* k : {"colorblind", "fullscreen"}) {
    const json& b = pr.at(k);
    if (!b.is_boolean())
      fail("\"presenter." + std::string(k) + "\" must be true or false, got " + b.dump());
  }
  s.shell.presenter.colorblind = pr.at("colorblind").get<bool>();
  s.shell.presenter.fullscreen = pr.at("fullscreen").get<bool>();
  return s;
}

// The preset part of the session as a preset object, after the checks a
// preset does not make (every key present, values as lists, not fills).
json preset_part(const json& j) {
  check_keys(object_at(j, "params"), " in \"params\"", kParamKeys);
  for (const char* k : {"input", "weight"})
    if (!j.at(k).is_array())
      fail("\"" + std::string(k) + "\" must be nested lists of numbers, got " +
           j.at(k).dump().substr(0, 60));
  const json& bias = j.at("bias");
  const json& bias_on = j.at("params").at("bias");
  if (bias.is_null() && bias_on == true)
    fail("\"bias\" is null but params.bias is true (give the out_channels bias values)");
  if (!bias.is_null() && !bias.is_array())
    fail("\"bias\" must be null or a list of numbers, got " + bias.dump().substr(0, 60));
  const json& pv = j.at("preset_view");
  if (!pv.is_null() && !(pv.is_string() && parse_view(pv.get<std::string>())))
    fail("\"preset_view\": expected null or a view name (" + view_names() + "), got " + pv.dump());
  json pj = json::object();
  for (const char* k : {"name", "title", "description", "params", "input_size", "batch",
                        "unbatched", "input", "weight"})
    pj[k] = j.at(k);
  if (!bias.is_null()) pj["bias"] = bias;
  if (!j.at("preset_view").is_null()) pj["view"] = j.at("preset_view");
  return pj;
}

}  // namespace

std::string session_json(const Model& m, const SessionShell& shell) {
  const Params& p = m.params();
  const tconv::Problem& prob = m.problem();
  const auto str = [](const std::string& s) { return json(s).dump(); };
  const auto boolean = [](bool b) { return b ? "true" : "false"; };
  std::ostringstream o;
  o << "{\n"
    << "  \"tconv_studio_session\": " << kSessionVersion << ",\n"
    << "  \"name\": " << str(m.preset_name()) << ",\n"
    << "  \"title\": " << str(m.preset_title()) << ",\n"
    << "  \"description\": " << str(m.preset_description()) << ",\n"
    << "  \"preset_view\": "
    << (m.preset_view() ? str(view_name(*m.preset_view())) : std::string("null")) << ",\n"
    << "  \"params\": {\n"
    << "    \"in_channels\": " << p.in_channels << ", \"out_channels\": " << p.out_channels
    << ", \"kernel_size\": " << pair_json({p.kernel_h, p.kernel_w}) << ",\n"
    << "    \"stride\": " << pair_json(p.stride) << ", \"padding\": " << pair_json(p.padding)
    << ", \"output_padding\": " << pair_json(p.output_padding) << ",\n"
    << "    \"dilation\": " << pair_json(p.dilation) << ", \"groups\": " << p.groups
    << ", \"bias\": " << boolean(p.bias) << "\n"
    << "  },\n"
    << "  \"input_size\": " << pair_json({p.in_h, p.in_w}) << ",\n"
    << "  \"batch\": " << p.batch << ",\n"
    << "  \"unbatched\": " << boolean(p.unbatched) << ",\n";
  // Arrays start on their own line at column 4, so rows line up.
  const auto array = [&](const char* key, const tconv::Array& a) {
    o << "  \"" << key << "\":\n    " << nested_list(a.shape, a.data, 4, json_float) << ",\n";
  };
  array("input", prob.input);
  array("weight", prob.weight);
  if (prob.bias)
    array("bias", *prob.bias);
  else
    o << "  \"bias\": null,\n";
  const Timeline& tl = m.timeline();
  const Presenter& pr = shell.presenter;
  o << "  \"view\": " << str(view_name(shell.view)) << ",\n"
    << "  \"step\": " << tl.step << ",\n"
    << "  \"steps_per_second\": " << json_float(tl.steps_per_second) << ",\n"
    << "  \"selection\": {\"n\": " << m.sel_batch() << ", \"c_out\": " << m.sel_out_channel()
    << ", \"c_in\": " << m.sel_in_channel() << "},\n"
    << "  \"presenter\": {\"font_scale\": " << json_float(pr.font_scale)
    << ", \"theme\": " << (pr.dark ? "\"dark\"" : "\"light\"")
    << ", \"colorblind\": " << boolean(pr.colorblind)
    << ", \"fullscreen\": " << boolean(pr.fullscreen) << "}\n"
    << "}\n";
  return o.str();
}

bool load_session_text(const std::string& text, const std::string& origin, Model& m,
                       SessionShell& shell, std::string& error) {
  json j;
  if (!parse_json_text(text, origin, j, error)) return false;

  Preset preset;
  ShellPart part;
  try {
    if (!j.is_object())
      fail("expected a JSON object at the top level, got " + j.dump().substr(0, 60));
    if (!j.contains("tconv_studio_session"))
      fail("not a tconv-studio session (no \"tconv_studio_session\" key)");
    const json& v = j["tconv_studio_session"];
    if (!v.is_number_integer() || v.get<int64_t>() != kSessionVersion)
      fail("session format version " + v.dump() + " is not supported (this build reads version " +
           std::to_string(kSessionVersion) + ")");
    check_keys(j, "", kTopKeys);
    // Parameters first, without the arrays: a combination PyTorch rejects
    // gets PyTorch's message, not "values do not fit" (the shapes follow
    // from the parameters).
    json pj = preset_part(j);
    json params_only = pj;
    for (const char* k : {"input", "weight", "bias"}) params_only.erase(k);
    std::string perr;
    if (!parse_preset(params_only.dump(), origin, preset, perr)) {
      error = perr;  // already "<origin>: <problem>"
      return false;
    }
    // parse_preset sets batch to 1 for an unbatched input; keep the saved
    // value, which comes back when batch is switched on again.
    Params params = preset.params;
    params.batch = int_at(j, "batch", "batch");
    if (auto msg = Model::check_params(params)) fail(*msg);
    if (params.batch < 1) fail("\"batch\" must be >= 1, got " + std::to_string(params.batch));
    if (!parse_preset(pj.dump(), origin, preset, perr)) {
      error = perr;
      return false;
    }
    preset.params = params;
    part = parse_shell_part(j, preset.params);
  } catch (const std::exception& e) {
    error = origin + ": " + e.what();
    return false;
  }

  // Everything is checked; apply_preset can now fail only if building the
  // records does (memory), and then it changes nothing.
  preset.origin = origin;
  preset.step.reset();
  if (!m.apply_preset(preset)) {
    error = m.error();
    return false;
  }
  m.select(part.n, part.c_out, part.c_in);
  m.timeline().playing = false;
  m.timeline().steps_per_second = part.steps_per_second;
  m.set_step_unit(step_unit(part.shell.view));
  m.timeline().scrub(part.step);
  shell = part.shell;
  return true;
}

bool load_session_file(const std::string& path, Model& m, SessionShell& shell, std::string& error) {
  std::string text;
  if (!platform::read_file(path, text, error)) return false;
  return load_session_text(text, path, m, shell, error);
}

bool save_session_file(const std::string& path, const Model& m, const SessionShell& shell,
                       std::string& error) {
  return platform::write_file_atomic(path, session_json(m, shell), error);
}

}  // namespace studio
