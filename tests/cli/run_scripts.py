"""Runs Python scripts one after another in this process (torch is imported
once, not once per script) and reports each one's last line; exits 1 if any
fails. TensorFlow, ONNX and JAX resolve to the stand-ins in standins/, never
to a real install (the check below).

    python3 run_scripts.py SCRIPT.py...
"""
import contextlib
import io
import os
import runpy
import sys
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [os.path.join(HERE, "standins"), os.path.join(HERE, "..", "golden")]
for name in ("tensorflow", "jax", "onnx"):
    module = __import__(name)
    if not os.path.abspath(module.__file__).startswith(os.path.join(HERE, "standins")):
        sys.exit(f"a real {name} is installed ({module.__file__}); the stand-ins must be used")

failed = 0
for path in sys.argv[1:]:
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            runpy.run_path(path, run_name="__main__")
        lines = out.getvalue().strip().splitlines() or ["(no output)"]
        print(f"{os.path.basename(path)}: {lines[-1]}")
    except Exception:  # noqa: BLE001 -- any failure of a script is reported
        failed += 1
        print(f"{os.path.basename(path)}: FAILED\n{traceback.format_exc()}")
print(f"{len(sys.argv) - 1 - failed} of {len(sys.argv) - 1} scripts agree with tconv")
sys.exit(1 if failed else 0)
