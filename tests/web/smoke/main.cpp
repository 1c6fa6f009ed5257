// TEMPORARY smoke app for the browser build: proves the toolchain (core and
// Dear ImGui compiled to wasm, emscripten's GLFW on WebGL2), the page
// (assets/web/index.html) and the test harness (tests/web) until the studio's
// web platform replaces it. It draws one window that exercises every hook of
// the page: a download, the clipboard, localStorage, an opened file, the
// published state, and core's typed errors caught in wasm.
#include <GLES3/gl3.h>
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <emscripten.h>
#include <imgui.h>

#include <chrono>
#include <exception>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "tconv/conv.h"
#include "web_page.h"

namespace {

// [SECTION] What core computes, once at start.
struct CoreChecks {
  std::string d2l;         // d2l's 2×2 example, stride 1: [0, 0, 1, 0, 4, 6, 4, 12, 9]
  std::string bad_stride;  // PyTorch's message for stride=0, caught in wasm
  std::string big_gemm;    // a layer big enough for the threaded GEMM path
  int presets = 0;         // preset files preloaded under TCONV_WEB_ASSETS_DIR
};

std::string join(const std::vector<float>& v) {
  std::string s;
  for (float x : v) s += (s.empty() ? "" : ", ") + std::to_string(static_cast<int>(x));
  return s;
}

CoreChecks run_core_checks() {
  CoreChecks c;
  const tconv::Array x({1, 1, 2, 2}, {0, 1, 2, 3});
  const tconv::Array w({1, 1, 2, 2}, {0, 1, 2, 3});
  c.d2l = join(tconv::conv_transpose2d(x, w, nullptr, {}).data);
  try {
    tconv::ConvTranspose2dArgs args;
    args.stride = 0;
    tconv::conv_transpose2d(x, w, nullptr, args);
    c.bad_stride = "(no error)";
  } catch (const std::exception& e) {
    c.bad_stride = e.what();
  }
  try {
    const tconv::Array bx({1, 64, 32, 32}), bw({64, 64, 4, 4});
    const auto t0 = std::chrono::steady_clock::now();
    tconv::conv_transpose2d(bx, bw, nullptr, {});
    const auto ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0);
    c.big_gemm = "ok, " + std::to_string(static_cast<int>(ms.count())) + " ms";
  } catch (const std::exception& e) {
    c.big_gemm = std::string("error: ") + e.what();
  }
  std::error_code ec;
  for (const auto& f : std::filesystem::directory_iterator(TCONV_WEB_ASSETS_DIR "/presets", ec))
    c.presets += f.path().extension() == ".json";
  return c;
}

// [SECTION] The app: every piece of state that lives across frames.
struct SmokeApp {
  GLFWwindow* window = nullptr;
  CoreChecks core;
  int frames = 0;
  int visits = 0;
  std::string opened_name;
  size_t opened_size = 0;
  int downloads = 0;
  int copies = 0;
  // Where the buttons are (device pixels), so tests can click them.
  ImVec4 download_rect, copy_rect;
  int fb_w = 0, fb_h = 0;  // GLFW's framebuffer size, as the page resized it
  std::string published;   // the last state given to the page
};

ImVec4 item_rect() {
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  return ImVec4(a.x, a.y, b.x, b.y);
}

std::string state_json(const SmokeApp& app) {
  nlohmann::json j = {{"visits", app.visits},
                      {"opened", {{"name", app.opened_name}, {"size", app.opened_size}}},
                      {"downloads", app.downloads},
                      {"copies", app.copies},
                      {"core",
                       {{"d2l", app.core.d2l},
                        {"bad_stride", app.core.bad_stride},
                        {"big_gemm", app.core.big_gemm},
                        {"presets", app.core.presets}}}};
  const auto rect = [](const ImVec4& r) { return nlohmann::json{r.x, r.y, r.z, r.w}; };
  j["buttons"] = {{"download", rect(app.download_rect)}, {"copy", rect(app.copy_rect)}};
  j["framebuffer"] = {app.fb_w, app.fb_h};
  return j.dump();
}

// Browser events queued by the page, applied between frames.
void take_page_events(SmokeApp& app) {
  while (auto f = web::take_file()) {
    app.opened_name = f->name;
    app.opened_size = f->bytes.size();
  }
}

void draw_window(SmokeApp& app) {
  ImGui::SetNextWindowPos(ImVec2(20, 20), ImGuiCond_Once);
  ImGui::Begin("tconv web smoke");
  ImGui::Text("core, d2l 2x2: [%s]", app.core.d2l.c_str());
  ImGui::TextWrapped("stride=0: %s", app.core.bad_stride.c_str());
  ImGui::Text("64x64x4x4 on 32x32 (gemm): %s", app.core.big_gemm.c_str());
  ImGui::Text("presets preloaded: %d", app.core.presets);
  ImGui::Text("visits (localStorage): %d", app.visits);
  ImGui::Separator();
  if (ImGui::Button("Download tconv-smoke.txt")) {
    const std::string text = "tconv web smoke\n";
    web::download("tconv-smoke.txt", text.data(), text.size(), "text/plain");
    ++app.downloads;
  }
  app.download_rect = item_rect();
  ImGui::SameLine();
  if (ImGui::Button("Copy")) {
    web::copy_text("tconv web smoke");
    ++app.copies;
  }
  app.copy_rect = item_rect();
  ImGui::SameLine();
  if (ImGui::Button("Open...")) web::choose_file(".json,application/json");
  if (app.opened_name.empty())
    ImGui::TextUnformatted("Drop a file on the page to open it.");
  else
    ImGui::Text("opened: %s (%zu bytes)", app.opened_name.c_str(), app.opened_size);
  ImGui::End();
}

void frame(void* arg) {
  SmokeApp& app = *static_cast<SmokeApp*>(arg);
  web::fit_canvas();
  glfwPollEvents();
  take_page_events(app);
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
  draw_window(app);
  ImGui::Render();
  int w = 0, h = 0;
  glfwGetFramebufferSize(app.window, &w, &h);
  app.fb_w = w;
  app.fb_h = h;
  glViewport(0, 0, w, h);
  glClearColor(0.12f, 0.16f, 0.22f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  // The state is tiny: rebuilt each frame, handed over when it changed.
  if (std::string state = state_json(app); state != app.published) {
    web::publish_state(state);
    app.published = std::move(state);
  }
  if (++app.frames == 1) web::mark_ready();
}

// [SECTION] Start-up.
// ImGui's GLFW backend routes the clipboard through glfw*ClipboardString,
// which emscripten 3.1.6's GLFW leaves empty: the page does it instead.
void set_clipboard(void*, const char* text) {
  web::copy_text(text);
}
const char* get_clipboard(void* user) {
  std::string& paste = *static_cast<std::string*>(user);
  paste = web::pasted_text();
  return paste.c_str();
}

bool init_window(SmokeApp& app, std::string& paste) {
  if (!glfwInit()) return false;
  glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  app.window = glfwCreateWindow(1280, 800, "tconv-studio", nullptr, nullptr);
  if (!app.window) return false;
  web::fit_canvas();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // settings go to localStorage, not MEMFS
  const float scale = web::pixel_ratio();
  io.Fonts->AddFontFromFileTTF("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 16.0f * scale);
  ImGui::StyleColorsDark();
  ImGui::GetStyle().ScaleAllSizes(scale);
  ImGui_ImplGlfw_InitForOpenGL(app.window, true);
  ImGui_ImplOpenGL3_Init("#version 300 es");
  io.SetClipboardTextFn = set_clipboard;
  io.GetClipboardTextFn = get_clipboard;
  io.ClipboardUserData = &paste;
  return true;
}

}  // namespace

int main() {
  // Both live until the page closes: emscripten_set_main_loop_arg does not return.
  static SmokeApp app;
  static std::string paste;
  if (!init_window(app, paste)) {
    web::fail("Could not create a WebGL2 context for the canvas.");
    return 1;
  }
  const auto visits = web::storage_get("tconv.smoke.visits");
  app.visits = (visits ? std::atoi(visits->c_str()) : 0) + 1;
  web::storage_set("tconv.smoke.visits", std::to_string(app.visits));
  app.core = run_core_checks();
  emscripten_set_main_loop_arg(frame, &app, 0, true);
  return 0;
}
