// What the environment around the studio offers beyond a window and files:
// the link it was opened with, a file picker, where finished files go, and
// the hooks tests read. The browser's page (assets/web/index.html) has all of
// them; the desktop has the command line (--open) and stdout instead.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>

namespace studio::platform {

// [SECTION] Links
// The page's URL fragment at start, then again after each change of it (a
// link pasted into the address bar); nullopt when nothing is new. Never
// anything on the desktop, where --open passes a link.
std::optional<std::string> take_link();
// What a share link starts with, before "#": the page's own address in the
// browser; $TCONV_WEB_URL on the desktop, else "" (the fragment alone,
// which tconv-studio --open and any copy of the site accept).
std::string link_base();

// [SECTION] Files the user hands over
// True where the platform has its own file dialog (the browser's picker).
bool has_file_picker();
// Opens the picker for files matching `accept` (".json"). Needs a click
// shortly before, as browsers only open it in answer to one.
void pick_file(const std::string& accept);
// The next file the user picked or dropped on the page, copied to where
// read_file() finds it; nullopt when none is waiting.
std::optional<std::filesystem::path> take_picked_file();
// True when finished files leave as downloads (publish() in files.h), so
// there is no folder to choose.
bool files_download();

// [SECTION] Hooks for tests and benchmarks
// `source` gives the state as session JSON: window.tconvState() in the
// browser calls it (between frames). Nothing on the desktop.
void set_state_source(std::function<std::string()> source);
// After each displayed frame; the first sets window.tconvReady.
void frame_shown();
// A run's result (the frame bench's JSON): stdout on the desktop, the text
// of #tconv-result in the browser.
void report_result(const std::string& text);

}  // namespace studio::platform
