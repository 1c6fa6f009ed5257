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

# [SECTION] GUI: everything under app/studio except the model library's files.
file(GLOB TCONV_STUDIO_GUI_SOURCES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/app/studio/*.cpp)
list(FILTER TCONV_STUDIO_GUI_SOURCES EXCLUDE REGEX "/(model|preset)[^/]*\\.cpp$")

# The glad loader is generated, never committed: configure fails loudly when
# python3-glad is missing rather than at the first GL call.
find_program(TCONV_GLAD_EXECUTABLE glad REQUIRED)
find_package(OpenGL REQUIRED)
find_package(glfw3 3.3 REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(IMGUI REQUIRED IMPORTED_TARGET imgui)
pkg_check_modules(STB REQUIRED IMPORTED_TARGET stb)
# giflib writes the animated GIF exports (export_image.cpp).
find_package(GIF 5 REQUIRED)

set(TCONV_GLAD_DIR ${CMAKE_BINARY_DIR}/glad)
if(NOT EXISTS ${TCONV_GLAD_DIR}/src/gl.c)
  execute_process(
    COMMAND ${TCONV_GLAD_EXECUTABLE} --api gl:core=3.3 --out-path ${TCONV_GLAD_DIR} --reproducible
            --quiet c
    RESULT_VARIABLE glad_rc OUTPUT_QUIET ERROR_VARIABLE glad_err)
  if(NOT glad_rc EQUAL 0 OR NOT EXISTS ${TCONV_GLAD_DIR}/src/gl.c)
    message(FATAL_ERROR "glad could not generate the OpenGL 3.3 loader (${glad_rc}): ${glad_err}")
  endif()
endif()
add_library(tconv_glad STATIC ${TCONV_GLAD_DIR}/src/gl.c)
target_include_directories(tconv_glad SYSTEM PUBLIC ${TCONV_GLAD_DIR}/include)
target_link_libraries(tconv_glad PUBLIC ${CMAKE_DL_LIBS})

add_executable(tconv-studio ${TCONV_STUDIO_GUI_SOURCES})
target_link_libraries(tconv-studio PRIVATE tconv_studio_model tconv_glad PkgConfig::IMGUI
                                           PkgConfig::STB GIF::GIF glfw OpenGL::GL CLI11::CLI11)
target_compile_options(tconv-studio PRIVATE ${TCONV_WARNINGS})
# Debian's fonts-dejavu-core path; $TCONV_FONT overrides it at run time.
target_compile_definitions(
  tconv-studio PRIVATE TCONV_FONT_PATH="/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
