# The studio: GLFW + OpenGL 3.3 core through a glad loader generated at
# configure time into the build tree (never committed), Dear ImGui 1.86 from
# Debian with its GLFW/OpenGL3 backends inside libimgui.a.
# (filled in by the studio work)
