// The Frameworks view's data: core's record and its rows in words.
#include "model_frameworks.h"

#include <algorithm>
#include <exception>

namespace studio {
namespace {

constexpr const char* kTimes = " \xC3\x97 ";    // " × "
constexpr const char* kDash = "\xE2\x80\x93";   // "–"
constexpr const char* kMinus = "\xE2\x88\x92";  // "−"

std::string size_text(const tconv::AxisWindow& h, const tconv::AxisWindow& w) {
  return std::to_string(h.size) + kTimes + std::to_string(w.size);
}

// "i−1", "i", "i+2": index i of the framework's output in PyTorch's.
std::string index_text(const char* name, int64_t shift) {
  std::string s = name;
  // Appended piece by piece: GCC 12 warns falsely (-Wrestrict) on "x" + string.
  if (shift < 0) s.append(kMinus).append(std::to_string(-shift));
  if (shift > 0) s.append("+").append(std::to_string(shift));
  return s;
}

// "1 row up", "2 cols right", "" when 0.
std::string move_text(int64_t shift, const char* unit, const char* before, const char* after) {
  if (shift == 0) return "";
  const int64_t n = shift < 0 ? -shift : shift;
  return std::to_string(n) + " " + unit + (n == 1 ? "" : "s") + " " + (shift < 0 ? before : after);
}

// "A", "A and B", "A, B and C".
std::string join_and(const std::vector<std::string>& names) {
  std::string s;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) s += i + 1 == names.size() ? " and " : ", ";
    s += names[i];
  }
  return s;
}

FrameworkRow pytorch_row(const tconv::FrameworkLayer& layer) {
  FrameworkRow r;
  r.label = "PyTorch";
  r.call = layer.call;
  r.h = layer.h;
  r.w = layer.w;
  return r;
}

FrameworkRow case_row(const tconv::FrameworkCase& c) {
  FrameworkRow r;
  r.convention = c.convention;
  r.label = c.label;
  r.call = c.call;
  r.relation = c.relation;
  r.refusal = c.refusal;
  r.h = c.h;
  r.w = c.w;
  return r;
}

// "PyTorch's y[i−1, j−1]": where the framework's y[i, j] sits in PyTorch's
// output (y_fw[i] = full[begin_fw + i] = y_pt[i + begin_fw − begin_pt]).
std::string shifted_index(int64_t dh, int64_t dw) {
  return "PyTorch's y[" + index_text("i", dh) + ", " + index_text("j", dw) + "]";
}

std::string make_headline(const FrameworksData& d) {
  const FrameworkRow& ref = d.rows.front();
  std::vector<std::string> shifted, same;
  for (size_t i = 1; i < d.rows.size(); ++i) {
    if (d.rows[i].relation == tconv::Relation::SameShapeShifted) shifted.push_back(d.rows[i].label);
    if (d.rows[i].relation == tconv::Relation::Same) same.push_back(d.rows[i].label);
  }
  const std::string shape = size_text(ref.h, ref.w);
  if (!shifted.empty())
    return join_and(shifted) + (shifted.size() == 1 ? " gives PyTorch's " : " give PyTorch's ") +
           shape + (shifted.size() == 1 ? " shape but keeps" : " shape but keep") +
           " other rows or columns of the full output: same shape, shifted values.";
  if (same.empty())
    return "No framework's padding mode gives PyTorch's " + shape + " output: each keeps " +
           "another window.";
  return "No framework here gives PyTorch's " + shape +
         " shape with shifted values: " + join_and(same) + (same.size() == 1 ? " keeps" : " keep") +
         " exactly its window.";
}

// The grid spans the full output and every window (output_padding or VALID
// with stride > kernel reach past it; a negative pad starts before it).
void span_windows(FrameworksData& d) {
  d.row_begin = 0;
  d.col_begin = 0;
  d.row_end = d.full_h;
  d.col_end = d.full_w;
  for (const FrameworkRow& r : d.rows) {
    if (r.relation == tconv::Relation::Refused) continue;
    d.row_begin = std::min(d.row_begin, r.h.begin);
    d.row_end = std::max(d.row_end, r.h.end());
    d.col_begin = std::min(d.col_begin, r.w.begin);
    d.col_end = std::max(d.col_end, r.w.end());
  }
}

}  // namespace

std::string window_text(const tconv::AxisWindow& w) {
  if (w.size <= 0) return "none";
  if (w.size == 1) return std::to_string(w.begin);
  return std::to_string(w.begin) + kDash + std::to_string(w.end() - 1);
}

std::string verdict_text(tconv::Relation relation, const tconv::AxisWindow& h,
                         const tconv::AxisWindow& w, const tconv::AxisWindow& ref_h,
                         const tconv::AxisWindow& ref_w) {
  switch (relation) {
    case tconv::Relation::Same:
      return "identical: the same window";
    case tconv::Relation::OtherShape:
      return "other shape: " + size_text(h, w);
    case tconv::Relation::Refused:
      return "refused";
    case tconv::Relation::SameShapeShifted:
      break;
  }
  const int64_t dh = h.begin - ref_h.begin, dw = w.begin - ref_w.begin;
  std::string moves = move_text(dh, "row", "up", "down");
  const std::string col_move = move_text(dw, "col", "left", "right");
  if (!moves.empty() && !col_move.empty()) moves += ", ";
  moves += col_move;
  return "same shape, window " + moves + ": y[i, j] = " + shifted_index(dh, dw);
}

std::string short_verdict_text(tconv::Relation relation, const tconv::AxisWindow& h,
                               const tconv::AxisWindow& w, const tconv::AxisWindow& ref_h,
                               const tconv::AxisWindow& ref_w) {
  switch (relation) {
    case tconv::Relation::Same:
      return "identical";
    case tconv::Relation::OtherShape:
      return size_text(h, w);
    case tconv::Relation::Refused:
      return "refused";
    case tconv::Relation::SameShapeShifted:
      break;
  }
  return "shifted: " + shifted_index(h.begin - ref_h.begin, w.begin - ref_w.begin);
}

FrameworksData build_frameworks_data(const tconv::Problem& p) {
  FrameworksData d;
  try {
    d.record = tconv::build_frameworks_record(p);
  } catch (const std::exception& e) {
    d.error = e.what();
    return d;
  } catch (...) {
    d.error = "building the frameworks' record failed";
    return d;
  }
  const tconv::FrameworkLayer& layer = d.record.translation.layer;
  d.full_h = layer.full.h.full();
  d.full_w = layer.full.w.full();
  d.rows.push_back(pytorch_row(layer));
  for (const tconv::FrameworkCase& c : d.record.cases) d.rows.push_back(case_row(c));
  const FrameworkRow ref = d.rows.front();
  d.default_selection = 0;
  for (size_t i = 0; i < d.rows.size(); ++i) {
    FrameworkRow& r = d.rows[i];
    r.rows = window_text(r.h);
    r.cols = window_text(r.w);
    r.verdict = i == 0 ? "the reference" : verdict_text(r.relation, r.h, r.w, ref.h, ref.w);
    r.short_verdict = i == 0 ? "reference" : short_verdict_text(r.relation, r.h, r.w, ref.h, ref.w);
    if (r.relation == tconv::Relation::Refused) continue;
    r.shift_h = r.h.begin - ref.h.begin;
    r.shift_w = r.w.begin - ref.w.begin;
    r.outside = r.h.begin < 0 || r.w.begin < 0 || r.h.end() > d.full_h || r.w.end() > d.full_w;
    if (r.relation == tconv::Relation::SameShapeShifted && !d.trap) {
      d.trap = true;
      d.default_selection = static_cast<int>(i);
    }
  }
  // Without a trap, compare with the first other framework that answers.
  for (size_t i = 1; i < d.rows.size() && d.default_selection == 0; ++i)
    if (d.rows[i].relation != tconv::Relation::Refused) d.default_selection = static_cast<int>(i);
  span_windows(d);
  d.headline = make_headline(d);
  return d;
}

}  // namespace studio
