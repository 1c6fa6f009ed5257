// The palette on a projector (issue #14): every colour meant to be seen
// reaches 3:1 against its background in both themes and both palettes
// (WCAG 2.1 relative luminance and contrast ratio), values stay readable on
// their fills, and the three kinds of zero differ by more than a grey level.
#include <gtest/gtest.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "draw.h"
#include "style.h"

namespace studio {
namespace {

double linear(ImU32 c, int shift) {
  const double v = ((c >> shift) & 0xFF) / 255.0;
  return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
}

double luminance(ImU32 c) {
  return 0.2126 * linear(c, IM_COL32_R_SHIFT) + 0.7152 * linear(c, IM_COL32_G_SHIFT) +
         0.0722 * linear(c, IM_COL32_B_SHIFT);
}

double contrast(ImU32 a, ImU32 b) {
  const double la = luminance(a), lb = luminance(b);
  return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

// max − min of the 8-bit channels: 0 for a grey.
int chroma(ImU32 c) {
  const int r = (c >> IM_COL32_R_SHIFT) & 0xFF, g = (c >> IM_COL32_G_SHIFT) & 0xFF,
            b = (c >> IM_COL32_B_SHIFT) & 0xFF;
  return std::max({r, g, b}) - std::min({r, g, b});
}

struct Theme {
  bool dark, colorblind;
  std::string name() const {
    return std::string(dark ? "dark" : "light") + (colorblind ? ", colour-blind" : "");
  }
};
const Theme kThemes[] = {{true, true}, {true, false}, {false, true}, {false, false}};

// Every colour a view or panel draws to be seen, by name.
std::vector<std::pair<std::string, ImU32>> seen(const Palette& p) {
  std::vector<std::pair<std::string, ImU32>> c = {{"input", p.input},
                                                  {"output", p.output},
                                                  {"kernel", p.kernel},
                                                  {"output_padding", p.output_padding},
                                                  {"highlight", p.highlight},
                                                  {"hover", p.hover},
                                                  {"text", p.text},
                                                  {"grid", p.grid},
                                                  {"positive", p.positive},
                                                  {"negative", p.negative},
                                                  {"error", p.error},
                                                  {"padding_mark", p.padding_mark},
                                                  {"inserted_mark", p.inserted_mark}};
  for (int i = 0; i < 8; ++i) c.push_back({"taps[" + std::to_string(i) + "]", p.taps[i]});
  return c;
}

TEST(StudioPalette, SeenColoursReach3To1OnTheBackground) {
  for (const Theme& t : kThemes) {
    const Palette p = make_palette(t.dark, t.colorblind);
    for (const auto& [name, c] : seen(p))
      EXPECT_GE(contrast(c, p.background), 3.0) << name << " in " << t.name();
    EXPECT_GE(contrast(p.text, p.background), 4.5) << "text in " << t.name();
  }
}

TEST(StudioPalette, ValuesReadOnTheirFills) {
  for (const Theme& t : kThemes) {
    const Palette p = make_palette(t.dark, t.colorblind);
    for (ImU32 fill : {p.input, p.output, p.kernel, p.positive, p.negative, p.output_padding})
      EXPECT_GE(contrast(ui::text_on(fill), fill), 4.5) << t.name();
  }
}

TEST(StudioPalette, ZeroKindsDifferByMoreThanAGreyLevel) {
  using ui::ZeroKind;
  for (const Theme& t : kThemes) {
    SCOPED_TRACE(t.name());
    const Palette p = make_palette(t.dark, t.colorblind);
    const ui::CellStyle pad = ui::zero_cell(ZeroKind::Padding, p);
    const ui::CellStyle ins = ui::zero_cell(ZeroKind::Inserted, p);
    const ui::CellStyle op = ui::zero_cell(ZeroKind::OutputPadding, p);
    // Form: each kind its own mark.
    EXPECT_NE(pad.pattern, ins.pattern);
    EXPECT_NE(pad.pattern, op.pattern);
    EXPECT_NE(ins.pattern, op.pattern);
    // Hue: the padding frame is grey, the inserted and output_padding ones
    // are coloured, and not the same colour.
    EXPECT_LT(chroma(pad.border_color), 24);
    EXPECT_GT(chroma(ins.border_color), 100);
    EXPECT_GT(chroma(op.border_color), 100);
    EXPECT_NE(ins.border_color, op.border_color);
    // Every frame is seen; the fills stay quiet (a zero adds nothing).
    for (const ui::CellStyle& z : {pad, ins, op}) {
      EXPECT_GE(contrast(z.border_color, p.background), 3.0);
      EXPECT_LT(contrast(z.fill, p.background), 1.6);
      EXPECT_STREQ(z.label, "0");
    }
  }
}

}  // namespace
}  // namespace studio
