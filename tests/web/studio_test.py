"""Browser tests of the studio as scripts/web.sh builds it (build-web/).

    /usr/bin/python3 tests/web/studio_test.py --site build-web --out DIR CASE

CASE: views | tabs | slider | keys | link | download | hidpi | errors | bench | idle.
Exit 0 pass, 1 fail, 77 skip (no chromium, chromedriver, python3-selenium, or
no built site). Screenshots (DIR/<preset>-<view>.png ...) and timings
(DIR/metrics-<case>.json) go to DIR, to be looked at.
"""

import argparse
import base64
import hashlib
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
# The dark theme's background (ui/style.cpp, palette.background).
BACKGROUND = (24, 26, 30)
PRESETS = ("d2l-basic", "ca-padding-strides", "groups")
VIEWS = ("scatter", "flip", "arithmetic", "matrix", "shape", "overlap", "all")
ARGS = None


def state(driver):
    return json.loads(driver.execute_script("return window.tconvState();"))


def check_no_console_errors(driver):
    errors = harness.console_errors(driver)
    assert not errors, "console errors:\n  " + "\n  ".join(errors)


def viewport(driver):
    """The page's size in device pixels."""
    return tuple(driver.execute_script(
        "const r = window.devicePixelRatio;"
        "return [Math.round(innerWidth * r), Math.round(innerHeight * r)];"))


def check_pixels(png, size, name, out):
    """The studio is drawn: many colours, its background most common but not all."""
    (out / name).write_bytes(png)
    w, h, colours, top, share = harness.pixel_stats(png)
    assert (w, h) == size, f"{name}: screenshot is {w}x{h}, expected {size}"
    assert colours >= 40, f"{name}: only {colours} colours: blank or flat"
    assert all(abs(a - b) <= 3 for a, b in zip(top, BACKGROUND)), f"{name}: background {top}"
    assert 0.2 < share < 0.97, f"{name}: background covers {share:.0%}"
    return hashlib.sha1(png).hexdigest()


def open_link(driver, fragment, expect=None, timeout=20):
    """Sets the page's fragment (the studio applies it between frames) and
    waits until tconvState() shows `expect` (key: value)."""
    driver.execute_script("location.hash = arguments[0];", fragment)
    if expect:
        harness.wait_for(lambda: all(state(driver).get(k) == v for k, v in expect.items()),
                         timeout, f"the state {expect} after #{fragment}")
    time.sleep(0.4)  # a few frames: ImGui sizes tables and tabs from the last one


def press(driver, key, *modifiers, pause=0.15):
    """Key down and up in separate frames (ImGui 1.86 polls key state per frame)."""
    from selenium.webdriver.common.action_chains import ActionChains

    a = ActionChains(driver)
    for m in modifiers:
        a.key_down(m)
    a.key_down(key).pause(pause).key_up(key)
    for m in reversed(modifiers):
        a.key_up(m)
    a.pause(pause).perform()


def drag(driver, x0, y0, x1, y1, pause=0.15):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.actions.action_builder import ActionBuilder

    actions = ActionChains(driver)
    b = ActionBuilder(driver)
    b.pointer_action.move_to_location(int(x0), int(y0)).pause(pause).pointer_down().pause(pause)
    for i in range(1, 6):
        b.pointer_action.move_to_location(int(x0 + (x1 - x0) * i / 5), int(y0 + (y1 - y0) * i / 5))
        b.pointer_action.pause(0.05)
    b.pointer_action.pause(pause).pointer_up().pause(pause)
    actions.w3c_actions = b
    actions.perform()


# [SECTION] Cases.
def case_views(url, out):
    """Every view of three presets, each looked at and its pixels checked."""
    with harness.chromium(1280, 800) as (driver, _):
        page_ms, wall = harness.load(driver, url)
        metrics = {"first_frame_ms": round(page_ms), "ready_wall_s": round(wall, 2),
                   **harness.startup_timing(driver)}
        size = viewport(driver)
        seen = {}
        for preset in PRESETS:
            for view in VIEWS:
                open_link(driver, f"preset={preset}&view={view}", {"name": preset, "view": view})
                digest = check_pixels(driver.get_screenshot_as_png(), size,
                                      f"{preset}-{view}.png", out)
                assert digest not in seen, f"{preset}/{view} looks exactly like {seen.get(digest)}"
                seen[digest] = f"{preset}/{view}"
        check_no_console_errors(driver)
        return metrics


def case_tabs(url, out):
    """Clicking along the tab bar selects the views in the tabs' order."""
    with harness.chromium(1280, 800) as (driver, _):
        harness.load(driver, url + "#preset=d2l-basic&view=all")
        order = ["all", "scatter", "flip", "arithmetic", "matrix", "shape", "overlap"]
        reached = []
        for x in range(12, 640, 16):
            harness.click_canvas(driver, x, 17, pause=0.1)
            v = state(driver)["view"]
            if not reached or reached[-1] != v:
                reached.append(v)
        (out / "tabs.png").write_bytes(driver.get_screenshot_as_png())
        known = [v for v in reached if v in order]
        assert known == sorted(known, key=order.index), f"tabs reached out of order: {reached}"
        assert len(set(known)) >= 5, f"clicks on the tab bar reached only {reached}"
        check_no_console_errors(driver)
    return {"reached": reached}


def case_slider(url, out):
    """Dragging in the parameter panel changes a parameter, PyTorch-valid."""
    with harness.chromium(1280, 800) as (driver, _):
        harness.load(driver, url + "#preset=d2l-basic&view=all")
        before = state(driver)
        for y in range(60, 560, 10):
            drag(driver, 120, y, 330, y)
            now = state(driver)
            if (now["params"], now["input_size"]) != (before["params"], before["input_size"]):
                break
        else:
            raise AssertionError("no drag across the parameter panel changed a parameter")
        (out / "slider.png").write_bytes(driver.get_screenshot_as_png())
        changed = {k: (before["params"][k], now["params"][k]) for k in now["params"]
                   if now["params"][k] != before["params"][k]}
        if now["input_size"] != before["input_size"]:
            changed["input_size"] = (before["input_size"], now["input_size"])
        check_no_console_errors(driver)
    return {"drag_y": y, "changed": changed}


def case_keys(url, out):
    """Digits pick views, arrows and Home/End move the step, Ctrl + grows the text."""
    from selenium.webdriver.common.keys import Keys

    with harness.chromium(1280, 800) as (driver, _):
        harness.load(driver, url + "#preset=d2l-stride&view=all")
        harness.click_canvas(driver, 900, 500)  # focus the canvas
        for key, view in (("4", "matrix"), ("2", "flip"), ("0", "all"), ("1", "scatter")):
            press(driver, key)
            harness.wait_for(lambda: state(driver)["view"] == view, 5, f"key {key} → {view}")
        assert state(driver)["step"] == 0
        press(driver, Keys.ARROW_RIGHT)
        press(driver, Keys.ARROW_RIGHT)
        harness.wait_for(lambda: state(driver)["step"] == 2, 5, "→ → to step 2")
        press(driver, Keys.END)
        harness.wait_for(lambda: state(driver)["step"] == 3, 5, "End: the last of 4 steps")
        press(driver, Keys.HOME)
        harness.wait_for(lambda: state(driver)["step"] == 0, 5, "Home: step 0")
        press(driver, "=", Keys.CONTROL)
        harness.wait_for(lambda: state(driver)["presenter"]["font_scale"] == 1.25, 5, "Ctrl + text")
        time.sleep(0.3)
        (out / "keys.png").write_bytes(driver.get_screenshot_as_png())
        check_no_console_errors(driver)
    return {}


def b64url(text):
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def case_link(url, out):
    """Every parameter by name; s= reopens exactly tconvState(); a bad link
    opens the default state with its message; a reload keeps the settings."""
    with harness.chromium(1280, 800) as (driver, _):
        harness.load(driver, url + "#preset=d2l-basic&stride=2,1&padding=1&output_padding=1,0"
                     "&kernel_size=3&in_channels=2&out_channels=4&groups=2&bias=true"
                     "&dilation=1,2&input_size=3,4&view=matrix&step=5")
        s = state(driver)
        p = s["params"]
        assert (p["stride"], p["padding"], p["output_padding"], p["kernel_size"]) == (
            [2, 1], [1, 1], [1, 0], [3, 3]), p
        assert (p["in_channels"], p["out_channels"], p["groups"], p["bias"], p["dilation"]) == (
            2, 4, 2, True, [1, 2]), p
        assert (s["input_size"], s["view"], s["step"]) == ([3, 4], "matrix", 4), s  # step=5 counts from 1; the session JSON from 0
        # The state as the app gives it, through s=, in a fresh page.
        press(driver, "=", "\ue009")  # Ctrl + (the look travels in s= too)
        press(driver, "\ue014")  # →
        want = driver.execute_script("return window.tconvState();")
        harness.load(driver, url + "#s=" + b64url(want))
        got = driver.execute_script("return window.tconvState();")
        assert got == want, "s= did not reopen the same state"
        (out / "link.png").write_bytes(driver.get_screenshot_as_png())

        # A bad link pasted into an open page: nothing changes, a message says why.
        driver.execute_script("location.hash = 'preset=groups&stride=zz';")
        time.sleep(1.0)
        assert driver.execute_script("return window.tconvState();") == want
        (out / "bad-link-pasted.png").write_bytes(driver.get_screenshot_as_png())
        # A page opened with a bad link: the default state (and the message).
        harness.load(driver, url + "#preset=groups&stride=zz")
        s = state(driver)
        assert (s["name"], s["params"]["stride"]) == ("d2l-basic", [1, 1]), s
        time.sleep(0.3)
        (out / "bad-link.png").write_bytes(driver.get_screenshot_as_png())
        check_no_console_errors(driver)
    return {"s_chars": len(b64url(want))}


def case_download(url, out):
    """Ctrl+S downloads a PNG of the window at its size, as the desktop writes it."""
    from selenium.webdriver.common.keys import Keys

    with harness.chromium(1280, 800) as (driver, downloads):
        harness.load(driver, url + "#preset=d2l-padding&view=all")
        harness.click_canvas(driver, 900, 500)
        press(driver, "s", Keys.CONTROL)
        folder = pathlib.Path(downloads)
        png = harness.wait_for(lambda: [f for f in folder.glob("*.png")], 30, "the PNG download")[0]
        harness.wait_for(lambda: png.stat().st_size > 0, 5, "the download to finish")
        time.sleep(0.5)
        data = png.read_bytes()
        shutil.copy(png, out / "download.png")
        w, h, colours, top, share = harness.pixel_stats(data)
        css = tuple(driver.execute_script("return [innerWidth, innerHeight];"))
        # The window at the export popup's scale (1–4×, 2× unless changed).
        assert w % css[0] == 0 and w // css[0] in (1, 2, 3, 4) and h == css[1] * (w // css[0]), (
            f"{png.name} is {w}x{h}, the window {css}")
        names = sorted(f.name for f in folder.iterdir())
        assert len(names) == 1, f"one Ctrl+S, downloads: {names}"
        assert colours >= 40 and len(data) > 20_000, (png.name, len(data), colours)
        # The desktop's names: preset, view, the step counted from 1, and a
        # counter that goes on while the name is taken.
        assert png.name == "d2l-padding-all-step1-1.png", png.name
        want = [png.name]
        for keys, name in ((("s", Keys.CONTROL), "d2l-padding-all-step1-2.png"),
                           ((Keys.ARROW_RIGHT,), None),
                           (("s", Keys.CONTROL), "d2l-padding-all-step2-1.png")):
            press(driver, *keys)
            if not name:
                continue
            want.append(name)

            def downloaded():
                done = sorted(f.name for f in folder.iterdir())
                return done if len(done) == len(want) and not any(
                    n.endswith(".crdownload") for n in done) else None

            got = harness.wait_for(downloaded, 30, f"the download {name}")
            assert got == sorted(want), f"downloads {got}, want {sorted(want)}"
        check_no_console_errors(driver)
    return {"png": png.name, "bytes": len(data), "size": [w, h], "window": list(css),
            "names": sorted(want)}


def frames(driver):
    return driver.execute_script("return window.tconvFrames;")


def idle_frames(driver, seconds=1.0):
    """Frames the page drew over `seconds` of nothing happening."""
    f0 = frames(driver)
    time.sleep(seconds)
    return frames(driver) - f0


def case_idle(url, out):
    """An idle page draws nothing; input, a link and playback wake it."""
    from selenium.webdriver.common.keys import Keys

    with harness.chromium(1280, 800) as (driver, _):
        harness.load(driver, url + "#preset=d2l-basic&view=all")
        time.sleep(1.5)  # the first frames settle
        # At most one frame a second: a deadline (a fading message, the pacer's
        # 5 s safety net), never a frame per animation frame.
        settled = idle_frames(driver)
        assert settled <= 1, f"an idle page drew {settled} frames in a second"
        cpu = harness.idle_cpu(driver, 2.0)
        # Hover: every mouse move draws (hover stays smooth).
        f0 = frames(driver)
        from selenium.webdriver.common.action_chains import ActionChains
        from selenium.webdriver.common.actions.action_builder import ActionBuilder
        a, b = ActionChains(driver), ActionBuilder(driver)
        for i in range(10):
            b.pointer_action.move_to_location(500 + 30 * i, 400).pause(0.05)
        a.w3c_actions = b
        a.perform()
        hover = frames(driver) - f0
        assert hover >= 10, f"10 mouse moves drew {hover} frames"
        time.sleep(0.5)
        assert idle_frames(driver) <= 1, "the page kept drawing after the mouse stopped"
        # A link pasted into the address bar is applied while idle.
        open_link(driver, "preset=d2l-stride&view=scatter", {"name": "d2l-stride", "view": "scatter"})
        # Playback draws every animation frame and moves the step; pausing ends it.
        harness.click_canvas(driver, 900, 500)  # focus the canvas
        step0 = state(driver)["step"]
        press(driver, Keys.SPACE)
        playing = idle_frames(driver)
        assert playing >= 10, f"playback drew {playing} frames in a second"
        harness.wait_for(lambda: state(driver)["step"] != step0, 5, "playback to move the step")
        press(driver, Keys.SPACE)
        time.sleep(0.5)
        after = idle_frames(driver)
        assert after <= 1, f"paused, the page drew {after} frames in a second"
        (out / "idle.png").write_bytes(driver.get_screenshot_as_png())
        check_no_console_errors(driver)
    return {"idle_frames_per_s": settled, "idle_cpu_2s": round(cpu["total"], 4),
            "hover_frames": hover, "playing_frames_per_s": playing}


def case_hidpi(url, out):
    """devicePixelRatio 2: the drawing buffer is twice the CSS size and follows a resize."""
    with harness.chromium(1000, 700, scale=2) as (driver, _):
        harness.load(driver, url + "#preset=d2l-stride&view=all")

        def sizes():
            return driver.execute_script(
                "const c = document.getElementById('canvas');"
                "return [c.clientWidth, c.clientHeight, c.width, c.height];")

        cw, ch, bw, bh = sizes()
        assert (bw, bh) == (2 * cw, 2 * ch), (cw, ch, bw, bh)
        time.sleep(0.3)
        check_pixels(driver.get_screenshot_as_png(), (2 * cw, 2 * ch), "hidpi.png", out)
        driver.set_window_size(800, 600)

        def followed():
            cw2, ch2, bw2, bh2 = sizes()
            return cw2 != cw and (bw2, bh2) == (2 * cw2, 2 * ch2)

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


def case_bench(url, out, frames=None, preset="big-64"):
    """bench=N plays N frames and writes their times into #tconv-result."""
    frames = frames or ARGS.frames
    with harness.chromium(1280, 800) as (driver, _):
        harness.load(driver, url + f"#preset={preset}&view=all&bench={frames}", timeout=120)
        text = harness.wait_for(lambda: driver.execute_script(
            "return document.getElementById('tconv-result').textContent;"),
            60 + frames, "#tconv-result")
        result = json.loads(text)
        assert result["frames"] == frames and 0 < result["p50_ms"] <= result["p99_ms"], result
        check_no_console_errors(driver)
    return result


CASES = {"views": case_views, "tabs": case_tabs, "slider": case_slider, "keys": case_keys,
         "link": case_link, "download": case_download, "hidpi": case_hidpi,
         "errors": case_errors, "bench": case_bench, "idle": case_idle}


def main():
    global ARGS
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", default=str(REPO / "build-web"))
    parser.add_argument("--out", default=tempfile.gettempdir())
    parser.add_argument("--frames", type=int, default=30, help="frames for the bench case")
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
