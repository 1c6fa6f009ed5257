// JSON text → nlohmann::json with one error style for every file the studio
// reads (presets, sessions), so a teacher sees the same kind of message.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace studio {

// False with `error` naming `origin` on malformed text. e.what() already says
// line and column; the byte offset is what an editor's "go to offset" takes.
inline bool parse_json_text(const std::string& text, const std::string& origin, nlohmann::json& out,
                            std::string& error) {
  try {
    out = nlohmann::json::parse(text);
    return true;
  } catch (const nlohmann::json::parse_error& e) {
    error = origin + ": malformed JSON at byte " + std::to_string(e.byte) + ": " + e.what();
  } catch (const nlohmann::json::exception& e) {
    // e.g. out_of_range.406 for a number such as 1e999.
    error = origin + ": malformed JSON: " + e.what();
  }
  return false;
}

}  // namespace studio
