# The studio: GLFW + OpenGL 3.3 core through a glad loader generated at
# configure time into the build tree (never committed), Dear ImGui 1.86 from
# Debian with its GLFW/OpenGL3 backends inside libimgui.a.

# [SECTION] Model: no GL, no ImGui, so its unit tests run headless.
file(GLOB TCONV_STUDIO_MODEL_SOURCES CONFIGURE_DEPENDS
     ${CMAKE_SOURCE_DIR}/app/studio/model*.cpp ${CMAKE_SOURCE_DIR}/app/studio/preset*.cpp)
if(TCONV_STUDIO_MODEL_SOURCES)
  add_library(tconv_studio_model STATIC ${TCONV_STUDIO_MODEL_SOURCES})
  target_include_directories(tconv_studio_model PUBLIC ${CMAKE_SOURCE_DIR}/app/studio)
  target_link_libraries(tconv_studio_model PUBLIC tconv_core PRIVATE nlohmann_json::nlohmann_json)
  target_compile_options(tconv_studio_model PRIVATE ${TCONV_WARNINGS})
  # Last fallback of find_assets_dir(): the source tree, so a fresh build runs
  # from anywhere without installing.
  target_compile_definitions(tconv_studio_model
                             PRIVATE TCONV_SOURCE_ASSETS_DIR="${CMAKE_SOURCE_DIR}/assets")
endif()

# [SECTION] GUI: everything else under app/studio (filled in by the studio shell work).
