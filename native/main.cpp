#include <CLI/CLI.hpp>
#include <exception>
#include <iostream>
#include <memory>

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
  whyrec::ExplainOptions explain;
  whyrec::AddExplainCommand(app, explain);
  whyrec::ExplainHistoryOptions explain_history;
  whyrec::AddExplainHistoryCommand(app, explain_history);
  whyrec::ImportanceOptions importance;
  whyrec::AddImportanceCommand(app, importance);
  whyrec::CurvesOptions curves;
  whyrec::AddCurvesCommand(app, curves);
  whyrec::CounterfactualOptions counterfactual;
  whyrec::AddCounterfactualCommand(app, counterfactual);
  whyrec::DistillCommandOptions distill;
  whyrec::AddDistillCommand(app, distill);
  whyrec::DistillHistoryOptions distill_history;
  whyrec::AddDistillHistoryCommand(app, distill_history);
  whyrec::CompressOptions compress;
  whyrec::AddCompressCommand(app, compress);
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
