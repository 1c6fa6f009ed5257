"""The browser build's budgets, measured in one run (README, "In the browser"):

    /usr/bin/python3 tests/web/budgets.py --site build-web --desktop build/bin/tconv-studio

- gzip'd size of the site (gzip -9 of each file, as a static host serves them);
- the first frame after navigation in a fresh headless Chromium (median of --loads);
- the frame bench of big-64's `all` view: p50/p99 in the browser (#tconv-result
  after bench=N) and in the desktop build (--bench-frames N under Xvfb, the
  same window size), alternating, each side's median over --rounds;
- idle cost: the CPU time of all the browser's processes (/proc/PID/stat) over
  --idle-seconds with the page open and nothing moving, as a share of one core,
  and the frames the page drew meanwhile (window.tconvFrames).

A benchmark, not a test: it prints JSON and the budgets' verdicts, and exits 0.
"""

import argparse
import gzip
import json
import os
import pathlib
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402


def cpu_name():
    """lscpu's model name (the machine the numbers belong to)."""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return f"{line.split(':', 1)[1].strip()} x{os.cpu_count()}"
    except OSError:
        pass
    return "unknown"


def gzip_size(site):
    total, files = 0, {}
    for f in sorted(pathlib.Path(site).iterdir()):
        if f.is_file():
            n = len(gzip.compress(f.read_bytes(), 9))
            files[f.name] = {"bytes": f.stat().st_size, "gzip": n}
            total += n
    return total, files


def first_frame(url):
    with harness.chromium(1280, 800) as (driver, _):
        page_ms, _ = harness.load(driver, url)
        return page_ms


def browser_bench(url, frames, preset):
    with harness.chromium(1280, 800) as (driver, _):
        harness.load(driver, url + f"#preset={preset}&view=all&bench={frames}", timeout=120)
        text = harness.wait_for(lambda: driver.execute_script(
            "return document.getElementById('tconv-result').textContent;"), 120 + frames,
            "#tconv-result")
        return json.loads(text)


def idle(url, seconds):
    with harness.chromium(1280, 800) as (driver, _):
        harness.load(driver, url + "#preset=d2l-basic&view=all")
        time.sleep(3)  # start-up work done, the studio settled
        frames = "return window.tconvFrames || 0;"
        f0 = driver.execute_script(frames)
        cpu = harness.idle_cpu(driver, seconds)
        cpu["frames"] = driver.execute_script(frames) - f0
        cpu["seconds"] = seconds
        return cpu


def desktop_bench(studio, frames, preset, size):
    xvfb = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "xvfb_run.sh")
    cmd = ["bash", xvfb, f"{size[0]}x{size[1]}x24", studio, "--preset", preset,
           "--view", "all", "--size", f"{size[0]}x{size[1]}", "--bench-frames", str(frames)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True,
                         env={**os.environ, "TCONV_CONFIG_DIR": "/nonexistent"}).stdout
    return json.loads(out.strip().splitlines()[-1])


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--site", default="build-web")
    p.add_argument("--desktop", default="build/bin/tconv-studio")
    p.add_argument("--frames", type=int, default=120)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--loads", type=int, default=5)
    p.add_argument("--preset", default="big-64")
    p.add_argument("--idle-seconds", type=float, default=20)
    p.add_argument("--only", choices=("idle",), help="measure only this")
    a = p.parse_args()
    harness.require_browser()
    if a.only == "idle":
        with harness.serve(a.site) as url:
            cpu = idle(url, a.idle_seconds)
        print(json.dumps(cpu))
        print(f"idle: {cpu['total']:.1%} of a core, {cpu['frames']} frames in {a.idle_seconds:g} s")
        return 0
    total, files = gzip_size(a.site)
    out = {"gzip_bytes": total, "files": files, "cpu": cpu_name(), "load_before": os.getloadavg()}
    with harness.serve(a.site) as url:
        out["idle_cpu"] = idle(url, a.idle_seconds)
        ff = [first_frame(url) for _ in range(a.loads)]
        out["first_frame_ms"] = {"median": round(statistics.median(ff)), "all": [round(x) for x in ff]}
        # The page's layout size: the desktop window gets the same.
        with harness.chromium(1280, 800) as (driver, _):
            harness.load(driver, url)
            size = driver.execute_script("return [innerWidth, innerHeight];")
        web, desk = [], []
        for _ in range(a.rounds):  # alternating: the machine's load moves both alike
            web.append(browser_bench(url, a.frames, a.preset))
            desk.append(desktop_bench(a.desktop, a.frames, a.preset, size))
    med = lambda runs, k: statistics.median(r[k] for r in runs)  # noqa: E731
    out["bench"] = {
        "preset": a.preset, "view": "all", "frames": a.frames, "size": size,
        "browser": {"p50_ms": med(web, "p50_ms"), "p99_ms": med(web, "p99_ms"), "runs": web},
        "desktop": {"p50_ms": med(desk, "p50_ms"), "p99_ms": med(desk, "p99_ms"), "runs": desk},
    }
    ratio = med(web, "p99_ms") / med(desk, "p99_ms")
    out["bench"]["p99_ratio"] = round(ratio, 2)
    out["load_after"] = os.getloadavg()
    print(json.dumps(out, indent=1))
    print(f"gzip'd site {total / 2**20:.2f} MiB (budget 6 MiB): {'ok' if total <= 6 * 2**20 else 'OVER'}")
    print(f"first frame {out['first_frame_ms']['median']} ms (budget 5000): "
          f"{'ok' if out['first_frame_ms']['median'] <= 5000 else 'OVER'}")
    print(f"idle {out['idle_cpu']['total']:.1%} of a core (budget 3%): "
          f"{'ok' if out['idle_cpu']['total'] <= 0.03 else 'OVER'}")
    print(f"{a.preset} all p99 browser/desktop {ratio:.2f}x (budget 3x): {'ok' if ratio <= 3 else 'OVER'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
