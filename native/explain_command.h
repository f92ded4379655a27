#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "native/csv_table.h"
#include "native/local_rule_flags.h"

namespace whyrec {

struct ExplainOptions {
  std::string model;
  std::string data;
  std::string background;  // optional for --method tree --tree-mode path, which reads none
  std::string rows;
  std::vector<std::string> drop;
  std::string method;  // empty: tree or linear for those models, else exact
  std::string output;
  std::string groups;
  std::optional<uint64_t> seed;
  std::optional<int64_t> contrast;  // a row of --data: explain f(row) - f(contrast row)
  std::string out;
  int64_t max_batch_rows = 65536;
  int64_t budget = 0;
  double tolerance = 0;
  std::string link = "identity";
  std::string sampling = "leverage";
  std::string surrogate = "trees";
  int background_summary = 0;
  std::string tree_mode = "path";
  int threads = 0;             // 0: one per core
  std::string device = "cpu";  // --method tree: "cpu" or "cuda"
  bool interactions = false;
  LocalRuleFlags local_rules;  // --method lime|anchors
  MissingCells missing;        // --missing, --missing-values
};

// Registers `whyrec explain` on the app; the callback runs the command.
void AddExplainCommand(CLI::App& app, ExplainOptions& options);

// Explains the selected rows and writes the JSON; throws std::exception with a message for
// any bad input.
void RunExplain(const ExplainOptions& options);

}  // namespace whyrec
