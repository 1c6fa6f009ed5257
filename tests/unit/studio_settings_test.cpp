// Presenter settings without GL: where the file lives, write -> read back,
// corrupt files give the defaults and a message, the recent list.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "files.h"
#include "model_settings.h"
#include "storage.h"

namespace studio {
namespace {

namespace fs = std::filesystem;

class StudioSettings : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("tconv_settings_" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    file_ = dir_ / "cfg" / "settings.json";
  }
  void TearDown() override { fs::remove_all(dir_); }
  void write(const std::string& text) {
    fs::create_directories(file_.parent_path());
    std::ofstream(file_) << text;
  }
  // A corrupt file: defaults, false, and a message naming file and problem.
  void expect_defaults(const std::string& text, const std::string& problem) {
    write(text);
    Settings s;
    s.presenter.font_scale = 2.0f;  // must be reset
    std::string error;
    EXPECT_FALSE(load_settings(file_, s, error));
    EXPECT_EQ(s, Settings{});
    EXPECT_EQ(error.rfind(file_.string() + ": ", 0), 0u) << error;
    EXPECT_NE(error.find(problem), std::string::npos) << error;
    EXPECT_NE(error.find("using the default settings"), std::string::npos) << error;
  }
  fs::path dir_, file_;
};

TEST_F(StudioSettings, ConfigDirFromEnvironment) {
  const char* saved[3] = {std::getenv("TCONV_CONFIG_DIR"), std::getenv("XDG_CONFIG_HOME"),
                          std::getenv("HOME")};
  const std::string keep[3] = {saved[0] ? saved[0] : "", saved[1] ? saved[1] : "",
                               saved[2] ? saved[2] : ""};
  setenv("TCONV_CONFIG_DIR", "/tmp/a", 1);
  setenv("XDG_CONFIG_HOME", "/tmp/x", 1);
  setenv("HOME", "/tmp/h", 1);
  EXPECT_EQ(platform::config_dir(), fs::path("/tmp/a"));
  EXPECT_EQ(platform::settings_path(), fs::path("/tmp/a/settings.json"));
  setenv("TCONV_CONFIG_DIR", "", 1);  // empty counts as unset
  EXPECT_EQ(platform::config_dir(), fs::path("/tmp/x/tconv-studio"));
  unsetenv("XDG_CONFIG_HOME");
  EXPECT_EQ(platform::config_dir(), fs::path("/tmp/h/.config/tconv-studio"));
  unsetenv("HOME");
  EXPECT_TRUE(platform::config_dir().empty());
  EXPECT_TRUE(platform::settings_path().empty());
  const char* names[3] = {"TCONV_CONFIG_DIR", "XDG_CONFIG_HOME", "HOME"};
  for (int i = 0; i < 3; ++i) {
    if (saved[i])
      setenv(names[i], keep[i].c_str(), 1);
    else
      unsetenv(names[i]);
  }
}

TEST_F(StudioSettings, MissingFileGivesDefaultsQuietly) {
  Settings s;
  std::string error;
  EXPECT_TRUE(load_settings(file_, s, error));
  EXPECT_EQ(s, Settings{});
  EXPECT_TRUE(error.empty());
}

TEST_F(StudioSettings, WriteAndReadBack) {
  Settings s;
  s.presenter = Presenter{1.75f, false, false, true};
  s.recent = {"/a/one.json", "/b/two.json"};
  std::string error;
  ASSERT_TRUE(save_settings(file_, s, error)) << error;  // creates cfg/
  Settings back;
  ASSERT_TRUE(load_settings(file_, back, error)) << error;
  EXPECT_EQ(back, s);
  // An odd --font-scale is stored short and reads back as the same float.
  s.presenter.font_scale = 1.3f;
  ASSERT_TRUE(save_settings(file_, s, error)) << error;
  ASSERT_TRUE(load_settings(file_, back, error)) << error;
  EXPECT_EQ(back.presenter.font_scale, 1.3f);
  std::ifstream in(file_);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("\"font_scale\": 1.3,"), std::string::npos) << text;
  EXPECT_NE(text.find("\"theme\": \"light\""), std::string::npos) << text;
}

TEST_F(StudioSettings, CorruptFilesGiveDefaultsAndAMessage) {
  expect_defaults("{\"font_scale\": ", "malformed JSON at byte 16");
  expect_defaults("[]", "expected a JSON object");
  expect_defaults("{\"font_scale\": 2}", "no \"tconv_studio_settings\" key");
  expect_defaults("{\"tconv_studio_settings\": 9}",
                  "settings version 9 is not supported (this build reads version 1)");
  expect_defaults("{\"tconv_studio_settings\": 1, \"font_scale\": 9}",
                  "\"font_scale\" must be a number in 1.0..3.0, got 9");
  expect_defaults("{\"tconv_studio_settings\": 1, \"theme\": \"blue\"}",
                  "\"theme\" must be \"dark\" or \"light\", got \"blue\"");
  expect_defaults("{\"tconv_studio_settings\": 1, \"fullscreen\": \"yes\"}",
                  "\"fullscreen\" must be true or false");
  expect_defaults("{\"tconv_studio_settings\": 1, \"recent_sessions\": [1]}",
                  "\"recent_sessions\" must hold strings, got 1");
  expect_defaults("{\"tconv_studio_settings\": 1, \"zoom\": 1}", "unknown key \"zoom\"");
}

TEST_F(StudioSettings, UnwritableFolderIsReported) {
  write("x");
  Settings s;
  std::string error;
  // A file where the folder should be.
  EXPECT_FALSE(save_settings(file_ / "settings.json", s, error));
  EXPECT_NE(error.find("cannot create " + file_.string()), std::string::npos) << error;
  EXPECT_FALSE(save_settings(fs::path(), s, error));
  EXPECT_NE(error.find("no settings folder"), std::string::npos) << error;
}

TEST_F(StudioSettings, RecentListKeepsTheLastEightNewestFirst) {
  Settings s;
  for (int i = 0; i < 10; ++i) add_recent(s, "/s/" + std::to_string(i) + ".json");
  ASSERT_EQ(s.recent.size(), Settings::kMaxRecent);
  EXPECT_EQ(s.recent.front(), "/s/9.json");
  EXPECT_EQ(s.recent.back(), "/s/2.json");
  add_recent(s, "/s/5.json");  // moves to the front, no duplicate
  EXPECT_EQ(s.recent.front(), "/s/5.json");
  EXPECT_EQ(std::count(s.recent.begin(), s.recent.end(), "/s/5.json"), 1);
  EXPECT_EQ(s.recent.size(), Settings::kMaxRecent);
  add_recent(s, "rel/x.json");  // stored absolute, so it opens from anywhere
  EXPECT_EQ(s.recent.front(), (fs::current_path() / "rel/x.json").string());
}

TEST_F(StudioSettings, AtomicWriteReplacesWholeFiles) {
  const fs::path f = dir_ / "out.txt";
  std::string error;
  ASSERT_TRUE(platform::write_file_atomic(f, "first", error)) << error;
  ASSERT_TRUE(platform::write_file_atomic(f, "second", error)) << error;
  std::string text;
  ASSERT_TRUE(platform::read_file(f, text, error)) << error;
  EXPECT_EQ(text, "second");
  // No temp file left behind.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1);
  EXPECT_FALSE(platform::write_file_atomic(dir_ / "missing" / "x.txt", "x", error));
  EXPECT_EQ(error, "cannot write " + (dir_ / "missing" / "x.txt").string() +
                       ": No such file or directory");
  EXPECT_FALSE(platform::read_file(dir_, text, error));
  EXPECT_EQ(error, "cannot read " + dir_.string() + ": it is a folder");
}

}  // namespace
}  // namespace studio
