// Links (format in link.h): parsed strictly, so a typo in a shared link is
// named rather than silently ignored; applied to a copy of the model, so a
// bad link changes nothing.
#include "link.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <stdexcept>

namespace studio {
namespace {

struct LinkError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

[[noreturn]] void fail(const std::string& what) {
  throw LinkError(what);
}

// A message quotes the link's own text, so control characters in it (a
// percent-decoded %0A, a pasted tab) are written as \n, \t, \xNN: the
// message stays one line, as the status line and the CLI print it.
std::string link_message(const char* what) {
  std::string out = "link: ";
  for (const char* c = what; *c; ++c) {
    const auto u = static_cast<unsigned char>(*c);
    if (u >= 0x20 && u != 0x7f) {
      out += *c;
    } else if (*c == '\n') {
      out += "\\n";
    } else if (*c == '\t') {
      out += "\\t";
    } else if (*c == '\r') {
      out += "\\r";
    } else {
      constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

// [SECTION] Keys and values

enum class Kind { Int, Pair, Bool };
struct ParamKey {
  const char* name;
  Kind kind;
};
// PyTorch's order (nn.ConvTranspose2d's arguments), then the input's.
constexpr ParamKey kParamKeys[] = {
    {"in_channels", Kind::Int}, {"out_channels", Kind::Int}, {"kernel_size", Kind::Pair},
    {"stride", Kind::Pair},     {"padding", Kind::Pair},     {"output_padding", Kind::Pair},
    {"groups", Kind::Int},      {"bias", Kind::Bool},        {"dilation", Kind::Pair},
    {"input_size", Kind::Pair}, {"batch", Kind::Int},        {"unbatched", Kind::Bool}};
constexpr const char* kOtherKeys[] = {"preset", "s", "view", "step", "bench"};

const ParamKey* param_key(const std::string& name) {
  for (const ParamKey& k : kParamKeys)
    if (name == k.name) return &k;
  return nullptr;
}

std::string valid_keys() {
  std::string out;
  for (const char* k : kOtherKeys) out += (out.empty() ? "" : ", ") + std::string(k);
  for (const ParamKey& k : kParamKeys) out += std::string(", ") + k.name;
  return out;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    const int hi = i + 2 < s.size() ? hex_digit(s[i + 1]) : -1;
    const int lo = hi >= 0 ? hex_digit(s[i + 2]) : -1;
    if (lo < 0)
      fail(std::string("'") + std::string(s) + "' has a '%' not followed by two hex digits");
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

std::string percent_encode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == ',') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// A whole number 0..999999999 (past that no slider goes, and no overflow).
bool whole(std::string_view s, int64_t& v) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  if (s.empty() || s.size() > 9) return false;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && end == s.data() + s.size() && v >= 0;
}

int64_t int_value(const std::string& key, const std::string& value) {
  int64_t v = 0;
  if (!whole(value, v)) fail(key + "=" + value + " is not a whole number (e.g. " + key + "=2)");
  return v;
}

// "2" → (2, 2); "2,1", "(2, 1)" or "[2,1]" → (2, 1).
tconv::Pair pair_value(const std::string& key, const std::string& value) {
  std::string s = value;
  if (s.size() >= 2 &&
      ((s.front() == '(' && s.back() == ')') || (s.front() == '[' && s.back() == ']')))
    s = s.substr(1, s.size() - 2);
  const size_t comma = s.find(',');
  int64_t h = 0, w = 0;
  const bool ok = comma == std::string::npos ? whole(s, h) && (w = h, true)
                                             : whole(std::string_view(s).substr(0, comma), h) &&
                                                   whole(std::string_view(s).substr(comma + 1), w);
  if (!ok)
    fail(key + "=" + value + " is not a whole number or a pair of them (e.g. " + key + "=2 or " +
         key + "=2,1)");
  return {h, w};
}

bool bool_value(const std::string& key, const std::string& value) {
  if (value == "true" || value == "1") return true;
  if (value == "false" || value == "0") return false;
  fail(key + "=" + value + " must be true or false (or 1 or 0)");
}

void set_param(Params& p, const std::string& key, const std::string& value) {
  const ParamKey* k = param_key(key);
  if (key == "in_channels") p.in_channels = int_value(key, value);
  if (key == "out_channels") p.out_channels = int_value(key, value);
  if (key == "groups") p.groups = int_value(key, value);
  if (key == "batch") p.batch = int_value(key, value);
  if (key == "bias") p.bias = bool_value(key, value);
  if (key == "unbatched") p.unbatched = bool_value(key, value);
  if (k->kind != Kind::Pair) return;
  const tconv::Pair v = pair_value(key, value);
  if (key == "kernel_size") p.kernel_h = v.h, p.kernel_w = v.w;
  if (key == "stride") p.stride = v;
  if (key == "padding") p.padding = v;
  if (key == "output_padding") p.output_padding = v;
  if (key == "dilation") p.dilation = v;
  if (key == "input_size") p.in_h = v.h, p.in_w = v.w;
}

// One key=value of the fragment into `link`.
void take_item(const std::string& key, const std::string& value, Link& link) {
  if (key == "preset") {
    if (value.empty()) fail("preset= is empty: name a preset (e.g. preset=d2l-basic)");
    link.preset = value;
  } else if (key == "s") {
    std::string json;
    if (!base64url_decode(value, json))
      fail("s= is not base64url text (a session link cut short or changed?)");
    link.session = json;
  } else if (key == "view") {
    link.view = parse_view(value);
    if (!link.view) fail(std::string("unknown view '") + value + "'; valid views: " + view_names());
  } else if (key == "step") {
    link.step = int_value(key, value);
  } else if (key == "bench") {
    link.bench_frames = int_value(key, value);
    if (link.bench_frames < 1 || link.bench_frames > 1000000)
      fail(std::string("bench=") + value + " is outside 1..1000000 frames");
  } else if (const ParamKey* k = param_key(key)) {
    Params scratch;  // checks the value's form now, so the message comes early
    set_param(scratch, k->name, value);
    link.params.emplace_back(key, value);
  } else {
    fail(std::string("unknown key '") + key + "' (valid keys: " + valid_keys() + ")");
  }
}

std::string pair_link(int64_t h, int64_t w) {
  return h == w ? std::to_string(h) : std::to_string(h).append(",").append(std::to_string(w));
}

// "&key=value" for each parameter of `p` that differs from `base`.
std::string param_changes(const Params& p, const Params& base) {
  std::string out;
  const auto add = [&](const char* key, bool differs, const std::string& value) {
    if (differs) out.append("&").append(key).append("=").append(value);
  };
  const auto pair = [&](const char* key, const tconv::Pair& a, const tconv::Pair& b) {
    add(key, a != b, pair_link(a.h, a.w));
  };
  add("in_channels", p.in_channels != base.in_channels, std::to_string(p.in_channels));
  add("out_channels", p.out_channels != base.out_channels, std::to_string(p.out_channels));
  add("kernel_size", p.kernel_h != base.kernel_h || p.kernel_w != base.kernel_w,
      pair_link(p.kernel_h, p.kernel_w));
  pair("stride", p.stride, base.stride);
  pair("padding", p.padding, base.padding);
  pair("output_padding", p.output_padding, base.output_padding);
  add("groups", p.groups != base.groups, std::to_string(p.groups));
  add("bias", p.bias != base.bias, p.bias ? "true" : "false");
  pair("dilation", p.dilation, base.dilation);
  add("input_size", p.in_h != base.in_h || p.in_w != base.in_w, pair_link(p.in_h, p.in_w));
  add("batch", p.batch != base.batch, std::to_string(p.batch));
  add("unbatched", p.unbatched != base.unbatched, p.unbatched ? "true" : "false");
  return out;
}

}  // namespace

// [SECTION] Parsing and applying

bool parse_link(const std::string& text, Link& link, std::string& error) {
  link = {};
  std::string_view frag = text;
  while (!frag.empty() && std::isspace(static_cast<unsigned char>(frag.front())))
    frag.remove_prefix(1);
  while (!frag.empty() && std::isspace(static_cast<unsigned char>(frag.back())))
    frag.remove_suffix(1);
  if (const size_t hash = frag.find('#'); hash != std::string_view::npos)
    frag = frag.substr(hash + 1);
  else if (frag.find("://") != std::string_view::npos)
    frag = {};  // the page's address alone: the default state
  std::vector<std::string> seen;
  try {
    while (!frag.empty()) {
      const size_t amp = frag.find('&');
      const std::string_view item = frag.substr(0, amp);
      frag = amp == std::string_view::npos ? std::string_view() : frag.substr(amp + 1);
      if (item.empty()) continue;
      const size_t eq = item.find('=');
      if (eq == std::string_view::npos)
        fail(std::string("'") + percent_decode(item) +
             "' has no value (write key=value, e.g. stride=2)");
      const std::string key = percent_decode(item.substr(0, eq));
      const std::string value = percent_decode(item.substr(eq + 1));
      if (std::find(seen.begin(), seen.end(), key) != seen.end())
        fail(std::string("'") + key + "' is given twice");
      seen.push_back(key);
      take_item(key, value, link);
    }
    if (link.preset && link.session)
      fail("preset= and s= exclude each other (s= holds a whole session, preset included)");
  } catch (const LinkError& e) {
    link = {};
    error = link_message(e.what());
    return false;
  }
  return true;
}

bool apply_link(const Link& link, const PresetLibrary& presets, Model& model, LinkShell& shell,
                std::string& error) {
  Model m = model;
  LinkShell out;
  try {
    if (link.preset) {
      const Preset* p = presets.find(*link.preset);
      if (!p) {
        std::string names;
        for (const Preset& q : presets.presets) names += (names.empty() ? "" : ", ") + q.name;
        fail(std::string("unknown preset '") + *link.preset +
             "'; valid presets: " + (names.empty() ? "(none found)" : names));
      }
      if (!m.apply_preset(*p)) fail(m.error());
      out.view = p->view;
    }
    if (link.session) {
      SessionShell s;
      std::string e;
      if (!load_session_text(*link.session, "the session in s=", m, s, e)) fail(e);
      out.view = s.view;
      out.presenter = s.presenter;
    }
    if (!link.params.empty()) {
      Params p = m.params();
      for (const auto& [key, value] : link.params) set_param(p, key, value);
      if (!m.set_params(p)) fail(m.error());
    }
    if (link.view) out.view = link.view;
    if (link.step) {
      // Counted from 1 in the unit of the view, as --step and the timeline.
      const StepUnit unit = counting_unit(out.view.value_or(ViewId::Scatter));
      m.set_step_unit(unit);
      const int64_t count = m.step_count(unit);
      if (*link.step < 1 || *link.step > count)
        fail(std::string("step=") + std::to_string(*link.step) +
             " is out of range: this state has " + std::to_string(count) + " steps (" +
             step_unit_name(unit, true) + ", 1.." + std::to_string(count) + ")");
      m.timeline().scrub(*link.step - 1);
    }
  } catch (const LinkError& e) {
    error = link_message(e.what());
    return false;
  }
  model = std::move(m);
  shell = out;
  return true;
}

std::string make_link(const Model& model, const SessionShell& shell, const PresetLibrary& presets) {
  const std::string want = session_json(model, shell);
  if (const Preset* p = presets.find(model.preset_name())) {
    std::string frag = std::string("preset=") + percent_encode(p->name) +
                       param_changes(model.params(), p->params) + "&view=" + view_name(shell.view);
    if (model.timeline().step != 0)
      frag.append("&step=").append(std::to_string(step_number(model.timeline().step)));
    // Readable only when it reopens exactly this state (values edited by
    // hand, a selection or a speed need the whole session).
    Link link;
    Model fresh;
    LinkShell ls;
    std::string error;
    if (parse_link(frag, link, error) && apply_link(link, presets, fresh, ls, error) &&
        session_json(fresh, shell) == want)
      return frag;
  }
  return std::string("s=") + base64url_encode(want);
}

// [SECTION] base64url

std::string base64url_encode(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  uint32_t acc = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    acc = (acc << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kAlphabet[(acc >> bits) & 63];
    }
  }
  if (bits > 0) out += kAlphabet[(acc << (6 - bits)) & 63];
  return out;
}

bool base64url_decode(std::string_view text, std::string& bytes) {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  bytes.clear();
  uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    int v = -1;
    if (c >= 'A' && c <= 'Z') v = c - 'A';
    if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
    if (c >= '0' && c <= '9') v = c - '0' + 52;
    if (c == '-' || c == '+') v = 62;
    if (c == '_' || c == '/') v = 63;
    if (v < 0) return false;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  // A lone trailing character carries fewer than 8 bits: the text was cut.
  return text.size() % 4 != 1;
}

}  // namespace studio
