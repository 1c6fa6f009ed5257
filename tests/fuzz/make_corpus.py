#!/usr/bin/env python3
"""Writes the fuzz targets' seed corpora (tests/fuzz/corpus/<target>/) from the
golden fixtures, the presets and the session test data, plus a few
hand-written command lines and settings files, the frameworks' specs of the
CLI tests, the exercise sheets, and questions and answers written by a built
`tconv quiz` (seeded, so the same every run). Run by hand after those change;
the output is committed (tens of small files, so a fuzz run starts from every
kind of input the programs read, valid and refused).

    python3 tests/fuzz/make_corpus.py [path/to/tconv]   (default build/bin/tconv)
"""
import json
import pathlib
import shutil
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "tests/fuzz/corpus"
SPEC_KEYS = ["input", "weight", "bias", "stride", "padding", "output_padding", "groups",
             "dilation", "output_size", "method", "input_shape", "weight_shape", "bias_shape"]
CONV_KEYS = ["input", "weight", "bias", "stride", "padding", "dilation", "groups",
             "input_shape", "weight_shape", "bias_shape"]


def write(target, name, text):
    d = OUT / target
    d.mkdir(parents=True, exist_ok=True)
    (d / name).write_text(text)


def spec(case, keys, **extra):
    s = {k: case[k] for k in keys if k in case}
    s.update(extra)
    return json.dumps(s) + "\n"


def transposed_specs():
    valid = json.load(open(ROOT / "tests/golden/conv_transpose2d_valid.json"))["cases"]
    by_id = {c["id"]: c for c in valid}
    picks = ["d2l_trans_conv", "d2l_stride2", "d2l_padding1", "common_nn_ConvTranspose2d_groups",
             "common_nn_ConvTranspose2d_no_batch_dim", "conv_arithmetic_padding_strides_odd",
             "test_nn_output_size_full_2x4x19x20", "zero_batch"]
    # The smallest random case of each kind (plain, unbatched, output_size, ...).
    kinds = {}
    for c in valid:
        if c["source"] == "random":
            kind = c["id"].split("_", 2)[2]
            if kind not in kinds or len(json.dumps(c)) < len(json.dumps(kinds[kind])):
                kinds[kind] = c
    picks += [c["id"] for c in kinds.values()]
    methods = ["scatter", "matrix", "flip", "gemm"]
    for i, cid in enumerate(picks):
        write("spec", cid + ".json", spec(by_id[cid], SPEC_KEYS, method=methods[i % 4]))
    invalid = {c["id"]: c for c in
               json.load(open(ROOT / "tests/golden/conv_transpose2d_invalid.json"))["cases"]}
    for cid in ["input_5d", "weight_3d", "groups_0", "bias_length", "stride_0",
                "output_padding_eq_stride", "output_too_small", "zero_batch_empty_weight",
                "output_size_range_17x18", "output_size_length_3"]:
        write("spec", "invalid_" + cid + ".json", spec(invalid[cid], SPEC_KEYS))
    write("spec", "bad_json.json", '{"input": [[[[0, 1], [2, 3]]]], "weight": [[[[0, 1]\n')
    write("spec", "typo_key.json", '{"input": [[[[1]]]], "weight": [[[[1]]]], "strides": 2}\n')


def conv_specs():
    g = json.load(open(ROOT / "tests/golden/conv2d.json"))
    valid = {c["id"]: c for c in g["valid"]}
    for cid in ["conv2d_random_00_int", "conv2d_random_02_same", "conv2d_random_03_valid",
                "conv2d_same_even_kernel_dilation", "conv2d_same_even_kernel", "conv2d_zero_batch"]:
        write("conv_spec", cid + ".json", spec(valid[cid], CONV_KEYS))
    invalid = {c["id"]: c for c in g["invalid"]}
    for cid in ["input_5d", "groups_0", "same_strided", "kernel_too_big_dilated", "bias_length",
                "same_pads_empty_input"]:
        write("conv_spec", "invalid_" + cid + ".json", spec(invalid[cid], CONV_KEYS))


FLAGS = {
    "shape_text": ["shape", "--input-size", "3", "3", "--kernel-size", "3", "--stride", "2",
                   "--padding", "1", "--output-padding", "1"],
    "shape_json": ["shape", "--input_size", "4,5", "--kernel_size", "2", "--dilation", "2",
                   "--json"],
    "shape_bad_op": ["shape", "--input-size", "2", "--kernel-size", "2", "--output-padding",
                     "2"],
    "bench": ["bench", "--input", "2,4,8,8", "--weight", "4,2,3,3", "--stride", "2",
              "--padding", "1", "--groups", "2", "--method", "scatter", "--threads", "1",
              "--repeat", "3", "--min-ms", "0"],
    "bench_unbatched": ["bench", "--input", "4,8,8", "--weight", "4,4,2,2", "--method",
                        "matrix"],
    "forward": ["forward", "spec.json"],
    "matrix_taps": ["matrix", "--taps", "-"],
    "steps": ["steps", "-"],
    "conv": ["conv", "spec.json"],
    "translate": ["translate", "--code", "onnx", "--no-values", "spec.json"],
    "quiz": ["quiz", "params", "--seed", "7", "--level", "3", "--with-answer", "--count", "2"],
    "quiz_sheet": ["quiz", "--sheet", "sheet.json", "--key"],
    "quiz_bad_seed": ["quiz", "value", "--seed", "-1"],
    "grade": ["grade", "question.json", "-"],
    "help": ["--help"],
    "sub_help": ["bench", "--help"],
    "unknown": ["fwd", "x.json"],
}


def flags():
    for name, args in FLAGS.items():
        write("flags", name + ".txt", "\n".join(args) + "\n")


def presets():
    for p in sorted((ROOT / "assets/presets").glob("*.json")):
        if not p.name.startswith("big-"):  # the same as dcgan, only slower
            shutil.copy(p, OUT / "studio_preset" / p.name)


def sessions():
    for p in sorted((ROOT / "tests/session/data").glob("*.json")):
        shutil.copy(p, OUT / "studio_session" / p.name)


SETTINGS = {
    "full.json": {"tconv_studio_settings": 1, "font_scale": 1.5, "theme": "light",
                  "colorblind": False, "fullscreen": True,
                  "recent_sessions": ["/home/t/lesson1.json", "/home/t/lesson2.json"]},
    "partial.json": {"tconv_studio_settings": 1, "font_scale": 2.25},
    "recent_ten.json": {"tconv_studio_settings": 1,
                        "recent_sessions": ["/s/%d.json" % i for i in range(10)]},
    "wrong_version.json": {"tconv_studio_settings": 2},
    "bad_theme.json": {"tconv_studio_settings": 1, "theme": "blue"},
    "unknown_key.json": {"tconv_studio_settings": 1, "font": 2},
}


def settings():
    for name, s in SETTINGS.items():
        write("studio_settings", name, json.dumps(s, indent=2) + "\n")
    write("studio_settings", "malformed.json", '{"tconv_studio_settings": 1, "theme": \n')


def framework_specs():
    for p in sorted((ROOT / "tests/cli/data/frameworks").glob("*.json")):
        shutil.copy(p, OUT / "framework_spec" / p.name)
    write("framework_spec", "unknown_convention.json",
          '{"convention": "caffe", "input": [[[[1]]]], "weight": [[[[1]]]]}\n')
    write("framework_spec", "tf_refused_stride_dilation.json", json.dumps(
        {"convention": "tensorflow", "input_shape": [1, 4, 4, 1], "filters_shape": [3, 3, 1, 1],
         "strides": 2, "dilations": 2, "padding": "SAME"}) + "\n")


KINDS = ["shape", "value", "feeders", "output_padding", "params", "matrix", "checkerboard"]


def exercises(tconv):
    for p in sorted((ROOT / "assets/exercises").glob("*.json")):
        shutil.copy(p, OUT / "exercise" / ("sheet_" + p.name))
    for i, kind in enumerate(KINDS):
        level = str(i % 3 + 1)
        out = subprocess.run([tconv, "quiz", kind, "--seed", str(i + 1), "--level", level,
                              "--with-answer"], check=True, capture_output=True, text=True).stdout
        q = json.loads(out)
        answer = q.pop("answer")
        write("exercise", kind + ".json", json.dumps(q) + "\n")
        # A question file, then the answer a student would hand in.
        write("exercise", kind + "_answered.json",
              json.dumps(q) + "\n---\n" + json.dumps(answer) + "\n")
    write("exercise", "seeded.json", '{"kind": "matrix", "level": 3, "seed": 12}\n')
    write("exercise", "wrong_answer.json", '{"kind": "shape", "spec": {"input_shape": [1, 1, 3, 3], '
          '"weight_shape": [1, 1, 3, 3], "stride": 2}}\n---\n[1, 1, 6, 6]\n')
    write("exercise", "bad_answer.json", '{"kind": "value", "level": 1, "seed": 3}\n---\n'
          '{"answer": "four"}\n')


if __name__ == "__main__":
    if OUT.exists():
        shutil.rmtree(OUT)
    tconv = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "build/bin/tconv")
    for t in ["studio_preset", "studio_session", "framework_spec", "exercise"]:
        (OUT / t).mkdir(parents=True)
    transposed_specs()
    conv_specs()
    flags()
    presets()
    sessions()
    settings()
    framework_specs()
    exercises(tconv)
    for d in sorted(OUT.iterdir()):
        print(d.name, len(list(d.iterdir())))
