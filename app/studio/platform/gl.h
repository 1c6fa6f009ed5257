// OpenGL for the studio's own GL calls (raster textures, the export's
// framebuffers): the desktop's glad loader for GL 3.3 core, generated into the
// build tree; the browser build's WebGL2 through Emscripten's <GLES3/gl3.h>.
// The studio only calls functions both have.
#pragma once

#ifdef __EMSCRIPTEN__
#include <GLES3/gl3.h>
#else
#include <glad/gl.h>
#endif

namespace studio::platform {

// The shader version line ImGui's OpenGL3 backend compiles with:
// "#version 330 core" here ("#version 300 es" for WebGL2).
const char* glsl_version();
// True once the GL functions are loaded (a window is open): before that, GL
// calls would crash, so GL users check it.
bool gl_ready();

}  // namespace studio::platform
