// tconv-studio: parse flags, prepare the model, run the app.
#include "app.h"
#include "model.h"
#include "shell_cli.h"
#include "shell_session.h"

int main(int argc, char** argv) {
  studio::shell::Options opts;
  if (const int rc = studio::shell::parse_options(argc, argv, opts); rc >= 0) return rc;

  // Presets and --step are checked before any window opens, so bad input
  // reports the same way with or without a display.
  studio::Model model;
  if (const int rc = studio::shell::prepare_model(opts, model); rc >= 0) return rc;
  // Settings and --session's look, then --save-session / --export-python.
  if (const int rc = studio::shell::finish_options(opts, model); rc >= 0) return rc;

  studio::App app(model, opts);
  return app.run();
}
