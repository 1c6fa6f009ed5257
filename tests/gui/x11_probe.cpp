// Asks an X11 window whether its event loop still runs, and takes its
// picture from the X server, for the monkey test (monkey.sh):
//   x11_probe ping WINDOW [TIMEOUT_S=10]   exit 0 when the window answers,
//                                          3 when it is gone (the app quit)
//   x11_probe shot WINDOW FILE.png         what the window shows, as a PNG
// ping sends _NET_WM_PING, which GLFW answers from glfwPollEvents (every
// frame), so an answer proves the app is alive and not stuck in a frame.
// GLFW sends the answer to the root window for SubstructureNotify or
// SubstructureRedirect; this tool selects only the first: holding the
// redirect would make it the window manager, and swallow the app's map and
// resize requests while it waits.
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <stb_image_write.h>
#include <sys/select.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace {

constexpr int kGone = 3;
bool g_bad_window = false;

// The window may close at any time (a key that quits): BadWindow is an
// answer, not a reason to exit as Xlib's default handler does.
int on_x_error(Display*, XErrorEvent* e) {
  if (e->error_code == BadWindow) g_bad_window = true;
  return 0;
}

int ping(Display* d, Window w, double timeout_s) {
  const Window root = DefaultRootWindow(d);
  XSelectInput(d, root, SubstructureNotifyMask);
  const Atom protocols = XInternAtom(d, "WM_PROTOCOLS", False);
  const Atom ping_atom = XInternAtom(d, "_NET_WM_PING", False);
  XEvent e{};
  e.xclient.type = ClientMessage;
  e.xclient.window = w;
  e.xclient.message_type = protocols;
  e.xclient.format = 32;
  e.xclient.data.l[0] = static_cast<long>(ping_atom);
  e.xclient.data.l[1] = 12345;  // timestamp, echoed back
  e.xclient.data.l[2] = static_cast<long>(w);
  XSendEvent(d, w, False, NoEventMask, &e);
  XSync(d, False);  // a BadWindow error arrives now
  if (g_bad_window) {
    std::printf("ping: window 0x%lx is gone\n", w);
    return kGone;
  }
  const auto start = std::chrono::steady_clock::now();
  for (;;) {
    while (XPending(d)) {
      XEvent r;
      XNextEvent(d, &r);
      if (r.type == DestroyNotify && r.xdestroywindow.window == w) {
        std::printf("ping: window 0x%lx closed\n", w);
        return kGone;
      }
      if (r.type == ClientMessage && r.xclient.message_type == protocols &&
          static_cast<Atom>(r.xclient.data.l[0]) == ping_atom && r.xclient.data.l[1] == 12345) {
        const double ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count();
        std::printf("ping: window 0x%lx answered in %.0f ms\n", w, ms);
        return 0;
      }
    }
    const double left =
        timeout_s - std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (left <= 0) break;
    fd_set fds;
    FD_ZERO(&fds);
    FD_SET(ConnectionNumber(d), &fds);
    timeval tv{0, 100000};
    select(ConnectionNumber(d) + 1, &fds, nullptr, nullptr, &tv);
  }
  std::fprintf(stderr, "ping: window 0x%lx did not answer within %.0f s\n", w, timeout_s);
  return 1;
}

int shot(Display* d, Window w, const char* file) {
  XWindowAttributes a;
  if (!XGetWindowAttributes(d, w, &a)) return 1;
  XImage* img = XGetImage(d, w, 0, 0, static_cast<unsigned>(a.width),
                          static_cast<unsigned>(a.height), AllPlanes, ZPixmap);
  if (!img) {
    std::fprintf(stderr, "shot: cannot read window 0x%lx\n", w);
    return 1;
  }
  std::vector<unsigned char> rgb(static_cast<size_t>(a.width) * static_cast<size_t>(a.height) * 3);
  size_t i = 0;
  for (int y = 0; y < a.height; ++y)
    for (int x = 0; x < a.width; ++x) {
      const unsigned long p = XGetPixel(img, x, y);
      rgb[i++] = static_cast<unsigned char>((p & img->red_mask) >> 16);
      rgb[i++] = static_cast<unsigned char>((p & img->green_mask) >> 8);
      rgb[i++] = static_cast<unsigned char>(p & img->blue_mask);
    }
  XDestroyImage(img);
  if (!stbi_write_png(file, a.width, a.height, 3, rgb.data(), a.width * 3)) {
    std::fprintf(stderr, "shot: cannot write %s\n", file);
    return 1;
  }
  std::printf("shot: %s, %dx%d\n", file, a.width, a.height);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3 || (std::strcmp(argv[1], "shot") == 0 && argc < 4)) {
    std::fprintf(stderr, "usage: x11_probe ping WINDOW [TIMEOUT_S] | shot WINDOW FILE.png\n");
    return 2;
  }
  Display* d = XOpenDisplay(nullptr);
  if (!d) {
    std::fprintf(stderr, "x11_probe: cannot open the display\n");
    return 2;
  }
  XSetErrorHandler(on_x_error);
  const Window w = std::strtoul(argv[2], nullptr, 0);
  const int rc = std::strcmp(argv[1], "ping") == 0
                     ? ping(d, w, argc > 3 ? std::atof(argv[3]) : 10.0)
                     : shot(d, w, argv[3]);
  XCloseDisplay(d);
  return rc;
}
