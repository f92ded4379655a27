#include "native/distill_search.h"

#include <cstdio>
#include <iostream>
#include <stdexcept>
#include <utility>

#include "core/distill/surrogate_search.h"
#include "native/gzip.h"
#include "native/labeled_table.h"

namespace whyrec {

void AddDistillSearchOptions(CLI::App& cmd, DistillCommandOptions& o) {
  cmd.add_flag("--search", o.search,
               "Search the families and their settings by successive halving on growing row "
               "subsets; write the Pareto front (--front) and the pick (--out)");
  cmd.add_option("--search-families", o.search_families, "--search: the families to search")
      ->delimiter(',')
      ->check(CLI::IsMember({"linear", "ga2m", "tree", "rule_list"}))
      ->capture_default_str();
  cmd.add_option("--search-metric", o.search_metric,
                 "--search: the fidelity traded against size (top_k_agreement and ndcg_at_10 "
                 "need --group)")
      ->check(CLI::IsMember({"holdout_r2", "top_k_agreement", "ndcg_at_10"}))
      ->capture_default_str();
  cmd.add_option("--search-augment", o.search_augment,
                 "--search: synthetic rows per fitted row of the GA2M candidates fitted beside "
                 "them, as --augment (0: the data's rows only)")
      ->check(CLI::Range(0, 100))
      ->capture_default_str();
  cmd.add_option("--time-budget", o.time_budget,
                 "--search: seconds for the whole search (fits projected to pass it are skipped)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd.add_option("--tolerance", o.tolerance,
                 "--search: pick the smallest model within this share of the best fidelity")
      ->check(CLI::Range(0.0, 0.99))
      ->capture_default_str();
  cmd.add_option("--max-gzip-bytes", o.max_gzip_bytes,
                 "--search: pick only among models of at most this many gzip bytes (0: any)")
      ->capture_default_str();
  cmd.add_option("--front", o.front, "--search: write the front (whyrec-distill-front JSON) here");
}

SearchOptions SearchFlags(const std::string& metric, double time_budget, double tolerance,
                          size_t max_gzip_bytes) {
  SearchOptions search;
  search.metric = metric;
  search.time_budget_seconds = time_budget;
  search.tolerance = tolerance;
  search.max_gzip_bytes = max_gzip_bytes;
  search.gzip_size = [](const std::string& text) { return Gzip(text).size(); };
  return search;
}

void WriteSearchOutputs(const SearchResult& result, const SearchOptions& o,
                        const SearchOutputFiles& files) {
  const nlohmann::ordered_json front = FrontJson(result, o);
  const SearchedSurrogate& pick = result.candidates[result.picked];
  WriteJson(pick.result.model_json + "\n", files.out);
  if (!files.front.empty()) WriteJson(front.dump(2) + "\n", files.front);
  if (!files.report.empty()) {
    nlohmann::ordered_json report = front["candidates"][result.picked];
    report["teacher"] = files.teacher;
    report["train_rows"] = result.train_rows;
    report["holdout_rows"] = result.holdout_rows;
    report["train_r2"] = pick.result.train_r2;
    WriteJson(report.dump(2) + "\n", files.report);
  }
  std::cout << "searched " << files.teacher << ": ";
  for (const SearchRung& r : result.rungs) {
    std::cout << r.fitted << " fits on " << r.fit_rows << " rows"
              << (r.skipped_for_time
                      ? " (" + std::to_string(r.skipped_for_time) + " skipped for time)"
                      : "")
              << (&r == &result.rungs.back() ? "\n" : ", ");
  }
  std::printf("%-10s %-60s %10s %10s %8s\n", "family", "settings", "gzip", o.metric.c_str(),
              "front");
  for (const SearchedSurrogate& s : result.candidates) {
    std::printf("%-10s %-60s %10zu %10.4f %8s\n", s.candidate.options.family.c_str(),
                s.candidate.settings.dump().c_str(), s.gzip_bytes, s.metric,
                s.picked ? "picked" : (s.pareto ? "yes" : ""));
  }
  std::cout << "wrote " << files.out << (files.front.empty() ? "" : " and " + files.front) << "\n";
}

void RunDistillSearch(const DistillCommandOptions& o, const RowMatrixF& x,
                      const Eigen::VectorXd& teacher, const std::vector<std::string>& feature_names,
                      const std::vector<int>& lists, const DistillOptions& base,
                      std::function<Eigen::VectorXd(const RowMatrixF&)> teacher_scores) {
  if (!o.holdout_data.empty()) {
    throw std::invalid_argument(
        "--search measures on a split of --data (--holdout); "
        "--holdout-data is not supported with it");
  }
  SearchOptions search = SearchFlags(o.search_metric, o.time_budget, o.tolerance, o.max_gzip_bytes);
  search.base = base;
  search.families = o.search_families;
  search.teacher_scores = std::move(teacher_scores);
  search.augment = o.search_augment;
  SearchResult result;
  try {
    result = SearchSurrogates(x, teacher, feature_names, lists, search);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(o.data + " with teacher " + o.model + ": --search: " + e.what());
  }
  WriteSearchOutputs(result, search, {o.model, o.out, o.front, o.report});
}

}  // namespace whyrec
