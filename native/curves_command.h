#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "native/csv_table.h"

namespace whyrec {

struct CurvesOptions {
  std::string explanation;
  std::string model;
  std::string data;
  std::string background;
  std::vector<std::string> drop;
  MissingCells missing;  // --missing, --missing-values
  std::string output;    // default: the explanation's output
  int column = -1;       // its column (-1: its only one)
  int random_orders = 0;
  std::optional<uint64_t> seed;
  int64_t max_batch_rows = 65536;
  std::string out;
};

// Registers `whyrec curves`: deletion and insertion curves of an explanation's attributions.
void AddCurvesCommand(CLI::App& app, CurvesOptions& options);
void RunCurves(const CurvesOptions& options);

}  // namespace whyrec
