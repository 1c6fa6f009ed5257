// The browser build's folders in Emscripten's in-memory file system, and how
// the files the studio keeps survive a reload (web/host.cpp).
#pragma once

#include <filesystem>

namespace studio::platform {

// settings.json; files under it are kept in localStorage.
inline const std::filesystem::path kConfigDir = "/config";
// Sessions: opened (picked or dropped) and saved ones, kept too, and the
// current folder, so a session path typed as a bare name lands here.
inline const std::filesystem::path kSessionsDir = "/config/sessions";
// Exports, removed once handed to the browser as downloads.
inline const std::filesystem::path kExportsDir = "/exports";

// Once per page load: the kept files back from localStorage into /config,
// and /config/sessions made the current folder. Later calls do nothing.
void restore_stored_files();

}  // namespace studio::platform
