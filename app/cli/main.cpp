// tconv: the command line. Parses arguments, runs one subcommand, and turns
// every failure into one stderr line and exit status 2, so scripts can rely
// on "status 2 = your input" and never see a crash or a half-printed result.
#include <CLI/CLI.hpp>
#include <iostream>
#include <new>
#include <sstream>
#include <string>

#include "commands.h"
#include "quiz.h"
#include "spec.h"
#include "spec_frameworks.h"
#include "tconv/errors.h"
#include "tconv/isa.h"

namespace {

constexpr int kUserError = 2;

int fail(const std::string& context, std::string message) {
  // Exactly one line, whatever the message holds.
  for (char& c : message)
    if (c == '\n' || c == '\r') c = ' ';
  std::cerr << "tconv: error: " << (context.empty() ? "" : context + ": ") << message << "\n";
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

}  // namespace

int main(int argc, char** argv) {
  std::string context;
  try {
    CLI::App app{
        "tconv: PyTorch's 2-D transposed convolution (F.conv_transpose2d) computed four ways "
        "(scatter, matrix, flip, gemm), its shapes, its conv matrix and its steps.",
        "tconv"};
    app.require_subcommand(1);

    std::string spec_path;
    auto* forward = app.add_subcommand(
        "forward", "F.conv_transpose2d on a JSON spec; prints {\"shape\", \"output\"}");
    forward->add_option("spec", spec_path, kSpecHelp)->required();
    forward->footer(wrap(std::string(kTransposeKeys) + cli::kConventionKeys +
                         "Floats print as the shortest decimal that reads back as the same float32 "
                         "(4.0, 0.1); inf and nan print as null.\n" +
                         kErrors));

    auto* conv =
        app.add_subcommand("conv", "F.conv2d on a JSON spec; prints {\"shape\", \"output\"}");
    conv->add_option("spec", spec_path, kSpecHelp)->required();
    conv->footer(wrap(
        "Spec keys are F.conv2d's argument names: input, weight, bias, stride, padding (an int, "
        "[h, w], \"same\" or \"valid\"), dilation, groups. Unknown keys are an error.\n" +
        std::string(kErrors)));

    bool taps = false;
    auto* matrix = app.add_subcommand(
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

    auto* steps = app.add_subcommand(
        "steps", "The scatter method's steps for a transposed-conv spec, as JSON");
    steps->add_option("spec", spec_path, kSpecHelp)->required();
    steps->footer(wrap(
        "One step per input element in reading order (n, c_in, ih, iw): its index, value, "
        "footprint origin on the canvas, and per output channel the intermediate tensor and the "
        "running sum (canvas-sized, without bias). \"crop\" is the canvas window that is the "
        "output; \"output\" is the final result with bias. Refused above 4096 steps or "
        "4,000,000 printed numbers.\n" +
        std::string(kTransposeKeys) + kErrors));

    std::string code_only;
    bool no_values = false;
    auto* translate = app.add_subcommand(
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
        std::string(cli::kConventionKeys) + kErrors));

    cli::ShapeOptions shape_opts;
    auto* shape = app.add_subcommand(
        "shape", "Output size of a transposed convolution, with the formula filled in");
    add_pair(shape, "--input-size,--input_size", shape_opts.input_size, "H [W] of the input")
        ->required();
    add_pair(shape, "--kernel-size,--kernel_size", shape_opts.kernel_size, "kH [kW]")->required();
    add_pair(shape, "--stride", shape_opts.stride, "default 1");
    add_pair(shape, "--padding", shape_opts.padding, "default 0");
    add_pair(shape, "--output-padding,--output_padding", shape_opts.output_padding, "default 0");
    add_pair(shape, "--dilation", shape_opts.dilation, "default 1");
    shape->add_flag("--json", shape_opts.json, "print one JSON object instead of text");
    shape->footer(wrap(
        "Each size option takes 1 value (both axes) or 2 (h w, or h,w). Prints the output size "
        "per axis with the formula filled in, the sizes output_padding can reach, the range "
        "nn.ConvTranspose2d's output_size accepts, and what the direct F.conv2d with the same "
        "kernel_size, stride, padding and dilation maps the output back to.\n" +
        std::string(kErrors)));

    cli::BenchOptions bench_opts;
    auto* bench = app.add_subcommand(
        "bench", "Time one method on random data (fixed seed); prints one JSON line");
    add_pair(bench, "--input", bench_opts.input, "N,C,H,W (or C,H,W: unbatched)")->required();
    add_pair(bench, "--weight", bench_opts.weight, "C_in,C_out/groups,kH,kW")->required();
    add_pair(bench, "--stride", bench_opts.stride, "v or h,w (default 1)");
    add_pair(bench, "--padding", bench_opts.padding, "v or h,w (default 0)");
    add_pair(bench, "--output-padding,--output_padding", bench_opts.output_padding,
             "v or h,w (default 0)");
    add_pair(bench, "--dilation", bench_opts.dilation, "v or h,w (default 1)");
    bench->add_option("--groups", bench_opts.groups, "default 1");
    bench->add_option("--method", bench_opts.method, "scatter, matrix, flip or gemm")
        ->capture_default_str();
    bench->add_option("--threads", bench_opts.threads, "gemm's threads; 0 = all hardware threads")
        ->check(CLI::Range(0, 4096))
        ->capture_default_str();
    bench->add_option("--repeat", bench_opts.repeat, "timed runs")
        ->check(CLI::Range(1, 1000000))
        ->capture_default_str();
    bench
        ->add_option("--min-ms,--min_ms", bench_opts.min_ms,
                     "keep running until the timed runs add up to at least this many ms")
        ->check(CLI::Range(0.0, 3.6e6));
    bench->footer(wrap(
        "One warm-up run, then the timed runs. Prints {\"median_ms\", \"gflops\" (2 · MACs / "
        "median time), \"steps\", \"record_bytes\", \"record_ms\", \"method\", \"isa\", "
        "\"threads\", \"runs\", \"macs\", \"output_shape\"}. For scatter a run builds the "
        "ScatterRecord and computes its output; steps, record_bytes and record_ms (the "
        "building part) describe the record. Other methods report 0 for those three. \"isa\" is "
        "the instruction set "
        "the gemm method's kernels ran on (the other methods are baseline code: \"generic\").\n" +
        std::string(kIsaHelp) + "\n" + kErrors));

    cli::QuizOptions quiz_opts;
    std::string question_path, answer_path;
    const cli::QuizCommands quiz =
        cli::add_quiz_commands(app, quiz_opts, question_path, answer_path);

    app.footer(
        wrap(std::string(kErrors) + "\n" + kIsaHelp +
             "\nRun 'tconv SUBCOMMAND --help' for each subcommand's spec keys and options."));

    // CLI11 would report a mistyped subcommand as "A subcommand is required".
    if (argc > 1 && argv[1][0] != '-') {
      const std::string name = argv[1];
      bool known = false;
      std::string names;
      const auto subs = app.get_subcommands({});
      for (size_t i = 0; i < subs.size(); ++i) {
        known |= subs[i]->get_name() == name;
        names += (i ? i + 1 == subs.size() ? " or " : ", " : "") + subs[i]->get_name();
      }
      if (!known) return fail("", "unknown subcommand '" + name + "' (expected " + names + ")");
    }
    try {
      app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
      if (e.get_exit_code() == 0) return app.exit(e);  // --help
      std::string usage = "tconv";
      for (const CLI::App* sub : app.get_subcommands()) usage += " " + sub->get_name();
      return fail("", std::string(e.what()) + " (run '" + usage + " --help' for usage)");
    }

    // A TCONV_ISA this CPU cannot run is refused before any work, whatever
    // the subcommand, rather than silently replaced by another path.
    tconv::selected_isa();

    std::string out;
    if (forward->parsed() || conv->parsed() || matrix->parsed() || steps->parsed() ||
        translate->parsed()) {
      context = cli::source_label(spec_path);
      const nlohmann::json spec = cli::read_json(spec_path);
      if (forward->parsed()) out = cli::run_forward(spec);
      if (conv->parsed()) out = cli::run_conv(spec);
      if (matrix->parsed()) out = cli::run_matrix(spec, taps);
      if (steps->parsed()) out = cli::run_steps(spec);
      if (translate->parsed()) out = cli::run_translate(spec, code_only, !no_values);
    } else if (shape->parsed()) {
      out = cli::run_shape(shape_opts);
    } else if (bench->parsed()) {
      out = cli::run_bench(bench_opts);
    } else if (quiz.quiz->parsed()) {
      out = cli::run_quiz(quiz_opts);
    } else if (quiz.grade->parsed()) {
      const cli::GradeResult graded = cli::run_grade(question_path, answer_path);
      std::cout << graded.out << std::flush;
      return std::cout ? graded.status : fail("", "cannot write the output");
    }
    std::cout << out << std::flush;
    return std::cout ? 0 : fail("", "cannot write the output");
  } catch (const std::bad_alloc&) {
    return fail(context, "out of memory");
  } catch (const std::exception& e) {
    // SpecError, tconv::ArgumentError, tconv::LimitError and anything else.
    return fail(context, e.what());
  } catch (...) {
    return fail(context, "unexpected error");
  }
}
