#include "core/distill/surrogate_search.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <sstream>
#include <stdexcept>

#include "core/random.h"

namespace whyrec {
namespace {

using Json = nlohmann::ordered_json;
using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

SurrogateCandidate Candidate(const DistillOptions& base, const std::string& family, Json settings) {
  SurrogateCandidate c{base, std::move(settings)};
  c.options.family = family;
  c.options.augment = 0;  // the augmented candidates set their own
  return c;
}

SurrogateCandidate Ga2mCandidate(const DistillOptions& base, int bins, int interactions,
                                 int pair_bins, int bags) {
  SurrogateCandidate c = Candidate(base, "ga2m",
                                   {{"max_bins", bins},
                                    {"interactions", interactions},
                                    {"max_pair_bins", pair_bins},
                                    {"bags", bags}});
  c.options.ga2m.max_bins = bins;
  c.options.ga2m.interactions = interactions;
  c.options.ga2m.max_pair_bins = pair_bins;
  c.options.ga2m.bags = bags;
  return c;
}

// A candidate fitted beside `augment` synthetic rows per fitted row.
SurrogateCandidate WithAugment(SurrogateCandidate c, int augment) {
  c.options.augment = augment;
  c.settings["augment"] = augment;
  return c;
}

// The high-fidelity recipe's boosting (README "Distilling a model") on synthetic rows: chosen by
// cross-validation on the bench's training users, where it beat EBM's defaults on both teachers;
// there 2,000 rounds and finer pair bins added R^2 0.003-0.004 on the XGBoost teacher, none on the
// MLP.
SurrogateCandidate AugmentedGa2mCandidate(const DistillOptions& base, int augment, int interactions,
                                          int pair_bins, int rounds) {
  SurrogateCandidate c =
      WithAugment(Ga2mCandidate(base, Ga2mOptions().max_bins, interactions, pair_bins, 1), augment);
  c.options.ga2m.boosting.learning_rate = 0.04;
  c.options.ga2m.boosting.smoothing_rounds = 500;
  c.options.ga2m.boosting.max_rounds = rounds;
  c.settings["learning_rate"] = 0.04;
  c.settings["smoothing_rounds"] = 500;
  c.settings["max_rounds"] = rounds;
  return c;
}

// Pareto rank of each entry (0: the front) for a larger metric and a smaller size.
std::vector<int> ParetoRanks(const std::vector<double>& metric, const std::vector<size_t>& size) {
  const size_t n = metric.size();
  std::vector<int> rank(n, -1);
  for (int level = 0, ranked = 0; ranked < static_cast<int>(n); ++level) {
    std::vector<size_t> front;
    for (size_t i = 0; i < n; ++i) {
      if (rank[i] >= 0) continue;
      bool dominated = false;
      for (size_t j = 0; j < n && !dominated; ++j) {
        if (j == i || (rank[j] >= 0 && rank[j] < level)) continue;
        dominated = metric[j] >= metric[i] && size[j] <= size[i] &&
                    (metric[j] > metric[i] || size[j] < size[i]);
      }
      if (!dominated) front.push_back(i);
    }
    for (size_t i : front) rank[i] = level;
    ranked += static_cast<int>(front.size());
  }
  return rank;
}

struct Trial {
  int candidate;
  DistillResult result;
  size_t gzip_bytes;
  double fit_seconds;
  double metric;
};

std::string Number(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

}  // namespace

double SearchMetric(const DistillResult& r, const std::string& metric) {
  if (metric == "holdout_r2") return r.holdout_r2;
  const std::optional<double>* value = nullptr;
  if (r.holdout_ranking && metric == "top_k_agreement") value = &r.holdout_ranking->top_k_agreement;
  if (r.holdout_ranking && metric == "ndcg_at_10") value = &r.holdout_ranking->ndcg_at_10;
  if (!value || !value->has_value()) {
    throw std::invalid_argument("the search metric " + metric +
                                " needs candidate lists (--group) with lists long enough for it "
                                "in the held-out rows");
  }
  return **value;
}

void PickFromFront(SearchResult& out, const SearchOptions& o) {
  std::vector<double> metric;
  std::vector<size_t> size;
  for (const SearchedSurrogate& s : out.candidates) {
    metric.push_back(s.metric);
    size.push_back(s.gzip_bytes);
  }
  out.picked = -1;
  const std::vector<int> rank = ParetoRanks(metric, size);
  double best = -INFINITY;
  size_t smallest = SIZE_MAX;
  for (size_t i = 0; i < out.candidates.size(); ++i) {
    out.candidates[i].pareto = rank[i] == 0;
    smallest = std::min(smallest, size[i]);
    if (o.max_gzip_bytes == 0 || size[i] <= o.max_gzip_bytes) best = std::max(best, metric[i]);
  }
  if (best == -INFINITY) {
    throw std::invalid_argument("no candidate is within the size cap of " +
                                std::to_string(o.max_gzip_bytes) +
                                " gzip bytes: the smallest has " + std::to_string(smallest));
  }
  const double floor = best - o.tolerance * std::abs(best);
  for (size_t i = 0; i < out.candidates.size(); ++i) {
    if (metric[i] < floor || (o.max_gzip_bytes > 0 && size[i] > o.max_gzip_bytes)) continue;
    if (out.picked < 0 || size[i] < size[out.picked] ||
        (size[i] == size[out.picked] && metric[i] > metric[out.picked])) {
      out.picked = static_cast<int>(i);
    }
  }
  out.candidates[out.picked].picked = true;
  // By size for charting; the pick's index follows it.
  std::vector<size_t> by_size(out.candidates.size());
  std::iota(by_size.begin(), by_size.end(), 0);
  std::stable_sort(by_size.begin(), by_size.end(), [&](size_t a, size_t b) {
    return size[a] != size[b] ? size[a] < size[b] : metric[a] > metric[b];
  });
  // (The pick's new index goes to its own variable: updating out.picked inside the loop let a
  // later candidate whose old index equals the pick's new one take the pick over.)
  std::vector<SearchedSurrogate> sorted;
  int picked = -1;
  for (size_t i : by_size) {
    if (static_cast<int>(i) == out.picked) picked = static_cast<int>(sorted.size());
    sorted.push_back(std::move(out.candidates[i]));
  }
  out.candidates = std::move(sorted);
  out.picked = picked;
}

std::vector<SurrogateCandidate> SurrogateGrid(const std::vector<std::string>& families,
                                              const DistillOptions& base, int augment) {
  std::vector<SurrogateCandidate> grid;
  for (const std::string& family : families) {
    if (family == "linear") {
      for (int terms : {1, 2, 4, 8, 0}) {
        SurrogateCandidate c = Candidate(base, family, {{"max_terms", terms}});
        c.options.lasso.max_terms = terms;
        grid.push_back(std::move(c));
      }
    } else if (family == "ga2m") {
      // bins, pairs, pair bins, bags: a grid of small models, two large ones (EBM's
      // capacity is 1,024 bins and pairs of 64 x 64) and the defaults.
      std::vector<std::array<int, 4>> settings;
      for (int interactions : {0, 10, 40}) {
        for (int bins : {16, 64, 256}) {
          for (int bags : {1, 4})
            settings.push_back({bins, interactions, std::min(bins, 16), bags});
        }
      }
      settings.push_back({256, 66, 32, 4});
      settings.push_back({1024, 66, 64, 4});
      const Ga2mOptions d;
      const SurrogateCandidate defaults =
          Ga2mCandidate(base, d.max_bins, d.interactions, d.max_pair_bins, d.bags);
      for (const auto& [bins, interactions, pair_bins, bags] : settings)
        grid.push_back(Ga2mCandidate(base, bins, interactions, pair_bins, bags));
      grid.push_back(defaults);
      if (augment > 0) {
        // The defaults on synthetic rows: smaller than the recipe's fits at nearly their fidelity
        // on the bench, and above EBM's on statsmodels' fair (bench/README.md).
        grid.push_back(WithAugment(defaults, augment));
        const std::array<int, 3> augmented[] = {{0, 16, 1000},  {10, 16, 1000}, {40, 28, 1000},
                                                {66, 28, 1000}, {66, 28, 2000}, {66, 48, 2000}};
        for (const auto& [interactions, pair_bins, rounds] : augmented)
          grid.push_back(AugmentedGa2mCandidate(base, augment, interactions, pair_bins, rounds));
      }
    } else if (family == "tree") {
      const std::pair<int, int> depth_and_leaf[] = {{2, 20}, {3, 20}, {4, 20}, {5, 20}, {6, 20},
                                                    {8, 10}, {10, 5}, {12, 5}, {16, 2}};
      for (const auto& [depth, leaf] : depth_and_leaf) {
        SurrogateCandidate c =
            Candidate(base, family, {{"max_depth", depth}, {"min_leaf_rows", leaf}});
        c.options.tree.max_depth = depth;
        c.options.tree.min_leaf_rows = leaf;
        grid.push_back(std::move(c));
      }
    } else if (family == "rule_list") {
      for (int rules : {4, 8, 16, 32, 48}) {
        SurrogateCandidate c = Candidate(base, family,
                                         {{"max_rules", rules},
                                          {"max_conditions", base.rule_list.max_conditions},
                                          {"min_rule_rows", base.rule_list.min_rule_rows}});
        c.options.rule_list.max_rules = rules;
        grid.push_back(std::move(c));
      }
    } else {
      throw std::invalid_argument("unknown family '" + family +
                                  "' to search; available: linear, ga2m, tree, rule_list");
    }
  }
  return grid;
}

SearchResult SearchSurrogates(const RowMatrixF& x, const Eigen::VectorXd& teacher,
                              const std::vector<std::string>& feature_names,
                              const std::vector<int>& lists, const SearchOptions& o) {
  if (!o.gzip_size) throw std::invalid_argument("the search needs a gzip size function");
  if (o.metric != "holdout_r2" && o.metric != "top_k_agreement" && o.metric != "ndcg_at_10") {
    throw std::invalid_argument("unknown search metric '" + o.metric +
                                "'; available: holdout_r2, top_k_agreement, ndcg_at_10");
  }
  if (o.metric != "holdout_r2" && lists.empty()) {
    throw std::invalid_argument("the search metric " + o.metric + " needs candidate lists");
  }
  if (!(o.time_budget_seconds > 0)) {
    throw std::invalid_argument("the time budget must be > 0 seconds");
  }
  if (!(o.tolerance >= 0 && o.tolerance < 1)) {
    throw std::invalid_argument("the pick tolerance must be in [0, 1), got " + Number(o.tolerance));
  }
  if (o.base.augment != 0) {
    throw std::invalid_argument(
        "the search's augmented candidates take their synthetic rows from the search's own "
        "setting (--search-augment), not the fit's augment");
  }
  if (o.augment < 0) throw std::invalid_argument("the search's augment must be >= 0");
  if (o.eta < 2 || o.first_rung_rows < 20) {
    throw std::invalid_argument("the search needs eta >= 2 and a first rung of >= 20 rows");
  }
  const auto start = Clock::now();
  const int augment = o.teacher_scores ? o.augment : 0;
  const std::vector<SurrogateCandidate> grid = SurrogateGrid(o.families, o.base, augment);
  if (grid.empty()) throw std::invalid_argument("no family to search");
  const DistillSplit split = SplitForDistill(x, teacher, feature_names, lists, o.base);
  const int n_fit = static_cast<int>(split.x_fit.rows());

  // Rung sizes: all fitting rows, divided by eta down to the first rung's rows.
  std::vector<int> rung_rows = {n_fit};
  while (rung_rows.front() / o.eta >= o.first_rung_rows) {
    rung_rows.insert(rung_rows.begin(), rung_rows.front() / o.eta);
  }
  // Nested row subsets: the first n rows of one seeded shuffle.
  std::vector<int> order(n_fit);
  std::iota(order.begin(), order.end(), 0);
  Random random(o.base.seed ^ 0x5eedc0ffeeULL);
  for (int i = n_fit - 1; i > 0; --i) std::swap(order[i], order[random.Below(i + 1)]);

  SearchResult out;
  out.train_rows = n_fit;
  out.holdout_rows = static_cast<int>(split.x_held.rows());
  std::vector<int> alive(grid.size());
  std::iota(alive.begin(), alive.end(), 0);
  std::vector<double> last_seconds(grid.size(), 0.0);
  std::vector<Trial> trials;
  for (size_t k = 0; k < rung_rows.size(); ++k) {
    const int n = rung_rows[k];
    RowMatrixF x_rows(n, split.x_fit.cols());
    Eigen::VectorXd t_rows(n);
    for (int i = 0; i < n; ++i) {
      x_rows.row(i) = split.x_fit.row(order[i]);
      t_rows[i] = split.t_fit[order[i]];
    }
    SearchRung rung;
    rung.fit_rows = n;
    trials.clear();
    // This rung's synthetic rows, scored when the first augmented candidate is fitted.
    SyntheticRows synthetic;
    const SyntheticRows none;
    double scoring_seconds = 0;
    for (int c : alive) {
      const double scale = k == 0 ? 0.0 : static_cast<double>(n) / rung_rows[k - 1];
      if (Seconds(start) + last_seconds[c] * scale > o.time_budget_seconds) {
        ++rung.skipped_for_time;
        continue;
      }
      const DistillOptions& options = grid[c].options;
      if (options.augment > 0 && synthetic.x.rows() == 0) {
        const auto scoring_start = Clock::now();
        synthetic.x = SyntheticRowsFor(x_rows, options);
        synthetic.t = o.teacher_scores(synthetic.x);
        scoring_seconds = Seconds(scoring_start);
      }
      const auto fit_start = Clock::now();
      DistillResult r =
          DistillOnSplit(x_rows, t_rows, split.x_held, split.t_held, split.held_lists,
                         feature_names, options, options.augment > 0 ? synthetic : none);
      last_seconds[c] = Seconds(fit_start) + (options.augment > 0 ? scoring_seconds : 0.0);
      const size_t gzip = o.gzip_size(r.model_json);
      const double metric = SearchMetric(r, o.metric);
      trials.push_back({c, std::move(r), gzip, last_seconds[c], metric});
    }
    rung.fitted = static_cast<int>(trials.size());
    if (trials.empty()) {
      std::ostringstream what;
      what << "the time budget of " << o.time_budget_seconds << " s is too small: no candidate "
           << "could be fitted on " << n << " rows in time";
      if (k > 0)
        what << " (the fits on " << rung_rows[k - 1] << " rows took "
             << *std::min_element(last_seconds.begin(), last_seconds.end()) << " s and more)";
      throw std::invalid_argument(what.str() + "; give a larger --time-budget");
    }
    if (k + 1 == rung_rows.size()) {
      out.rungs.push_back(rung);
      break;
    }
    // Keep the better half by Pareto rank, the whole front at least; ties by metric, then order.
    std::vector<double> metric;
    std::vector<size_t> size;
    for (const Trial& t : trials) {
      metric.push_back(t.metric);
      size.push_back(t.gzip_bytes);
    }
    const std::vector<int> rank = ParetoRanks(metric, size);
    std::vector<size_t> by_rank(trials.size());
    std::iota(by_rank.begin(), by_rank.end(), 0);
    std::stable_sort(by_rank.begin(), by_rank.end(), [&](size_t a, size_t b) {
      return rank[a] != rank[b] ? rank[a] < rank[b] : metric[a] > metric[b];
    });
    const size_t front = std::count(rank.begin(), rank.end(), 0);
    const size_t keep = std::max(front, (trials.size() + o.eta - 1) / o.eta);
    alive.clear();
    for (size_t i = 0; i < keep; ++i) alive.push_back(trials[by_rank[i]].candidate);
    std::sort(alive.begin(), alive.end());
    rung.kept = static_cast<int>(alive.size());
    out.rungs.push_back(rung);
  }

  // The final rung's fits: the front and the pick.
  for (Trial& t : trials) {
    out.candidates.push_back(
        {grid[t.candidate], std::move(t.result), t.gzip_bytes, t.fit_seconds, t.metric});
  }
  PickFromFront(out, o);
  return out;
}

Json FrontJson(const SearchResult& result, const SearchOptions& o) {
  Json doc;
  doc["format"] = "whyrec-distill-front";
  doc["version"] = 1;
  doc["metric"] = o.metric;
  std::ostringstream rule;
  rule << "smallest gzip_bytes within " << 100 * o.tolerance << "% of the best " << o.metric;
  if (o.max_gzip_bytes > 0)
    rule << " among models of at most " << o.max_gzip_bytes << " gzip bytes";
  doc["pick_rule"] = rule.str();
  doc["tolerance"] = o.tolerance;
  doc["max_gzip_bytes"] = o.max_gzip_bytes > 0 ? Json(o.max_gzip_bytes) : Json();
  doc["seed"] = o.base.seed;
  doc["train_rows"] = result.train_rows;
  doc["holdout_rows"] = result.holdout_rows;
  doc["time_budget_seconds"] = o.time_budget_seconds;
  Json rungs = Json::array();
  for (const SearchRung& r : result.rungs) {
    rungs.push_back({{"fit_rows", r.fit_rows},
                     {"fitted", r.fitted},
                     {"kept", r.kept},
                     {"skipped_for_time", r.skipped_for_time}});
  }
  doc["rungs"] = std::move(rungs);
  Json candidates = Json::array();
  for (const SearchedSurrogate& s : result.candidates) {
    const DistillResult& r = s.result;
    const auto ranking = [&](bool top_k) {
      if (!r.holdout_ranking) return Json();
      const std::optional<double>& v =
          top_k ? r.holdout_ranking->top_k_agreement : r.holdout_ranking->ndcg_at_10;
      return v ? Json(*v) : Json();
    };
    Json c;
    c["family"] = s.candidate.options.family;
    c["settings"] = s.candidate.settings;
    c["json_bytes"] = r.model_json.size();
    c["gzip_bytes"] = s.gzip_bytes;
    c["terms"] = r.terms;
    c["holdout_r2"] = r.holdout_r2;
    c["top_k_agreement"] = ranking(true);
    c["ndcg_at_10"] = ranking(false);
    c["fit_seconds"] = s.fit_seconds;
    c["pareto"] = s.pareto;
    c["picked"] = s.picked;
    candidates.push_back(std::move(c));
  }
  doc["candidates"] = std::move(candidates);
  return doc;
}

}  // namespace whyrec
