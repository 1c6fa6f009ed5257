// The export's file side without a display: GIFs read back with giflib
// (frames, loop block, delay, transparency), PNG channels, folders of frames,
// names, size limits, and that a failed or abandoned write leaves nothing.
#include <gif_lib.h>
#include <gtest/gtest.h>
#include <stb_image.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cmath>
#include <csignal>
#include <cstring>
#include <fstream>

#include "export_image.h"

namespace {

namespace fs = std::filesystem;
using namespace studio::exporter;
using namespace studio::platform;

class TempDir {
 public:
  TempDir() {
    std::string t = (fs::temp_directory_path() / "tconv-export-test-XXXXXX").string();
    path_ = mkdtemp(t.data());
  }
  ~TempDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }
  // Everything in the folder, hidden temporaries included.
  std::vector<std::string> entries() const {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(path_)) out.push_back(e.path().filename());
    std::sort(out.begin(), out.end());
    return out;
  }

 private:
  fs::path path_;
};

// Two flat colours, a different split per frame, so every frame differs.
Image test_image(int w, int h, int split, bool with_clear = false) {
  Image img;
  img.width = w;
  img.height = h;
  img.rgba.resize(static_cast<size_t>(w) * h * 4);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      uint8_t* p = &img.rgba[4 * (static_cast<size_t>(y) * w + x)];
      const bool left = x < split;
      p[0] = left ? 230 : 0;
      p[1] = left ? 159 : 114;
      p[2] = left ? 0 : 178;
      p[3] = with_clear && y < h / 2 ? 0 : 255;
    }
  return img;
}

// Makes writes past `bytes` fail with EFBIG (SIGXFSZ ignored), as a full
// disk would fail them with ENOSPC; restores the limit when done.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    old_handler_ = std::signal(SIGXFSZ, SIG_IGN);
    getrlimit(RLIMIT_FSIZE, &old_);
    rlimit l = old_;
    l.rlim_cur = bytes;
    setrlimit(RLIMIT_FSIZE, &l);
  }
  ~FileSizeLimit() {
    setrlimit(RLIMIT_FSIZE, &old_);
    std::signal(SIGXFSZ, old_handler_);
  }

 private:
  rlimit old_{};
  void (*old_handler_)(int) = nullptr;
};

TEST(ExportGif, ReadsBackFramesLoopAndDelay) {
  TempDir dir;
  const fs::path file = dir.path() / "a.gif";
  GifWriter gif;
  std::string error;
  ASSERT_TRUE(gif.open(file, 40, 30, 120, false, error)) << error;
  for (int i = 0; i < 3; ++i)
    ASSERT_TRUE(gif.add(test_image(40, 30, 10 * (i + 1)), error)) << error;
  // Nothing under the name until finish(): a reader never sees half a GIF.
  EXPECT_FALSE(fs::exists(file));
  ASSERT_TRUE(gif.finish(error)) << error;
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"a.gif"});

  int err = 0;
  GifFileType* g = DGifOpenFileName(file.c_str(), &err);
  ASSERT_NE(g, nullptr) << GifErrorString(err);
  ASSERT_EQ(DGifSlurp(g), GIF_OK);
  EXPECT_EQ(g->SWidth, 40);
  EXPECT_EQ(g->SHeight, 30);
  ASSERT_EQ(g->ImageCount, 3);
  // NETSCAPE2.0, then the sub-block {1, loop count 0 (forever)}.
  const SavedImage& first = g->SavedImages[0];
  bool loop_forever = false;
  for (int k = 0; k + 1 < first.ExtensionBlockCount; ++k) {
    const ExtensionBlock& b = first.ExtensionBlocks[k];
    const ExtensionBlock& sub = first.ExtensionBlocks[k + 1];
    if (b.Function == APPLICATION_EXT_FUNC_CODE && b.ByteCount == 11 &&
        !std::memcmp(b.Bytes, "NETSCAPE2.0", 11) && sub.ByteCount == 3)
      loop_forever = sub.Bytes[0] == 1 && sub.Bytes[1] == 0 && sub.Bytes[2] == 0;
  }
  EXPECT_TRUE(loop_forever);
  for (int i = 0; i < 3; ++i) {
    GraphicsControlBlock gcb;
    ASSERT_EQ(DGifSavedExtensionToGCB(g, i, &gcb), GIF_OK);
    EXPECT_EQ(gcb.DelayTime, 12);  // 120 ms in hundredths
    EXPECT_EQ(gcb.TransparentColor, NO_TRANSPARENT_COLOR);
    // The split moves: pixel (15, 5) is orange in frames 1 and 2 only.
    const SavedImage& im = g->SavedImages[i];
    const GifColorType c = im.ImageDesc.ColorMap->Colors[im.RasterBits[5 * 40 + 15]];
    EXPECT_EQ(c.Red > 128, i >= 1) << "frame " << i;
  }
  DGifCloseFile(g, &err);
}

TEST(ExportGif, TransparentPixelsGetTheTransparentIndex) {
  TempDir dir;
  const fs::path file = dir.path() / "t.gif";
  GifWriter gif;
  std::string error;
  ASSERT_TRUE(gif.open(file, 20, 20, 500, true, error)) << error;
  ASSERT_TRUE(gif.add(test_image(20, 20, 10, true), error)) << error;
  ASSERT_TRUE(gif.finish(error)) << error;
  int err = 0;
  GifFileType* g = DGifOpenFileName(file.c_str(), &err);
  ASSERT_NE(g, nullptr);
  ASSERT_EQ(DGifSlurp(g), GIF_OK);
  GraphicsControlBlock gcb;
  ASSERT_EQ(DGifSavedExtensionToGCB(g, 0, &gcb), GIF_OK);
  ASSERT_NE(gcb.TransparentColor, NO_TRANSPARENT_COLOR);
  EXPECT_EQ(gcb.DisposalMode, DISPOSE_BACKGROUND);
  const GifByteType* px = g->SavedImages[0].RasterBits;
  EXPECT_EQ(px[0], gcb.TransparentColor);            // top half: clear
  EXPECT_NE(px[15 * 20 + 5], gcb.TransparentColor);  // bottom half: drawn
  DGifCloseFile(g, &err);
}

TEST(ExportGif, AbortLeavesNothing) {
  TempDir dir;
  {
    GifWriter gif;
    std::string error;
    ASSERT_TRUE(gif.open(dir.path() / "a.gif", 16, 16, 100, false, error));
    ASSERT_TRUE(gif.add(test_image(16, 16, 4), error));
    gif.abort();
  }
  {
    GifWriter gif;  // abandoned: the destructor cleans up
    std::string error;
    ASSERT_TRUE(gif.open(dir.path() / "b.gif", 16, 16, 100, false, error));
  }
  EXPECT_TRUE(dir.entries().empty());
}

TEST(ExportGif, FullDiskFailsAndLeavesNothing) {
  TempDir dir;
  GifWriter gif;
  std::string error;
  FileSizeLimit limit(4096);
  bool ok = gif.open(dir.path() / "big.gif", 400, 300, 100, false, error);
  for (int i = 0; ok && i < 20; ++i) ok = gif.add(test_image(400, 300, 7 * i + 3), error);
  if (ok) ok = gif.finish(error);
  EXPECT_FALSE(ok);
  EXPECT_NE(error.find("big.gif"), std::string::npos) << error;
  EXPECT_NE(error.find(std::strerror(EFBIG)), std::string::npos) << error;
  gif.abort();
  EXPECT_TRUE(dir.entries().empty());
}

TEST(ExportPng, OpaqueIsRgbTransparentIsRgba) {
  TempDir dir;
  std::string error;
  ASSERT_TRUE(write_png(test_image(32, 24, 8), dir.path() / "o.png", error)) << error;
  ASSERT_TRUE(write_png(test_image(32, 24, 8, true), dir.path() / "t.png", error)) << error;
  int w = 0, h = 0, n = 0;
  ASSERT_TRUE(stbi_info((dir.path() / "o.png").c_str(), &w, &h, &n));
  EXPECT_EQ(w, 32);
  EXPECT_EQ(h, 24);
  EXPECT_EQ(n, 3);
  ASSERT_TRUE(stbi_info((dir.path() / "t.png").c_str(), &w, &h, &n));
  EXPECT_EQ(n, 4);
  // Top row first, as exported images are stored.
  unsigned char* p = stbi_load((dir.path() / "t.png").c_str(), &w, &h, &n, 4);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p[3], 0);
  EXPECT_EQ(p[4 * (23 * 32) + 3], 255);
  stbi_image_free(p);
  EXPECT_EQ(dir.entries(), (std::vector<std::string>{"o.png", "t.png"}));
}

TEST(ExportPng, BadTargetsAreNamedAndLeaveNothing) {
  TempDir dir;
  std::string error;
  const Image img = test_image(8, 8, 4);
  EXPECT_FALSE(write_png(img, dir.path() / "missing" / "a.png", error));
  EXPECT_NE(error.find("does not exist"), std::string::npos) << error;
  EXPECT_FALSE(write_png(img, "/dev/full", error));
  EXPECT_NE(error.find("not a regular file"), std::string::npos) << error;
  EXPECT_FALSE(write_png(img, dir.path(), error));  // a folder
  std::ofstream(dir.path() / "file") << "x";
  EXPECT_FALSE(write_png(img, dir.path() / "file" / "a.png", error));
  EXPECT_NE(error.find("is not a folder"), std::string::npos) << error;
  {
    FileSizeLimit limit(64);
    EXPECT_FALSE(write_png(test_image(200, 200, 50), dir.path() / "big.png", error));
  }
  EXPECT_NE(error.find("big.png"), std::string::npos) << error;
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"file"});
  if (geteuid() != 0) {  // root writes anywhere
    const fs::path ro = dir.path() / "ro";
    fs::create_directory(ro);
    fs::permissions(ro, fs::perms::owner_read | fs::perms::owner_exec);
    EXPECT_FALSE(write_png(img, ro / "a.png", error));
    EXPECT_NE(error.find(std::strerror(EACCES)), std::string::npos) << error;
    fs::permissions(ro, fs::perms::owner_all);
    EXPECT_TRUE(fs::is_empty(ro));
  }
}

TEST(ExportFrames, NumberedFilesAppearTogether) {
  TempDir dir;
  const fs::path out = dir.path() / "frames";
  FramesWriter fw;
  std::string error;
  ASSERT_TRUE(fw.open(out, error)) << error;
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(fw.add(test_image(10, 10, i + 2), error)) << error;
  EXPECT_FALSE(fs::exists(out));  // written beside it, moved in at the end
  ASSERT_TRUE(fw.finish(error)) << error;
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(out)) names.push_back(e.path().filename());
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names,
            (std::vector<std::string>{"frame_0001.png", "frame_0002.png", "frame_0003.png"}));
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"frames"});

  FramesWriter slash;  // "DIR/" names DIR
  ASSERT_TRUE(slash.open(dir.path().string() + "/more/", error)) << error;
  ASSERT_TRUE(slash.add(test_image(10, 10, 2), error)) << error;
  ASSERT_TRUE(slash.finish(error)) << error;
  EXPECT_TRUE(fs::exists(dir.path() / "more" / "frame_0001.png"));
}

TEST(ExportFrames, EmptyFolderIsFilledNonEmptyIsRefused) {
  TempDir dir;
  std::string error;
  fs::create_directory(dir.path() / "empty");
  FramesWriter fw;
  ASSERT_TRUE(fw.open(dir.path() / "empty", error)) << error;
  ASSERT_TRUE(fw.add(test_image(10, 10, 2), error));
  ASSERT_TRUE(fw.finish(error)) << error;
  EXPECT_TRUE(fs::exists(dir.path() / "empty" / "frame_0001.png"));

  EXPECT_FALSE(check_folder_target(dir.path() / "empty", error));
  EXPECT_NE(error.find("not empty"), std::string::npos) << error;
  FramesWriter again;
  EXPECT_FALSE(again.open(dir.path() / "empty", error));
}

TEST(ExportFrames, FailureAndAbortLeaveNothing) {
  TempDir dir;
  std::string error;
  {
    FramesWriter fw;
    ASSERT_TRUE(fw.open(dir.path() / "a", error));
    ASSERT_TRUE(fw.add(test_image(10, 10, 2), error));
  }  // abandoned (a cancel)
  {
    FramesWriter fw;
    ASSERT_TRUE(fw.open(dir.path() / "b", error));
    FileSizeLimit limit(64);
    EXPECT_FALSE(fw.add(test_image(200, 200, 50), error));
    EXPECT_NE(error.find((dir.path() / "b" / "frame_0001.png").string()), std::string::npos)
        << error;
  }
  EXPECT_TRUE(dir.entries().empty());
}

TEST(ExportNames, UniqueSafeAndSized) {
  TempDir dir;
  EXPECT_EQ(unique_path(dir.path(), "p-all-step0", ".png"), dir.path() / "p-all-step0-1.png");
  std::ofstream(dir.path() / "p-all-step0-1.png") << "x";
  EXPECT_EQ(unique_path(dir.path(), "p-all-step0", ".png"), dir.path() / "p-all-step0-2.png");
  EXPECT_EQ(unique_path(dir.path(), "anim", ""), dir.path() / "anim-1");
  EXPECT_EQ(file_safe("my preset/../x"), "my-preset-..-x");
  EXPECT_EQ(file_safe(".hidden"), "x.hidden");
  EXPECT_EQ(frame_name(7), "frame_0007.png");

  EXPECT_EQ(scaled_size(1280, 2.0f), 2560);
  EXPECT_EQ(check_scale(1280, 800, 4.0f), "");
  EXPECT_NE(check_scale(1280, 800, 4.5f, true).find("--scale 4.5 is outside 1..4"),
            std::string::npos);
  EXPECT_NE(check_scale(1280, 800, NAN, true).find("outside"), std::string::npos);
  EXPECT_NE(check_scale(7680, 4320, 4.0f, true)
                .find("--size 7680x4320 at --scale 4 makes a "
                      "30720x17280 image"),
            std::string::npos);
}

}  // namespace
