// Preset files: parsing (format in preset.h and assets/presets/README.md)
// and the presets folder (platform::find_assets_dir() finds the assets).
#include "preset.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <stdexcept>

#include "model_json.h"
#include "tconv/args.h"
#include "tconv/errors.h"

namespace studio {
namespace {

using nlohmann::json;

// A problem with the preset's content; caught in parse_preset and prefixed
// with the file name, so no helper needs to know it.
struct PresetError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

[[noreturn]] void fail(const std::string& what) {
  throw PresetError(what);
}

void check_keys(const json& obj, const std::string& where,
                std::initializer_list<const char*> keys) {
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    const bool known =
        std::any_of(keys.begin(), keys.end(), [&](const char* k) { return it.key() == k; });
    if (!known) {
      std::string list;
      for (const char* k : keys) list += (list.empty() ? "" : ", ") + std::string(k);
      fail("unknown key " + json(it.key()).dump() + where + " (expected one of: " + list + ")");
    }
  }
}

int64_t get_int(const json& v, const std::string& name) {
  if (!v.is_number_integer()) fail("\"" + name + "\" must be an integer, got " + v.dump());
  return v.get<int64_t>();
}

// PyTorch's int-or-list arguments; pair_from_list gives PyTorch's message
// for a list of the wrong length.
tconv::Pair get_pair(const json& v, const std::string& name) {
  if (v.is_number_integer()) return tconv::Pair(v.get<int64_t>());
  if (!v.is_array())
    fail("\"" + name + "\" must be an integer or a list of 2 integers, got " + v.dump());
  std::vector<int64_t> values;
  for (const auto& e : v) values.push_back(get_int(e, name));
  try {
    return tconv::pair_from_list(name, values);
  } catch (const tconv::ArgumentError& e) {
    fail(e.what());
  }
}

bool get_bool(const json& v, const std::string& name) {
  if (!v.is_boolean()) fail("\"" + name + "\" must be true or false, got " + v.dump());
  return v.get<bool>();
}

std::string get_string(const json& v, const std::string& name) {
  if (!v.is_string()) fail("\"" + name + "\" must be a string, got " + v.dump());
  return v.get<std::string>();
}

Fill get_fill(const json& v, const std::string& name) {
  const std::string s = get_string(v, name);
  if (auto f = parse_fill(s)) return *f;
  fail("\"" + name + "\": unknown fill " + v.dump() +
       " (expected seed, arange, ones, random_int or random_normal)");
}

// Nested lists of numbers -> shape and row-major data; every row of a level
// must have the same length, as torch.tensor requires.
void flatten(const json& v, size_t depth, tconv::Shape& shape, std::vector<float>& data,
             const std::string& name) {
  if (v.is_number()) {
    if (depth != shape.size())
      fail("\"" + name + "\": a number where a list was expected (lists must be rectangular)");
    const auto x = static_cast<float>(v.get<double>());
    // torch.tensor would store inf here; the studio refuses it (cells and
    // sums become unreadable), as set_value does.
    if (!std::isfinite(x)) fail("\"" + name + "\": " + v.dump() + " is not a finite float32");
    data.push_back(x);
    return;
  }
  if (!v.is_array()) fail("\"" + name + "\": expected numbers or lists, got " + v.dump());
  const auto n = static_cast<int64_t>(v.size());
  if (depth == shape.size()) {
    if (!data.empty())
      fail("\"" + name + "\": a list where a number was expected (lists must be rectangular)");
    shape.push_back(n);
  } else if (shape[depth] != n) {
    fail("\"" + name + "\": rows of different lengths (" + std::to_string(shape[depth]) + " and " +
         std::to_string(n) + "); lists must be rectangular");
  }
  if (n == 0) fail("\"" + name + "\": empty list");
  for (const auto& e : v) flatten(e, depth + 1, shape, data, name);
}

// Explicit values fit `full` when their shape is `full` with leading sizes of
// 1 dropped: [[0, 1], [2, 3]] is a (1, 1, 2, 2) weight.
tconv::Array get_values(const json& v, const std::string& name, const tconv::Shape& full,
                        const char* dims) {
  tconv::Shape shape;
  std::vector<float> data;
  flatten(v, 0, shape, data, name);
  bool fits = shape.size() <= full.size();
  const size_t lead = fits ? full.size() - shape.size() : 0;
  for (size_t i = 0; fits && i < full.size(); ++i)
    fits = i < lead ? full[i] == 1 : full[i] == shape[i - lead];
  if (!fits)
    fail("\"" + name + "\" values of size " + tconv::format_shape(shape) + " do not fit the " +
         name + "'s size " + tconv::format_shape(full) + " " + dims);
  return tconv::Array(full, std::move(data));
}

// "params": nn.ConvTranspose2d's arguments by PyTorch's names.
void parse_params(const json& pj, Params& q) {
  if (!pj.is_object()) fail("\"params\" must be an object, got " + pj.dump());
  check_keys(pj, " in \"params\"",
             {"in_channels", "out_channels", "kernel_size", "stride", "padding", "output_padding",
              "dilation", "groups", "bias"});
  if (pj.contains("in_channels")) q.in_channels = get_int(pj["in_channels"], "in_channels");
  if (pj.contains("out_channels")) q.out_channels = get_int(pj["out_channels"], "out_channels");
  if (pj.contains("kernel_size")) {
    const tconv::Pair k = get_pair(pj["kernel_size"], "kernel_size");
    q.kernel_h = k.h;
    q.kernel_w = k.w;
  }
  if (pj.contains("stride")) q.stride = get_pair(pj["stride"], "stride");
  if (pj.contains("padding")) q.padding = get_pair(pj["padding"], "padding");
  if (pj.contains("output_padding"))
    q.output_padding = get_pair(pj["output_padding"], "output_padding");
  if (pj.contains("dilation")) q.dilation = get_pair(pj["dilation"], "dilation");
  if (pj.contains("groups")) q.groups = get_int(pj["groups"], "groups");
  if (pj.contains("bias")) q.bias = get_bool(pj["bias"], "bias");
}

// "input", "weight", "bias": nested lists in the array's shape, or a fill.
void parse_values(const json& j, Preset& p) {
  const Params& q = p.params;
  if (j.contains("bias") && !q.bias)
    fail("\"bias\" values given but params.bias is false (set \"bias\": true in \"params\")");
  struct Slot {
    const char* name;
    std::optional<tconv::Array>& values;
    Fill& fill;
    tconv::Shape shape;
    const char* dims;
  };
  Slot slots[] = {
      {"input", p.input, p.input_fill, q.input_shape(),
       q.unbatched ? "(in_channels, H, W)" : "(batch, in_channels, H, W)"},
      {"weight", p.weight, p.weight_fill, q.weight_shape(),
       "(in_channels, out_channels / groups, kH, kW)"},
      {"bias", p.bias, p.bias_fill, tconv::Shape{q.out_channels}, "(out_channels)"},
  };
  for (auto& s : slots) {
    if (!j.contains(s.name)) continue;
    const json& v = j[s.name];
    if (v.is_string())
      s.fill = get_fill(v, s.name);
    else
      s.values = get_values(v, s.name, s.shape, s.dims);
  }
}

void parse_object(const json& j, Preset& p) {
  if (!j.is_object()) fail("expected a JSON object at the top level, got " + j.dump());
  check_keys(j, "",
             {"name", "title", "description", "comment", "params", "input_size", "batch",
              "unbatched", "input", "weight", "bias", "fill", "seed", "view", "step"});
  if (!j.contains("name")) fail("missing \"name\"");
  p.name = get_string(j["name"], "name");
  if (p.name.empty()) fail("\"name\" is empty");
  if (j.contains("title")) p.title = get_string(j["title"], "title");
  if (j.contains("description")) p.description = get_string(j["description"], "description");

  Params& q = p.params;
  if (j.contains("params")) parse_params(j["params"], q);
  if (j.contains("input_size")) {
    const tconv::Pair s = get_pair(j["input_size"], "input_size");
    q.in_h = s.h;
    q.in_w = s.w;
  }
  if (j.contains("batch")) q.batch = get_int(j["batch"], "batch");
  if (j.contains("unbatched")) q.unbatched = get_bool(j["unbatched"], "unbatched");
  if (q.unbatched) q.batch = 1;

  if (j.contains("fill")) {
    const Fill f = get_fill(j["fill"], "fill");
    p.input_fill = p.weight_fill = p.bias_fill = f;
  }
  if (j.contains("seed")) {
    const int64_t s = get_int(j["seed"], "seed");
    if (s < 0) fail("\"seed\" must be >= 0, got " + std::to_string(s));
    p.seed = static_cast<uint64_t>(s);
  }
  parse_values(j, p);
  if (j.contains("view")) {
    const std::string v = get_string(j["view"], "view");
    p.view = parse_view(v);
    if (!p.view)
      fail("\"view\": unknown view " + j["view"].dump() + " (expected " + view_names(" or ") + ")");
  }
  if (j.contains("step")) {
    const int64_t s = get_int(j["step"], "step");
    if (s < 0) fail("\"step\" must be >= 0, got " + std::to_string(s));
    p.step = s;
  }
}

}  // namespace

bool parse_preset(const std::string& json_text, const std::string& origin, Preset& out,
                  std::string& error) {
  json j;
  if (!parse_json_text(json_text, origin, j, error)) return false;
  Preset p;
  p.origin = origin;
  try {
    parse_object(j, p);
  } catch (const std::exception& e) {
    error = origin + ": " + e.what();
    return false;
  }
  out = std::move(p);
  return true;
}

const Preset* PresetLibrary::find(const std::string& name) const {
  for (const auto& p : presets)
    if (p.name == name) return &p;
  return nullptr;
}

PresetLibrary load_preset_dir(const std::filesystem::path& dir) {
  namespace fs = std::filesystem;
  PresetLibrary lib;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    lib.errors.push_back(dir.string() + ": presets folder not found");
    return lib;
  }
  std::vector<fs::path> files;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->path().extension() == ".json" && it->is_regular_file(ec)) files.push_back(it->path());
  if (ec) lib.errors.push_back(dir.string() + ": " + ec.message());
  // File order first, so which of two same-named presets wins is stable.
  std::sort(files.begin(), files.end());
  std::set<std::string> names;
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (!in) {
      lib.errors.push_back(f.string() + ": cannot be read");
      continue;
    }
    Preset p;
    std::string err;
    if (!parse_preset(text.str(), f.string(), p, err)) {
      lib.errors.push_back(err);
      continue;
    }
    if (auto msg = check_params(p.params)) {
      lib.errors.push_back(f.string() + ": " + *msg);
      continue;
    }
    if (!names.insert(p.name).second) {
      lib.errors.push_back(f.string() + ": another preset is already named \"" + p.name + "\"");
      continue;
    }
    lib.presets.push_back(std::move(p));
  }
  std::sort(lib.presets.begin(), lib.presets.end(),
            [](const Preset& a, const Preset& b) { return a.name < b.name; });
  return lib;
}

}  // namespace studio
