#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "native/csv_table.h"

namespace whyrec {

struct ImportanceOptions {
  std::string method = "permutation";  // permutation | pd | ale | mean_abs
  std::string model;
  std::string data;
  std::string explanation;  // mean_abs: an explanation JSON
  std::vector<std::string> drop;
  MissingCells missing;  // --missing, --missing-values
  std::string rows;
  std::string output;
  int column = -1;  // the output's column (-1: its only one)
  std::string target;
  std::string metric;  // default: rmse
  int repeats = 5;
  std::optional<uint64_t> seed;
  std::vector<std::string> features;  // pd, ale
  int grid_resolution = 20;
  int bins = 20;
  std::string groups;
  int64_t max_batch_rows = 65536;
  std::string out;
};

// Registers `whyrec importance`: permutation importance, partial dependence, ALE, or mean |value|
// of an explanation.
void AddImportanceCommand(CLI::App& app, ImportanceOptions& options);
void RunImportance(const ImportanceOptions& options);

}  // namespace whyrec
