#pragma once

#include <CLI/CLI.hpp>
#include <Eigen/Core>
#include <functional>
#include <string>
#include <vector>

#include "core/distill/distill.h"
#include "core/distill/surrogate_search.h"
#include "core/matrix.h"
#include "native/distill_command.h"

namespace whyrec {

// `whyrec distill --search`: successive halving over the surrogate families and their settings
// (SearchSurrogates), the Pareto front of held-out fidelity against gzip size written to
// --front, the pick written to --out (and its report to --report). `teacher_scores` scores the
// synthetic rows of the augmented GA2M candidates (SearchOptions::teacher_scores).
void AddDistillSearchOptions(CLI::App& command, DistillCommandOptions& options);
void RunDistillSearch(const DistillCommandOptions& o, const RowMatrixF& x,
                      const Eigen::VectorXd& teacher, const std::vector<std::string>& feature_names,
                      const std::vector<int>& lists, const DistillOptions& base,
                      std::function<Eigen::VectorXd(const RowMatrixF&)> teacher_scores);

// The search options of the flags --search-metric, --time-budget, --tolerance and
// --max-gzip-bytes, sizes by zlib's gzip.
SearchOptions SearchFlags(const std::string& metric, double time_budget, double tolerance,
                          size_t max_gzip_bytes);

// Where a search's results go: the pick to `out`, the front to `front` and the pick's report to
// `report` (both optional: empty skips them); `teacher` names the teacher in the report.
struct SearchOutputFiles {
  std::string teacher, out, front, report;
};

// Writes the search's outputs and prints its rungs and candidates (family, settings, gzip bytes,
// metric, front/pick), as `whyrec distill --search` does.
void WriteSearchOutputs(const SearchResult& result, const SearchOptions& options,
                        const SearchOutputFiles& files);

}  // namespace whyrec
