"""Browser tests of the site built by scripts/web.sh (TEMPORARY: the smoke app;
the studio's own browser tests replace the cases below, the harness stays).

    /usr/bin/python3 tests/web/smoke_test.py --site build-web --out DIR CASE

CASE: render | hooks | hidpi | errors. Exit 0 pass, 1 fail, 77 skip (no
chromium, chromedriver, python3-selenium, or no built site). Screenshots and
timings go to DIR (render.png, hidpi.png, metrics-<case>.json).
"""

import argparse
import json
import os
import pathlib
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

REPO = pathlib.Path(__file__).resolve().parents[2]
# The smoke window's clear colour (0.12, 0.16, 0.22) in 8 bits, as Chromium rounds it.
BACKGROUND = (31, 41, 56)


def state(driver):
    return json.loads(driver.execute_script("return window.tconvState();"))


def check_no_console_errors(driver):
    errors = harness.console_errors(driver)
    assert not errors, "console errors:\n  " + "\n  ".join(errors)


def viewport(driver):
    """The page's size in device pixels (the window minus the browser's own frame)."""
    return tuple(driver.execute_script(
        "const r = window.devicePixelRatio;"
        "return [Math.round(innerWidth * r), Math.round(innerHeight * r)];"))


def check_pixels(png, width, height, name, out):
    (out / name).write_bytes(png)
    w, h, colours, top, share = harness.pixel_stats(png)
    assert (w, h) == (width, height), f"{name}: screenshot is {w}x{h}, expected {width}x{height}"
    assert colours >= 20, f"{name}: only {colours} colours: blank or flat"
    assert all(abs(a - b) <= 2 for a, b in zip(top, BACKGROUND)), f"{name}: background {top}"
    assert 0.3 < share < 0.98, f"{name}: background covers {share:.0%}, the window is missing"


# [SECTION] Cases.
def case_render(url, out):
    """First frame, pixels, console, and what core computed inside wasm."""
    with harness.chromium(1280, 800) as (driver, _):
        page_ms, wall = harness.load(driver, url)
        time.sleep(0.3)  # a few more frames
        width, height = viewport(driver)
        check_pixels(driver.get_screenshot_as_png(), width, height, "render.png", out)
        s = state(driver)
        assert s["core"]["d2l"] == "0, 0, 1, 0, 4, 6, 4, 12, 9", s["core"]
        assert "stride" in s["core"]["bad_stride"], s["core"]
        presets = len(list((REPO / "assets" / "presets").glob("*.json")))
        assert s["core"]["presets"] == presets, (s["core"], presets)
        assert s["framebuffer"] == [width, height], (s["framebuffer"], width, height)
        check_no_console_errors(driver)
        return {"first_frame_ms": round(page_ms), "ready_wall_s": round(wall, 2),
                **harness.startup_timing(driver), "big_gemm": s["core"]["big_gemm"]}


def case_hooks(url, out):
    """Download, clipboard, picked and dropped files, localStorage across reloads."""
    with harness.chromium(1280, 800) as (driver, downloads):
        driver.execute_cdp_cmd(
            "Browser.grantPermissions",
            {"origin": url.rstrip("/"), "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]},
        )
        harness.load(driver, url)
        visits = state(driver)["visits"]

        # A click on the C++ button reaches the page's download hook.
        x0, y0, x1, y1 = state(driver)["buttons"]["download"]
        harness.click_canvas(driver, (x0 + x1) / 2, (y0 + y1) / 2)
        target = pathlib.Path(downloads) / "tconv-smoke.txt"
        harness.wait_for(target.exists, 10, "the download")
        assert target.read_text() == "tconv web smoke\n", repr(target.read_text())
        assert state(driver)["downloads"] == 1

        x0, y0, x1, y1 = state(driver)["buttons"]["copy"]
        harness.click_canvas(driver, (x0 + x1) / 2, (y0 + y1) / 2)
        harness.wait_for(lambda: state(driver)["copies"] == 1, 5, "the copy")
        copied = driver.execute_async_script(
            "const done = arguments[0];"
            "navigator.clipboard.readText().then(done, (e) => done('error: ' + e));"
        )
        assert copied == "tconv web smoke", repr(copied)

        # A file picked with the (hidden) input, then one dropped on the canvas.
        picked = pathlib.Path(out) / "picked session.json"
        picked.write_text('{"preset": "d2l-basic"}')
        driver.find_element("id", "tconv-file").send_keys(str(picked))
        harness.wait_for(lambda: state(driver)["opened"]["name"] == picked.name, 5, "the picked file")
        assert state(driver)["opened"]["size"] == picked.stat().st_size
        driver.execute_script(
            "const dt = new DataTransfer();"
            "dt.items.add(new File([new Uint8Array(1000)], 'dropped.json'));"
            "document.getElementById('canvas').dispatchEvent("
            "  new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));"
        )
        harness.wait_for(lambda: state(driver)["opened"] == {"name": "dropped.json", "size": 1000},
                         5, "the dropped file")

        harness.load(driver, url)  # again
        assert state(driver)["visits"] == visits + 1, (visits, state(driver)["visits"])
        check_no_console_errors(driver)
    return {}


def case_hidpi(url, out):
    """devicePixelRatio 2: the drawing buffer is twice the CSS size, and follows a resize."""
    with harness.chromium(1000, 700, scale=2) as (driver, _):
        harness.load(driver, url)

        def sizes():
            css = driver.execute_script(
                "const c = document.getElementById('canvas');"
                "return [c.clientWidth, c.clientHeight, c.width, c.height];")
            return css, state(driver)["framebuffer"]

        (cw, ch, bw, bh), fb = sizes()
        assert (bw, bh) == (2 * cw, 2 * ch) and fb == [bw, bh], (cw, ch, bw, bh, fb)
        time.sleep(0.3)
        check_pixels(driver.get_screenshot_as_png(), 2 * cw, 2 * ch, "hidpi.png", out)
        driver.set_window_size(800, 600)

        def followed():
            (cw2, ch2, bw2, bh2), fb2 = sizes()
            return cw2 != cw and (bw2, bh2) == (2 * cw2, 2 * ch2) and fb2 == [bw2, bh2]

        harness.wait_for(followed, 10, "the canvas to follow the resize")
        check_no_console_errors(driver)
    return {}


def case_errors(url, out):
    """Never a blank page: a missing tconv.wasm, the page opened as a file, no WebGL."""
    with tempfile.TemporaryDirectory(prefix="tconv-web-broken-") as broken:
        site = pathlib.Path(ARGS.site)
        for name in ("index.html", "tconv.js", "tconv.data"):
            shutil.copy(site / name, broken)
        with harness.serve(broken) as broken_url, harness.chromium(800, 600) as (driver, _):
            driver.get(broken_url)
            text = harness.wait_for(lambda: driver.execute_script(
                "const s = document.getElementById('tconv-status');"
                "return !s.hidden && s.classList.contains('error') ? s.textContent : null;"),
                30, "the error message")
            assert "could not start" in text, text
            assert not driver.execute_script("return window.tconvReady === true;")
    with harness.chromium(800, 600) as (driver, _):
        driver.get((pathlib.Path(ARGS.site).resolve() / "index.html").as_uri())
        text = harness.wait_for(lambda: driver.execute_script(
            "const s = document.getElementById('tconv-status');"
            "return s.classList.contains('error') ? s.textContent : null;"), 30, "the file:// message")
        assert "serve this folder" in text, text
    with harness.chromium(800, 600, extra_args=["--disable-3d-apis"]) as (driver, _):
        driver.get(url)
        text = harness.wait_for(lambda: driver.execute_script(
            "const s = document.getElementById('tconv-status');"
            "return s.classList.contains('error') ? s.textContent : null;"), 10, "the WebGL2 message")
        assert "WebGL2" in text, text
    return {}


CASES = {"render": case_render, "hooks": case_hooks, "hidpi": case_hidpi, "errors": case_errors}


def main():
    global ARGS
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", default=str(REPO / "build-web"))
    parser.add_argument("--out", default=tempfile.gettempdir())
    parser.add_argument("case", choices=sorted(CASES))
    ARGS = parser.parse_args()
    out = pathlib.Path(ARGS.out)
    out.mkdir(parents=True, exist_ok=True)
    try:
        harness.require_browser()
        if not (pathlib.Path(ARGS.site) / "tconv.wasm").exists():
            raise harness.Skip(f"no site in {ARGS.site}: build it with bash scripts/web.sh --build")
    except harness.Skip as e:
        print(f"SKIP: {e}")
        return harness.SKIP
    with harness.serve(ARGS.site) as url:
        metrics = CASES[ARGS.case](url, out)
    if metrics:
        (out / f"metrics-{ARGS.case}.json").write_text(json.dumps(metrics) + "\n")
        print(json.dumps(metrics))
    print(f"PASS: {ARGS.case}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
