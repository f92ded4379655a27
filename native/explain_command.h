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
  std::optional<int64_t> contrast;         // a row of --data: explain f(row) - f(contrast row)
  std::string contrast_output = "margin";  // --contrast's target: margin or prob
  std::string out;
  int64_t max_batch_rows = 65536;
  int64_t budget = 0;
  double tolerance = 0;
  std::string link = "identity";
  std::string sampling = "leverage";
  std::string surrogate = "trees";
  int background_summary = 0;
  // Unset: "path", or "interventional" for trees without training covers (rule lists).
  std::optional<std::string> tree_mode;
  int threads = 0;               // 0: one per core
  std::string format = "json";   // json, jsonl or csv
  bool resume = false;           // jsonl/csv with --out: continue <out>.partial
  std::string shard;             // "i/n": the i-th of n contiguous parts of the rows
  int64_t chunk_rows = 4096;     // rows read, explained and written at a time
  double progress_seconds = 10;  // a progress line this often when stderr is no terminal
  std::string device = "cpu";    // --method tree: "cpu" or "cuda"
  bool interactions = false;
  LocalRuleFlags local_rules;  // --method lime|anchors
  MissingCells missing;        // --missing, --missing-values
};

// Registers `whyrec explain` on the app; the callback runs the command.
void AddExplainCommand(CLI::App& app, ExplainOptions& options);

// Explains the selected rows a chunk at a time (read, explained on --threads threads, written in
// --format) and writes them; throws std::exception with a message for any bad input.
void RunExplain(const ExplainOptions& options);

}  // namespace whyrec
