/* Preloaded by scripts/test.sh --sanitize (LD_PRELOAD): keeps Mesa's DRI
 * driver (swrast_dri.so, llvmpipe under Xvfb) loaded until the process exits.
 *
 * libGL unloads the driver when the display closes, before LeakSanitizer
 * looks. The objects the driver's globals still pointed to then look leaked,
 * allocated from an address in no module, so no suppression can name them
 * (seen on every studio run: 2 x 56 bytes from swrast_dri.so+0xb8ecb3 and
 * +0xb8ec8f, Mesa 22.3.6). With the driver kept they are reachable, and a
 * real leak inside it would be reported as swrast_dri.so's. Everything else
 * is unloaded as usual. Built without sanitizers, as the shell, Xvfb and
 * xdotool load it too. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <link.h>
#include <string.h>

int dlclose(void* handle) {
  static int (*real_dlclose)(void*);
  if (!real_dlclose) real_dlclose = (int (*)(void*))dlsym(RTLD_NEXT, "dlclose");
  struct link_map* map = NULL;
  if (dlinfo(handle, RTLD_DI_LINKMAP, &map) == 0 && map && strstr(map->l_name, "_dri.so"))
    return 0;
  return real_dlclose(handle);
}
