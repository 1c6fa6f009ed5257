// tconv: the command line. Parses arguments, runs one subcommand, and turns
// every failure into one stderr line and exit status 2, so scripts can rely
// on "status 2 = your input" and never see a crash or a half-printed result.
#include "command_line.h"

#include <CLI/CLI.hpp>
#include <new>
#include <sstream>
#include <string>

#include "commands.h"
#include "quiz.h"
#include "spec.h"
#include "spec_frameworks.h"
#include "tconv/errors.h"
#include "tconv/isa.h"

namespace cli {
namespace {

int fail(std::ostream& err, const std::string& context, std::string message) {
  // Exactly one line, whatever the message holds.
  for (char& c : message)
    if (c == '\n' || c == '\r') c = ' ';
  err << "tconv: error: " << (context.empty() ? "" : context + ": ") << message << "\n";
  return kUserError;
}

constexpr const char* kSpecHelp = "JSON spec file, or '-' to read stdin (keys: see below)";

constexpr const char* kTransposeKeys =
    "Spec keys are F.conv_transpose2d's argument names:\n"
    "  input, weight    nested lists (required); a 3-D input (C, H, W) is unbatched and\n"
    "                   gives a 3-D output, as in PyTorch; weight is (C_in, C_out/groups, kH, kW)\n"
    "  bias             a list of C_out numbers, or null / absent for none\n"
    "  stride, padding, output_padding, dilation   an int or [h, w]\n"
    "  groups           an int\n"
    "  output_size      [h, w] (or the full size), as nn.ConvTranspose2d.forward takes it\n"
    "  method           scatter, matrix, flip or gemm (default gemm)\n"
    "  input_shape, weight_shape, bias_shape   the shape, where a list cannot show it (a zero\n"
    "                   batch: \"input\": [], \"input_shape\": [0, 2, 3, 3]); alone, a tensor of "
    "zeros\n"
    "Unknown keys are an error. Example (d2l's transposed convolution):\n"
    "  {\"input\": [[[[0, 1], [2, 3]]]], \"weight\": [[[[0, 1], [2, 3]]]], \"stride\": 1}\n";

constexpr const char* kErrors =
    "Errors (bad JSON, a missing key, a wrong shape, PyTorch's argument checks, a size limit) "
    "print one line on stderr and exit with status 2.";

constexpr const char* kIsaHelp =
    "The gemm method's kernels run on the best instruction set this CPU has (avx512, avx2, or "
    "generic: baseline x86-64); the environment variable TCONV_ISA=generic|avx2|avx512 forces "
    "one. An unknown value, or one this CPU lacks, is an error (status 2).";

// Help footers wrap at 90 columns so they read well in a terminal; lines
// starting with a space are laid out by hand and kept as they are.
std::string wrap(const std::string& text, size_t width = 90) {
  std::string out, line;
  std::istringstream lines(text);
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == ' ') {
      out += line + "\n";
      continue;
    }
    std::istringstream words(line);
    std::string word, current;
    while (words >> word) {
      if (!current.empty() && current.size() + 1 + word.size() > width) {
        out += current + "\n";
        current.clear();
      }
      current += (current.empty() ? "" : " ") + word;
    }
    out += current + "\n";
  }
  return out;
}

// 1 or 2 values per axis option, space- or comma-separated ("2 3" or "2,3").
// More are collected on purpose so pair_from_list gives PyTorch's message.
CLI::Option* add_pair(CLI::App* app, const std::string& names, std::vector<int64_t>& v,
                      const std::string& help) {
  return app->add_option(names, v, help)->delimiter(',')->expected(1, -1);
}

// The parsed command line: the app, its subcommands and what they fill in.
// CLI11 binds options to these members, so the struct is built in place.
struct Commands {
  CLI::App app{
      "tconv: PyTorch's 2-D transposed convolution (F.conv_transpose2d) computed four ways "
      "(scatter, matrix, flip, gemm), its shapes, its conv matrix and its steps.",
      "tconv"};
  std::string spec_path;
  CLI::App* forward = nullptr;
  CLI::App* conv = nullptr;
  CLI::App* matrix = nullptr;
  bool taps = false;
  CLI::App* steps = nullptr;
  CLI::App* translate = nullptr;
  std::string code_only;
  bool no_values = false;
  CLI::App* shape = nullptr;
  ShapeOptions shape_opts;
  CLI::App* bench = nullptr;
  BenchOptions bench_opts;
  QuizCommands quiz;
  QuizOptions quiz_opts;
  std::string question_path, answer_path;

  Commands() {
    app.require_subcommand(1);
    add_spec_commands();
    add_translate();
    add_shape();
    add_bench();
    quiz = add_quiz_commands(app, quiz_opts, question_path, answer_path);
    app.footer(
        wrap(std::string(kErrors) + "\n" + kIsaHelp +
             "\nRun 'tconv SUBCOMMAND --help' for each subcommand's spec keys and options."));
  }
  Commands(const Commands&) = delete;
  Commands& operator=(const Commands&) = delete;

  bool spec_parsed() const {
    return forward->parsed() || conv->parsed() || matrix->parsed() || steps->parsed() ||
           translate->parsed();
  }

 private:
  // forward, conv, matrix, steps: one spec file each.
  void add_spec_commands() {
    forward = app.add_subcommand(
        "forward", "F.conv_transpose2d on a JSON spec; prints {\"shape\", \"output\"}");
    forward->add_option("spec", spec_path, kSpecHelp)->required();
    forward->footer(wrap(std::string(kTransposeKeys) + kConventionKeys +
                         "Floats print as the shortest decimal that reads back as the same float32 "
                         "(4.0, 0.1); inf and nan print as null.\n" +
                         kErrors));

    conv = app.add_subcommand("conv", "F.conv2d on a JSON spec; prints {\"shape\", \"output\"}");
    conv->add_option("spec", spec_path, kSpecHelp)->required();
    conv->footer(wrap(
        "Spec keys are F.conv2d's argument names: input, weight, bias, stride, padding (an int, "
        "[h, w], \"same\" or \"valid\"), dilation, groups. Unknown keys are an error.\n" +
        std::string(kErrors)));

    matrix = app.add_subcommand(
        "matrix", "The conv matrix W of a transposed-conv spec, dense; prints {\"W\", \"shape\"}");
    matrix->add_option("spec", spec_path, kSpecHelp)->required();
    matrix->add_flag("--taps", taps,
                     "also print \"taps\": each stored entry's row, col, value and kernel tap "
                     "[c_in, c_out_local, kh, kw] (the weight element it comes from)");
    matrix->footer(wrap(
        "Rows are input elements (c_in, ih, iw), columns output elements (c_out, oh, ow), both "
        "row-major, so vec(y) = Wᵀ vec(x) for each batch element, before bias. W depends on the "
        "input's shape only, not its values. Refused above 1,000,000 entries.\n" +
        std::string(kTransposeKeys) + kErrors));

    steps = app.add_subcommand("steps",
                               "The scatter method's steps for a transposed-conv spec, as JSON");
    steps->add_option("spec", spec_path, kSpecHelp)->required();
    steps->footer(wrap(
        "One step per input element in reading order (n, c_in, ih, iw): its index, value, "
        "footprint origin on the canvas, and per output channel the intermediate tensor and the "
        "running sum (canvas-sized, without bias). \"crop\" is the canvas window that is the "
        "output; \"output\" is the final result with bias. Refused above 4096 steps or "
        "4,000,000 printed numbers.\n" +
        std::string(kTransposeKeys) + kErrors));
  }

  void add_translate() {
    translate = app.add_subcommand(
        "translate",
        "A spec's layer in every framework: its PyTorch equivalent (and the F.pad after it), "
        "TensorFlow, ONNX and JAX, with a runnable script for each");
    translate->add_option("spec", spec_path, kSpecHelp)->required();
    translate->add_option("--code", code_only,
                          "print only this framework's script: pytorch, tensorflow, onnx or jax");
    translate->add_flag("--no-values", no_values,
                        "scripts with seeded random tensors of the same shapes and no check, "
                        "instead of the spec's values and tconv's output");
    translate->footer(wrap(
        "Prints {\"convention\", \"call\", \"pytorch\": {stride, padding, output_padding, "
        "dilation, groups}, \"weight\" (how to permute the framework's weight into PyTorch's), "
        "\"after\": [left, right, top, bottom] (F.pad amounts on PyTorch's output, negative "
        "crops), \"exact\" (after is all zero), \"same_shape_shifted\", \"full\", \"window\", "
        "\"output_shape\", \"notes\", \"frameworks\" (the layer in TensorFlow, ONNX and JAX, or "
        "why none exists) and \"code\": a self-checking script per framework}.\n" +
        std::string(kConventionKeys) + kErrors));
  }

  void add_shape() {
    shape = app.add_subcommand(
        "shape", "Output size of a transposed convolution, with the formula filled in");
    ShapeOptions& o = shape_opts;
    add_pair(shape, "--input-size,--input_size", o.input_size, "H [W] of the input")->required();
    add_pair(shape, "--kernel-size,--kernel_size", o.kernel_size, "kH [kW]")->required();
    add_pair(shape, "--stride", o.stride, "default 1");
    add_pair(shape, "--padding", o.padding, "default 0");
    add_pair(shape, "--output-padding,--output_padding", o.output_padding, "default 0");
    add_pair(shape, "--dilation", o.dilation, "default 1");
    shape->add_flag("--json", o.json, "print one JSON object instead of text");
    shape->footer(wrap(
        "Each size option takes 1 value (both axes) or 2 (h w, or h,w). Prints the output size "
        "per axis with the formula filled in, the sizes output_padding can reach, the range "
        "nn.ConvTranspose2d's output_size accepts, and what the direct F.conv2d with the same "
        "kernel_size, stride, padding and dilation maps the output back to.\n" +
        std::string(kErrors)));
  }

  void add_bench() {
    bench = app.add_subcommand("bench",
                               "Time one method on random data (fixed seed); prints one JSON line");
    BenchOptions& o = bench_opts;
    add_pair(bench, "--input", o.input, "N,C,H,W (or C,H,W: unbatched)")->required();
    add_pair(bench, "--weight", o.weight, "C_in,C_out/groups,kH,kW")->required();
    add_pair(bench, "--stride", o.stride, "v or h,w (default 1)");
    add_pair(bench, "--padding", o.padding, "v or h,w (default 0)");
    add_pair(bench, "--output-padding,--output_padding", o.output_padding, "v or h,w (default 0)");
    add_pair(bench, "--dilation", o.dilation, "v or h,w (default 1)");
    bench->add_option("--groups", o.groups, "default 1");
    bench->add_option("--method", o.method, "scatter, matrix, flip or gemm")->capture_default_str();
    bench->add_option("--threads", o.threads, "gemm's threads; 0 = all hardware threads")
        ->check(CLI::Range(0, 4096))
        ->capture_default_str();
    bench->add_option("--repeat", o.repeat, "timed runs")
        ->check(CLI::Range(1, 1000000))
        ->capture_default_str();
    bench
        ->add_option("--min-ms,--min_ms", o.min_ms,
                     "keep running until the timed runs add up to at least this many ms")
        ->check(CLI::Range(0.0, 3.6e6));
    bench->footer(wrap(
        "One warm-up run, then the timed runs. Prints {\"median_ms\", \"gflops\" (2 · MACs / "
        "median time), \"steps\", \"record_bytes\", \"record_ms\", \"method\", \"isa\", "
        "\"threads\", \"runs\", \"macs\", \"output_shape\"}. For scatter a run builds the "
        "ScatterRecord and computes its output; steps, record_bytes and record_ms (the "
        "building part) describe the record. Other methods report 0 for those three. \"isa\" is "
        "the instruction set the gemm method's kernels ran on (the other methods are baseline "
        "code: \"generic\").\n" +
        std::string(kIsaHelp) + "\n" + kErrors));
  }
};

// CLI11 would report a mistyped subcommand as "A subcommand is required":
// the message for an unknown first word, or empty.
std::string unknown_subcommand(const CLI::App& app, int argc, const char* const* argv) {
  if (argc < 2 || argv[1][0] == '-') return "";
  const std::string name = argv[1];
  bool known = false;
  std::string names;
  const auto subs = app.get_subcommands({});
  for (size_t i = 0; i < subs.size(); ++i) {
    known |= subs[i]->get_name() == name;
    names += (i ? i + 1 == subs.size() ? " or " : ", " : "") + subs[i]->get_name();
  }
  return known ? "" : "unknown subcommand '" + name + "' (expected " + names + ")";
}

struct Result {
  int status = 0;
  std::string text;  // stdout
};

// Runs the parsed subcommand. `context` names the spec file for a failure's
// message. In ParseOnly mode nothing is read from a file and nothing timed.
Result dispatch(const Commands& c, Mode mode, std::string& context) {
  if (c.spec_parsed()) {
    context = source_label(c.spec_path);
    if (mode == Mode::ParseOnly) return {};  // the spec is read and checked when it runs
    const nlohmann::json spec = read_json(c.spec_path);
    if (c.forward->parsed()) return {0, run_forward(spec)};
    if (c.conv->parsed()) return {0, run_conv(spec)};
    if (c.matrix->parsed()) return {0, run_matrix(spec, c.taps)};
    if (c.steps->parsed()) return {0, run_steps(spec)};
    return {0, run_translate(spec, c.code_only, !c.no_values)};
  }
  if (c.shape->parsed()) return {0, run_shape(c.shape_opts)};
  if (c.bench->parsed()) {
    if (mode == Mode::ParseOnly) {
      check_bench(c.bench_opts);  // every check, no timing
      return {};
    }
    return {0, run_bench(c.bench_opts)};
  }
  if (c.quiz.quiz->parsed()) {
    if (mode == Mode::ParseOnly && !c.quiz_opts.sheet.empty()) return {};  // a file
    return {0, run_quiz(c.quiz_opts)};
  }
  if (mode == Mode::ParseOnly) return {};  // grade reads two files
  const GradeResult graded = run_grade(c.question_path, c.answer_path);
  return {graded.status, graded.out};
}

}  // namespace

int run_command_line(int argc, const char* const* argv, std::ostream& out, std::ostream& err,
                     Mode mode) {
  std::string context;
  try {
    Commands c;
    if (const std::string bad = unknown_subcommand(c.app, argc, argv); !bad.empty())
      return fail(err, "", bad);
    try {
      c.app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
      if (e.get_exit_code() == 0) return c.app.exit(e, out, err);  // --help
      std::string usage = "tconv";
      for (const CLI::App* sub : c.app.get_subcommands()) usage += " " + sub->get_name();
      return fail(err, "", std::string(e.what()) + " (run '" + usage + " --help' for usage)");
    }
    // A TCONV_ISA this CPU cannot run is refused before any work, whatever
    // the subcommand, rather than silently replaced by another path.
    tconv::selected_isa();
    const Result r = dispatch(c, mode, context);
    out << r.text << std::flush;
    return out ? r.status : fail(err, "", "cannot write the output");
  } catch (const std::bad_alloc&) {
    return fail(err, context, "out of memory");
  } catch (const std::exception& e) {
    // SpecError, tconv::ArgumentError, tconv::LimitError and anything else.
    return fail(err, context, e.what());
  } catch (...) {
    return fail(err, context, "unexpected error");
  }
}

}  // namespace cli
