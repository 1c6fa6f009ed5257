# The studio: GLFW + OpenGL 3.3 core through a glad loader generated at
# configure time into the build tree (never committed), Dear ImGui 1.86 from
# Debian with its GLFW/OpenGL3 backends inside libimgui.a.

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

# The studio's libraries and the tconv-studio executable.
add_subdirectory(${CMAKE_SOURCE_DIR}/app/studio ${CMAKE_BINARY_DIR}/studio)
