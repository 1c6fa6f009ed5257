// Exercise questions and answers as JSON, read strictly: a typo in a
// teacher's sheet or a student's answer file is named, never guessed at.
#include <algorithm>

#include "quiz.h"
#include "spec.h"
#include "tconv/checks.h"

namespace cli {

using nlohmann::json;
using nlohmann::ordered_json;
namespace ex = tconv::exercise;

namespace {

// [SECTION] Writing.
ordered_json pair_json(tconv::Pair p) {
  if (p.h == p.w) return p.h;
  return ordered_json::array({p.h, p.w});
}

ordered_json pair_list(tconv::Pair p) {
  return ordered_json::array({p.h, p.w});
}

bool asked(const ex::Question& q, bool ex::Ask::*flag) {
  return q.kind == ex::Kind::Params && q.ask.*flag;
}

ordered_json spec_json(const ex::Question& q) {
  ordered_json s = ordered_json::object();
  const tconv::Problem& p = q.problem;
  if (q.kind == ex::Kind::Checkerboard) {  // each option completes it
    s["input_shape"] = p.input.shape;
    return s;
  }
  auto tensor = [&s](const std::string& name, const tconv::Array& a) {
    if (a.data.empty())
      s[name + "_shape"] = a.shape;
    else
      s[name] = array_to_json(a);
  };
  tensor("input", p.input);
  tensor("weight", p.weight);
  if (p.bias) tensor("bias", *p.bias);
  const tconv::ConvTranspose2dArgs& a = p.args;
  if (!asked(q, &ex::Ask::find_stride)) s["stride"] = pair_json(a.stride);
  if (!asked(q, &ex::Ask::find_padding)) s["padding"] = pair_json(a.padding);
  if (q.kind != ex::Kind::OutputPadding) s["output_padding"] = pair_json(a.output_padding);
  s["groups"] = a.groups;
  if (!asked(q, &ex::Ask::find_dilation)) s["dilation"] = pair_json(a.dilation);
  if (a.output_size) s["output_size"] = *a.output_size;
  return s;
}

ordered_json ask_json(const ex::Question& q) {
  ordered_json a = ordered_json::object();
  switch (q.kind) {
    case ex::Kind::Value:
    case ex::Kind::Feeders:
      a["index"] = q.ask.index;
      break;
    case ex::Kind::OutputPadding:
      a["output_size"] = pair_list(q.ask.output_size);
      break;
    case ex::Kind::Params: {
      auto find = ordered_json::array();
      if (q.ask.find_stride) find.push_back("stride");
      if (q.ask.find_padding) find.push_back("padding");
      if (q.ask.find_dilation) find.push_back("dilation");
      a["find"] = find;
      const ex::Picture& pic = q.ask.picture;
      a["input_size"] = pair_list(pic.input_size);
      a["kernel_size"] = pair_list(pic.kernel_size);
      a["footprint"] = pair_list(pic.footprint);
      a["canvas"] = pair_list(pic.canvas);
      a["output_size"] = pair_list(pic.output_size);
      break;
    }
    case ex::Kind::Matrix:
      a["row"] = q.ask.row;
      break;
    case ex::Kind::Checkerboard: {
      auto options = ordered_json::array();
      for (const ex::Option& o : q.ask.options) {
        ordered_json e;
        e["weight_shape"] = {1, 1, o.kernel_size.h, o.kernel_size.w};
        e["stride"] = pair_json(o.stride);
        if (o.dilation != tconv::Pair(1)) e["dilation"] = pair_json(o.dilation);
        options.push_back(std::move(e));
      }
      a["options"] = std::move(options);
      break;
    }
    case ex::Kind::Shape:
      break;
  }
  return a;
}

}  // namespace

ordered_json answer_to_json(const ex::Question& q, const ex::Answer& a) {
  switch (q.kind) {
    case ex::Kind::Shape:
      return a.shape;
    case ex::Kind::Value:
      return float_to_json(static_cast<float>(a.value));
    case ex::Kind::Feeders:
      return a.feeders;
    case ex::Kind::OutputPadding:
      return a.output_padding ? pair_list(*a.output_padding) : ordered_json(nullptr);
    case ex::Kind::Params: {
      ordered_json o = ordered_json::object();
      if (q.ask.find_stride) o["stride"] = pair_json(a.stride);
      if (q.ask.find_padding) o["padding"] = pair_json(a.padding);
      if (q.ask.find_dilation) o["dilation"] = pair_json(a.dilation);
      return o;
    }
    case ex::Kind::Matrix: {
      auto list = ordered_json::array();
      for (const ex::MatrixEntry& e : a.entries) {
        ordered_json item;
        item["col"] = e.col;
        item["tap"] = {e.kh, e.kw};
        list.push_back(std::move(item));
      }
      return list;
    }
    case ex::Kind::Checkerboard:
      break;
  }
  return a.choices;
}

ordered_json question_to_json(const ex::Question& q, bool with_answer) {
  ordered_json j;
  j["kind"] = std::string(ex::kind_name(q.kind));
  if (q.level > 0) {
    j["level"] = q.level;
    j["seed"] = q.seed;
  }
  j["text"] = q.text;
  j["spec"] = spec_json(q);
  j["ask"] = ask_json(q);
  if (with_answer) j["answer"] = answer_to_json(q, q.answer);
  return j;
}

}  // namespace cli
