// Links (model/link.h): the fragment grammar, every key by PyTorch's name,
// s= sessions, share links that reopen exactly the state they came from,
// and a clear message for each kind of bad link, with the model untouched.
#include <gtest/gtest.h>

#include "link.h"
#include "model_session.h"
#include "preset.h"
#include "studio_testing.h"

namespace studio {
namespace {

const PresetLibrary& presets() {
  static const PresetLibrary lib = load_preset_dir(testing::presets_dir());
  return lib;
}

// Parses and applies `text` to a fresh model; the test fails on an error.
Model opened(const std::string& text, LinkShell* shell = nullptr) {
  Model m;
  Link link;
  LinkShell s;
  std::string error;
  EXPECT_TRUE(parse_link(text, link, error)) << error;
  EXPECT_TRUE(apply_link(link, presets(), m, s, error)) << error;
  if (shell) *shell = s;
  return m;
}

// The message a bad link gives, with the model unchanged.
std::string rejected(const std::string& text) {
  Model m;
  const std::string before = session_json(m, {});
  Link link;
  LinkShell s;
  std::string error;
  if (parse_link(text, link, error) && apply_link(link, presets(), m, s, error))
    ADD_FAILURE() << text << " was accepted";
  EXPECT_EQ(session_json(m, {}), before) << text << " changed the model";
  EXPECT_EQ(error.rfind("link: ", 0), 0u) << error;
  return error;
}

TEST(StudioLink, Base64urlRoundTripsAndKnownVectors) {
  EXPECT_EQ(base64url_encode(""), "");
  EXPECT_EQ(base64url_encode("f"), "Zg");
  EXPECT_EQ(base64url_encode("fo"), "Zm8");
  EXPECT_EQ(base64url_encode("foo"), "Zm9v");
  EXPECT_EQ(base64url_encode("\xfb\xff"), "-_8");
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  for (size_t n = 0; n < all.size(); n += 37) {
    std::string back;
    ASSERT_TRUE(base64url_decode(base64url_encode(all.substr(0, n)), back));
    EXPECT_EQ(back, all.substr(0, n));
  }
  std::string out;
  EXPECT_TRUE(base64url_decode("Zm9v", out));
  EXPECT_TRUE(base64url_decode("Zg==", out));  // padding and + / are taken too
  EXPECT_EQ(out, "f");
  EXPECT_TRUE(base64url_decode("+/8", out));
  EXPECT_EQ(out, "\xfb\xff");
  EXPECT_FALSE(base64url_decode("Zm9v!", out));
  EXPECT_FALSE(base64url_decode("Zm9vZ", out));  // one character too many: cut
}

TEST(StudioLink, UrlFragmentOrBareFragment) {
  for (const char* text :
       {"https://example.org/tconv/#preset=d2l-stride&view=scatter&step=3",
        "#preset=d2l-stride&view=scatter&step=3", "preset=d2l-stride&view=scatter&step=3",
        "  preset=d2l-stride&&view=scatter&step=3&  ", "preset=d2l%2Dstride&view=scatter&step=3"}) {
    LinkShell shell;
    const Model m = opened(text, &shell);
    EXPECT_EQ(m.preset_name(), "d2l-stride") << text;
    EXPECT_EQ(m.timeline().step, 2) << text;  // step=3 is the third: index 2
    EXPECT_EQ(shell.view, ViewId::Scatter) << text;
  }
  // The page's address alone, or nothing: the default state.
  for (const char* text : {"", "https://example.org/tconv/", "https://example.org/#"}) {
    Link link;
    std::string error;
    ASSERT_TRUE(parse_link(text, link, error)) << error;
    EXPECT_TRUE(link.empty()) << text;
  }
}

TEST(StudioLink, EveryParameterByPyTorchName) {
  const Model m = opened(
      "preset=d2l-basic&in_channels=4&out_channels=6&kernel_size=3,2&stride=2,1&padding=(1, "
      "0)&output_padding=1,0&groups=2&bias=true&dilation=1,2&input_size=[5,4]&batch=3");
  const Params& p = m.params();
  EXPECT_EQ(p.in_channels, 4);
  EXPECT_EQ(p.out_channels, 6);
  EXPECT_EQ(p.kernel_h, 3);
  EXPECT_EQ(p.kernel_w, 2);
  EXPECT_EQ(p.stride, tconv::Pair(2, 1));
  EXPECT_EQ(p.padding, tconv::Pair(1, 0));
  EXPECT_EQ(p.output_padding, tconv::Pair(1, 0));
  EXPECT_EQ(p.groups, 2);
  EXPECT_TRUE(p.bias);
  EXPECT_EQ(p.dilation, tconv::Pair(1, 2));
  EXPECT_EQ(p.in_h, 5);
  EXPECT_EQ(p.in_w, 4);
  EXPECT_EQ(p.batch, 3);
  EXPECT_TRUE(opened("unbatched=1&stride=2").params().unbatched);
  EXPECT_EQ(opened("stride=3").params().stride, tconv::Pair(3));
}

TEST(StudioLink, BadLinksSayWhatIsWrongAndChangeNothing) {
  EXPECT_NE(rejected("strides=2").find("unknown key 'strides'"), std::string::npos);
  EXPECT_NE(rejected("strides=2").find("stride"), std::string::npos);  // the valid keys
  EXPECT_NE(rejected("stride=two").find("stride=two is not a whole number"), std::string::npos);
  EXPECT_NE(rejected("stride=2,").find("stride=2,"), std::string::npos);
  EXPECT_NE(rejected("stride=-1").find("stride=-1"), std::string::npos);
  EXPECT_NE(rejected("stride").find("'stride' has no value"), std::string::npos);
  EXPECT_NE(rejected("stride=2&stride=3").find("'stride' is given twice"), std::string::npos);
  EXPECT_NE(rejected("bias=yes").find("bias=yes must be true or false"), std::string::npos);
  EXPECT_NE(rejected("view=side").find("unknown view 'side'"), std::string::npos);
  EXPECT_NE(rejected("preset=nope").find("unknown preset 'nope'; valid presets: "),
            std::string::npos);
  EXPECT_NE(rejected("preset=d2l-basic&step=5").find("step=5 is out of range"), std::string::npos);
  EXPECT_NE(rejected("preset=d2l-basic&step=0").find("step=0 is out of range"), std::string::npos);
  EXPECT_NE(rejected("stride=%zz").find("'%'"), std::string::npos);
  EXPECT_NE(rejected("s=@@@").find("s= is not base64url"), std::string::npos);
  EXPECT_NE(rejected("s=" + base64url_encode("{\"a\": 1}")).find("the session in s="),
            std::string::npos);
  EXPECT_NE(rejected("preset=d2l-basic&s=e30").find("exclude each other"), std::string::npos);
  EXPECT_NE(rejected("bench=0").find("bench=0"), std::string::npos);
  // PyTorch's own message for a combination it rejects.
  const std::string torch = rejected("preset=d2l-basic&output_padding=1");
  EXPECT_NE(torch.find("output padding must be smaller than either stride or dilation"),
            std::string::npos)
      << torch;
  // Past the studio's limits: its message, naming the limit.
  EXPECT_NE(rejected("in_channels=65").find("65"), std::string::npos);
  // The link's own text, quoted, keeps the message on one line (fuzz finding).
  EXPECT_NE(rejected("bench=3%0A%1A").find("bench=3\\n\\x1a is not a whole number"),
            std::string::npos)
      << rejected("bench=3%0A%1A");
  EXPECT_NE(rejected("preset=a%0Ab").find("unknown preset 'a\\nb'"), std::string::npos);
}

TEST(StudioLink, ShareLinksReopenExactlyTheStateReadableWhenTheyCan) {
  for (const Preset& p : presets().presets) {
    Model m;
    ASSERT_TRUE(m.apply_preset(p)) << m.error();
    const SessionShell shell{p.view.value_or(ViewId::All), {}};
    const std::string frag = make_link(m, shell, presets());
    EXPECT_EQ(frag.rfind("preset=" + p.name + "&view=", 0), 0u) << frag;
    LinkShell ls;
    const Model back = opened(frag, &ls);
    EXPECT_EQ(session_json(back, SessionShell{*ls.view, {}}), session_json(m, shell)) << frag;
  }
  // Parameters changed from the preset: still readable.
  Model m;
  Params p = m.params();
  p.stride = {2, 1};
  p.padding = 1;
  ASSERT_TRUE(m.set_params(p)) << m.error();
  m.timeline().scrub(2);
  const SessionShell shell{ViewId::Matrix, {}};
  const std::string frag = make_link(m, shell, presets());
  EXPECT_EQ(frag, "preset=d2l-basic&stride=2,1&padding=1&view=matrix&step=3");
  // A value edited by hand: only the whole session reopens it.
  ASSERT_TRUE(m.set_value(Target::Weight, {0, 0, 1, 1}, 7.5f)) << m.error();
  const std::string s = make_link(m, shell, presets());
  ASSERT_EQ(s.rfind("s=", 0), 0u) << s;
  LinkShell ls;
  const Model back = opened("https://example.org/#" + s, &ls);
  EXPECT_EQ(ls.view, ViewId::Matrix);
  ASSERT_TRUE(ls.presenter.has_value());
  EXPECT_EQ(session_json(back, shell), session_json(m, shell));
}

TEST(StudioLink, ParametersApplyOnTopOfASession) {
  Model m;
  const std::string s = base64url_encode(session_json(m, {}));
  const Model back = opened("s=" + s + "&stride=2&view=flip&step=1");
  EXPECT_EQ(back.params().stride, tconv::Pair(2));
  EXPECT_EQ(back.timeline().step, 0);  // step=1: the first
}

}  // namespace
}  // namespace studio
