"""Drives the built site (build-web/) in Debian's headless Chromium.

The pieces every browser test needs: a static server on 127.0.0.1 with a free
port, Chromium through chromium-driver with WebGL2 on SwiftShader (ANGLE's CPU
renderer, so no GPU or display is needed), downloads into a temporary folder,
the page's console, screenshots decoded to pixels, and clicks at canvas
coordinates. Python's standard library and Debian's python3-selenium only.
"""

import contextlib
import functools
import http.server
import os
import re
import shutil
import struct
import tempfile
import threading
import time
import zlib

SKIP = 77  # ctest's SKIP_RETURN_CODE for these tests


class Skip(Exception):
    """The environment cannot run browser tests (reported, exit 77)."""


def require_browser():
    """Imports selenium and finds chromium + chromedriver, or raises Skip."""
    try:
        import selenium  # noqa: F401  (Debian: python3-selenium)
    except ImportError:
        raise Skip("python3-selenium is not installed (bash scripts/setup.sh --web)")
    for exe in ("chromium", "chromedriver"):
        if not shutil.which(exe):
            raise Skip(f"{exe} is not installed (bash scripts/setup.sh --web)")


# [SECTION] Static server.
class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(folder):
    """Serves `folder` on 127.0.0.1 at a free port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


# [SECTION] Browser.
@contextlib.contextmanager
def chromium(width=1280, height=800, scale=1.0, extra_args=()):
    """Headless Chromium with WebGL2 on SwiftShader; yields (driver, download_dir)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    with tempfile.TemporaryDirectory(prefix="tconv-web-") as tmp:
        profile = os.path.join(tmp, "profile")
        downloads = os.path.join(tmp, "downloads")
        os.makedirs(downloads)
        opts = webdriver.ChromeOptions()
        opts.binary_location = shutil.which("chromium")
        for arg in (
            "--headless=new",
            # WebGL2 without a GPU: ANGLE on SwiftShader; newer Chromium wants
            # the explicit opt-in to SwiftShader for WebGL.
            "--use-angle=swiftshader",
            "--enable-unsafe-swiftshader",
            "--no-sandbox",  # root in containers has no user namespace sandbox
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-default-apps",
            "--disable-dev-shm-usage",
            f"--user-data-dir={profile}",
            f"--window-size={width},{height}",
            f"--force-device-scale-factor={scale}",
            *extra_args,
        ):
            opts.add_argument(arg)
        opts.add_experimental_option(
            "prefs",
            {"download.default_directory": downloads, "download.prompt_for_download": False},
        )
        opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        service = Service(executable_path=shutil.which("chromedriver"))
        driver = webdriver.Chrome(service=service, options=opts)
        try:
            driver.execute_cdp_cmd(
                "Browser.setDownloadBehavior",
                {"behavior": "allow", "downloadPath": downloads, "eventsEnabled": False},
            )
            yield driver, downloads
        finally:
            driver.quit()


def wait_for(predicate, timeout, what, interval=0.05):
    """Polls predicate() until it returns a truthy value; raises AssertionError after timeout."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(interval)


def load(driver, url, timeout=60):
    """Opens the page and waits for its first frame; returns (page_ms, wall_s).

    page_ms: performance.now() at the first frame (from navigation start);
    wall_s: seconds from the request to seeing window.tconvReady.
    """
    # A fresh document each time: a URL that differs only in its fragment
    # would otherwise be a same-page navigation (a hashchange, no reload).
    driver.get("about:blank")
    t0 = time.monotonic()
    driver.get(url)

    def ready():
        return driver.execute_script(
            "const s = document.getElementById('tconv-status');"
            "if (s && s.classList.contains('error')) return 'error: ' + s.textContent;"
            "return window.tconvReady === true ? 'ready' : null;"
        )

    state = wait_for(ready, timeout, "window.tconvReady")
    if state != "ready":
        raise AssertionError(f"the page shows an error instead of the app: {state}")
    wall = time.monotonic() - t0
    return driver.execute_script("return window.tconvFirstFrameMs;"), wall


def startup_timing(driver):
    """Where the time to the first frame went (ms from navigation start): each
    file's download end, main() about to run (wasm compiled, data loaded)."""
    t = driver.execute_script(
        "const out = {runtime_ms: Math.round(window.tconvRuntimeMs || -1)};"
        "for (const r of performance.getEntriesByType('resource')) {"
        "  const name = r.name.split('/').pop();"
        "  if (name.startsWith('tconv.')) out[name + '_ms'] = Math.round(r.responseEnd);"
        "}"
        "return out;"
    )
    return dict(sorted(t.items()))


def console_errors(driver):
    """The page's console messages at level SEVERE since the last call."""
    return [e["message"] for e in driver.get_log("browser") if e.get("level") == "SEVERE"]


# [SECTION] CPU time.
def _stat_fields(pid):
    """/proc/PID/stat's fields after the command name (state first), or None
    when the process is gone. The name may hold spaces and ')': split after
    its last ')'."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None


def browser_pids(driver):
    """{pid: process type} of the browser's processes: chromedriver's descendants
    ("browser" for the main one, else Chromium's --type=, e.g. renderer, gpu-process)."""
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            fields = _stat_fields(int(entry))
            if fields:
                parents[int(entry)] = int(fields[1])  # ppid
    root, found = driver.service.process.pid, {}
    frontier = {root}
    while frontier:
        frontier = {p for p, pp in parents.items() if pp in frontier and p not in found}
        for p in frontier:
            try:
                with open(f"/proc/{p}/cmdline", "rb") as f:
                    # Chromium rewrites its command line as one line (spaces, not NULs).
                    cmdline = f.read().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            kind = re.search(r"--type=(\S+)", cmdline)
            found[p] = kind.group(1) if kind else "browser"
    return found


def cpu_seconds(pids):
    """{pid: user + system CPU seconds so far}; processes gone are left out."""
    tick = os.sysconf("SC_CLK_TCK")
    out = {}
    for p in pids:
        fields = _stat_fields(p)
        if fields:
            out[p] = (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return out


def idle_cpu(driver, seconds):
    """Share of one core the browser's processes used over `seconds` of wall
    time, in all and by process type."""
    pids = browser_pids(driver)
    t0, c0 = time.monotonic(), cpu_seconds(pids)
    time.sleep(seconds)
    t1, c1 = time.monotonic(), cpu_seconds(pids)
    by_type = {}
    for p, kind in pids.items():
        if p in c0 and p in c1:
            by_type[kind] = by_type.get(kind, 0.0) + c1[p] - c0[p]
    wall = t1 - t0
    return {"total": sum(by_type.values()) / wall,
            **{k: round(v / wall, 4) for k, v in sorted(by_type.items())}}


# [SECTION] Pixels.
def decode_png(data):
    """(width, height, channels, bytes) of an 8-bit RGB or RGBA, non-interlaced PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, [], None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
    width, height, depth, color, _, _, interlace = header
    assert depth == 8 and color in (2, 6) and interlace == 0, f"unsupported PNG {header}"
    ch = 3 if color == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = width * ch
    out = bytearray(height * stride)
    prev = bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        _unfilter(kind, line, prev, ch)
        out[y * stride : (y + 1) * stride] = line
        prev = line
    return width, height, ch, bytes(out)


def _unfilter(kind, line, prev, ch):
    if kind == 0:
        return
    for i in range(len(line)):
        a = line[i - ch] if i >= ch else 0
        b = prev[i]
        c = prev[i - ch] if i >= ch else 0
        if kind == 1:
            pred = a
        elif kind == 2:
            pred = b
        elif kind == 3:
            pred = (a + b) // 2
        else:  # Paeth
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
        line[i] = (line[i] + pred) & 0xFF


def pixel_stats(png):
    """(width, height, distinct colours, the most common colour, its share)."""
    width, height, ch, px = decode_png(png)
    counts = {}
    for i in range(0, len(px), ch * 7):  # every 7th pixel is plenty
        rgb = px[i : i + 3]
        counts[rgb] = counts.get(rgb, 0) + 1
    top, n = max(counts.items(), key=lambda kv: kv[1])
    return width, height, len(counts), tuple(top), n / sum(counts.values())


# [SECTION] Input.
def click_canvas(driver, x, y, pause=0.15):
    """Moves to and clicks CSS pixel (x, y) of the viewport, with pauses so each
    event lands in its own frame (ImGui sees hover, press and release)."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.actions.action_builder import ActionBuilder

    actions = ActionChains(driver)
    builder = ActionBuilder(driver)
    builder.pointer_action.move_to_location(int(x), int(y))
    builder.pointer_action.pause(pause)
    builder.pointer_action.pointer_down()
    builder.pointer_action.pause(pause)
    builder.pointer_action.pointer_up()
    builder.pointer_action.pause(pause)
    actions.w3c_actions = builder
    actions.perform()
