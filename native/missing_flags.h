#pragma once

#include <CLI/CLI.hpp>

#include "native/csv_table.h"

namespace whyrec {

// --missing allow|error and --missing-values LIST: how the command's CSV files read cells
// without a number (see MissingCells).
void AddMissingFlags(CLI::App* command, MissingCells& missing);

}  // namespace whyrec
