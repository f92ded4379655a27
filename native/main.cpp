#include <CLI/CLI.hpp>
#include <algorithm>
#include <exception>
#include <iostream>
#include <iterator>
#include <memory>
#include <string>

#include "native/compress/compress_command.h"
#include "native/counterfactual_command.h"
#include "native/curves_command.h"
#include "native/distill_command.h"
#include "native/distill_history_command.h"
#include "native/explain_command.h"
#include "native/explain_history_command.h"
#include "native/help_formatter.h"
#include "native/importance_command.h"

int main(int argc, char** argv) {
  CLI::App app{"whyrec: faithful explanations for recommendation models"};
  // Set before the subcommands are added: each copies its parent's formatter.
  app.formatter(std::make_shared<whyrec::HelpFormatter>());
  app.require_subcommand(1);
  app.set_version_flag("--version", "whyrec 0.1.0");
  // Only the command asked for (argv[1]) gets its options: CLI11 checks each new option's names
  // against its command's others, and registering all eight commands' options took 0.5 ms of
  // every run (2.9 M instructions; `whyrec explain --help` 6.3 -> 5.8 ms of processor time).
  // Without a command name (`whyrec`, `--help`, a typo) every command is registered, so help and
  // errors list them all.
  const std::string asked = argc > 1 ? argv[1] : "";
  const char* commands[] = {"explain",        "explain-history", "importance",      "curves",
                            "counterfactual", "distill",         "distill-history", "compress"};
  const bool named =
      std::find(std::begin(commands), std::end(commands), asked) != std::end(commands);
  const auto wanted = [&](const char* command) { return !named || asked == command; };
  whyrec::ExplainOptions explain;
  if (wanted("explain")) whyrec::AddExplainCommand(app, explain);
  whyrec::ExplainHistoryOptions explain_history;
  if (wanted("explain-history")) whyrec::AddExplainHistoryCommand(app, explain_history);
  whyrec::ImportanceOptions importance;
  if (wanted("importance")) whyrec::AddImportanceCommand(app, importance);
  whyrec::CurvesOptions curves;
  if (wanted("curves")) whyrec::AddCurvesCommand(app, curves);
  whyrec::CounterfactualOptions counterfactual;
  if (wanted("counterfactual")) whyrec::AddCounterfactualCommand(app, counterfactual);
  whyrec::DistillCommandOptions distill;
  if (wanted("distill")) whyrec::AddDistillCommand(app, distill);
  whyrec::DistillHistoryOptions distill_history;
  if (wanted("distill-history")) whyrec::AddDistillHistoryCommand(app, distill_history);
  whyrec::CompressOptions compress;
  if (wanted("compress")) whyrec::AddCompressCommand(app, compress);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const std::exception& e) {
    std::cerr << "whyrec: error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
