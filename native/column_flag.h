#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace whyrec {

// --column K: the column of the model's output that a command reads one score per row from (a
// classifier's probabilities and a multiclass model's scores have one per class; see
// OutputColumn). `column` stays -1 when the flag is not given. `use` says what the column is for
// ("to fit", "that ranks").
void AddColumnFlag(CLI::App* command, int& column, const std::string& use);

}  // namespace whyrec
