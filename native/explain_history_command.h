#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "native/history_layout_flags.h"

namespace whyrec {

struct ExplainHistoryOptions {
  std::string model;
  std::string histories;
  std::string items;
  std::string group_by;
  std::string rows;
  std::string target = "top1";
  std::optional<int64_t> contrast;
  std::string output = "score";
  std::string method = "auto";
  std::string scores;
  std::string embeddings_model;
  std::optional<int64_t> steps;
  HistoryLayoutFlags layout;
  std::optional<uint64_t> seed;
  int64_t budget = 0;
  double tolerance = 0;
  std::optional<std::string> sampling;   // unset: the core's default for histories
  std::optional<std::string> surrogate;  // unset: the core's default for histories
  // Edited histories per model run: a history model's activations grow with L, so less than
  // `whyrec explain`'s 65,536 rows.
  int64_t max_batch_rows = 1024;
  bool faithfulness = false;
  // --method counterfactual
  int64_t k = 1;
  std::string counterfactual = "remove";
  std::string candidates;  // comma-separated item ids
  int64_t beam_width = 4;
  std::optional<int64_t> exhaustive_rows;
  std::string search = "full";
  int threads = 0;  // 0: one per core
  std::string out;
};

// --method counterfactual's flags under the keys ParseCounterfactualConfig reads (k,
// counterfactual, beam_width, search, exhaustive_rows), for history and distilled models alike.
nlohmann::ordered_json CounterfactualSettings(const ExplainHistoryOptions& o);
// Throws std::invalid_argument when those flags (or --candidates) come with another method.
void CheckCounterfactualOnlyFlags(const ExplainHistoryOptions& o);

// Registers `whyrec explain-history` on the app; the callback runs the command.
void AddExplainHistoryCommand(CLI::App& app, ExplainHistoryOptions& options);

// Explains the selected histories and writes the JSON; throws std::exception with a message
// naming the file, line, item or flag for any bad input, before anything is written.
void RunExplainHistory(const ExplainHistoryOptions& options);

}  // namespace whyrec
