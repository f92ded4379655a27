#pragma once

#include <CLI/CLI.hpp>
#include <Eigen/Core>
#include <string>
#include <vector>

#include "core/distill/distill.h"
#include "core/matrix.h"
#include "native/distill_command.h"

namespace whyrec {

// `whyrec distill --search`: successive halving over the surrogate families and their settings
// (SearchSurrogates), the Pareto front of held-out fidelity against gzip size written to
// --front, the pick written to --out (and its report to --report).
void AddDistillSearchOptions(CLI::App& command, DistillCommandOptions& options);
void RunDistillSearch(const DistillCommandOptions& o, const RowMatrixF& x,
                      const Eigen::VectorXd& teacher, const std::vector<std::string>& feature_names,
                      const std::vector<int>& lists, const DistillOptions& base);

}  // namespace whyrec
