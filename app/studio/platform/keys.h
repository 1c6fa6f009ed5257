// Key codes for ImGui::IsKeyPressed: ImGui 1.86 indexes io.KeysDown by the
// backend's own codes, GLFW's in both builds (the browser's GLFW is
// Emscripten's). Named here so no layer above includes GLFW; desktop/
// window.cpp checks them against GLFW's.
#pragma once

namespace studio::platform::key {

inline constexpr int Space = 32;
inline constexpr int Digit0 = 48;  // '0'..'9' follow in order
inline constexpr int Minus = 45, Equal = 61;
inline constexpr int B = 66, E = 69, P = 80, Q = 81, S = 83, T = 84;
inline constexpr int Escape = 256;
inline constexpr int Right = 262, Left = 263, Down = 264, Up = 265;
inline constexpr int PageUp = 266, PageDown = 267, Home = 268, End = 269;
inline constexpr int F11 = 300, F12 = 301;
inline constexpr int Keypad0 = 320, KeypadSubtract = 333, KeypadAdd = 334;
// One past the largest code GLFW reports (GLFW_KEY_LAST is 348).
inline constexpr int Count = 349;

inline constexpr int digit(int n) {
  return Digit0 + n;
}

}  // namespace studio::platform::key
