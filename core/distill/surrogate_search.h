#pragma once

#include <Eigen/Core>
#include <cstddef>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/distill/distill.h"
#include "core/matrix.h"

namespace whyrec {

// One family with its settings: what the search fits.
struct SurrogateCandidate {
  DistillOptions options;           // family and its settings (seed, link, k, digits: the search's)
  nlohmann::ordered_json settings;  // the settings that vary, as written to the front
};

// The default grid over `families` (of linear, ga2m, tree, rule_list): L1 term budgets, GA2M
// bins x pairs x bags, tree depths, rule counts (README "Searching the families"). With augment
// > 0 the GA2M grid adds the defaults, the high-fidelity recipe (one bag, 66 pairs of 28 x 28
// bins, learning rate 0.04, 500 smoothing rounds, 1,000 rounds), smaller variants of it with 0, 10
// and 40 pairs and larger ones of 2,000 rounds (pairs of 28 x 28 and 48 x 48 bins), each fitted
// beside `augment` synthetic rows per fitted row; every other candidate has none.
std::vector<SurrogateCandidate> SurrogateGrid(const std::vector<std::string>& families,
                                              const DistillOptions& base, int augment = 0);

struct SearchOptions {
  DistillOptions base;  // holdout, seed, k, digits, link: shared by every candidate
  std::vector<std::string> families = {"linear", "ga2m", "tree", "rule_list"};
  // What the front trades against size: holdout_r2, or with lists top_k_agreement or ndcg_at_10.
  std::string metric = "holdout_r2";
  double time_budget_seconds = 300;
  // The pick: the smallest (gzip bytes) candidate whose metric is within tolerance x |best| of
  // the best candidate's, among those of at most max_gzip_bytes (0: any size).
  double tolerance = 0.01;
  size_t max_gzip_bytes = 0;
  int first_rung_rows = 500;  // rows of the first rung (fewer when the data has fewer)
  int eta = 2;                // each rung fits eta times the rows on 1/eta of the candidates
  // The gzip size of a model text (the core does no compression; the CLI passes zlib's).
  std::function<size_t(const std::string&)> gzip_size;
  // The teacher's scores on rows (the CLI passes its loaded teacher). With it, and augment > 0,
  // the grid adds GA2M candidates fitted beside `augment` synthetic rows per fitted row
  // (SyntheticRowsFor each rung's rows, scored once per rung and counted in the fit time of every
  // candidate that uses them). Without it the search fits on the data's rows alone.
  std::function<Eigen::VectorXd(const RowMatrixF&)> teacher_scores;
  int augment = 7;
};

struct SearchedSurrogate {
  SurrogateCandidate candidate;
  DistillResult result;  // fitted on all fitting rows, measured on the held-out ones
  size_t gzip_bytes = 0;
  double fit_seconds = 0;
  double metric = 0;
  bool pareto = false;
  bool picked = false;
};

struct SearchRung {
  int fit_rows = 0;
  int fitted = 0;
  int kept = 0;              // went on to the next rung
  int skipped_for_time = 0;  // not fitted: the budget would have run out
};

struct SearchResult {
  std::vector<SearchedSurrogate> candidates;  // those fitted on all rows, by gzip bytes
  int picked = -1;                            // index into candidates
  std::vector<SearchRung> rungs;
  int train_rows = 0;
  int holdout_rows = 0;
};

// Successive halving over the candidates (SurrogateGrid of options.families): every candidate is
// fitted on the first rows of a seeded shuffle of the fitting rows and measured on the held-out
// rows (the split Distill makes); the better half by Pareto rank (metric against gzip bytes;
// the whole current front always stays) goes on to eta times as many rows, until the last rung
// fits all fitting rows. A fit whose projected time (its last fit's, scaled by the rows) would
// pass the time budget is skipped. Deterministic by options.base.seed (and a deterministic
// teacher) while the budget does not bind. Errors: base.augment set (the search's is `augment`), a
// budget in which nothing is fitted on all rows, no candidate within max_gzip_bytes, a metric the
// data cannot give (top-k without lists), bad teacher scores.
SearchResult SearchSurrogates(const RowMatrixF& x, const Eigen::VectorXd& teacher,
                              const std::vector<std::string>& feature_names,
                              const std::vector<int>& lists, const SearchOptions& options);

// The metric a candidate is ranked by (holdout_r2, top_k_agreement, ndcg_at_10); throws when the
// result lacks it (no lists, or none long enough).
double SearchMetric(const DistillResult& result, const std::string& metric);

// Marks result.candidates' Pareto front (metric against gzip bytes) and the pick (options'
// tolerance and max_gzip_bytes), then sorts them by size, `picked` following. Errors: no
// candidate within max_gzip_bytes.
void PickFromFront(SearchResult& result, const SearchOptions& options);

// The whyrec-distill-front JSON of a search (README "Searching the families").
nlohmann::ordered_json FrontJson(const SearchResult& result, const SearchOptions& options);

}  // namespace whyrec
