#include "core/distill/item_to_item_distill.h"

#include <chrono>
#include <cmath>
#include <sstream>
#include <stdexcept>

#include "core/distill/fidelity.h"

namespace whyrec {
namespace {

using Json = nlohmann::ordered_json;

Eigen::VectorXd Predict(const ItemToItemModel& model, const ItemToItemData& data) {
  Eigen::VectorXd out(data.rows());
  for (int r = 0; r < data.rows(); ++r) {
    out[r] = model.Score(data.histories[data.history[r]], data.target[r]);
  }
  return out;
}

}  // namespace

DistillResult DistillItemToItem(const ItemToItemData& fit, const ItemToItemData& held,
                                const ItemToItemOptions& options, int k, int digits) {
  if (held.rows() == 0) throw std::invalid_argument("no held-out teacher rows to measure on");
  for (int r = 0; r < held.rows(); ++r) {
    if (!std::isfinite(held.score[r])) {
      throw std::invalid_argument("held-out teacher row " + std::to_string(r) +
                                  ": the teacher score is " + std::to_string(held.score[r]) +
                                  ", not a finite number");
    }
  }
  DistillResult result;
  result.model_json = ItemToItemJson(FitItemToItem(fit, options), digits);
  const ItemToItemModel model = ParseItemToItemJson(result.model_json, "the distilled model");
  result.train_rows = fit.rows();
  result.holdout_rows = held.rows();
  const Eigen::VectorXd held_prediction = Predict(model, held);
  try {
    result.train_r2 = RSquared(fit.score, Predict(model, fit));
    result.holdout_r2 = RSquared(held.score, held_prediction);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(std::string("the teacher's scores: ") + e.what());
  }
  result.holdout_ranking = MeasureRanking(held.score, held_prediction, held.history, k);
  result.terms = model.Terms();
  return result;
}

std::vector<SurrogateCandidate> ItemToItemGrid() {
  std::vector<SurrogateCandidate> grid;
  const auto add = [&](Json settings) {
    SurrogateCandidate c;
    c.options.family = "item_to_item";
    c.settings = std::move(settings);
    grid.push_back(std::move(c));
  };
  // Every setting that varies is given, so the caller's defaults (the base) change none.
  add({{"rank", 0}, {"pair_budget", 0}, {"l2", 1.0}});                   // popularity: b_t only
  add({{"rank", 0}, {"pair_budget", -1}, {"l2", 1.0}, {"decay", 0.0}});  // the last item only
  for (int budget : {1000, 4000, 16000}) {
    add({{"rank", 0}, {"pair_budget", budget}, {"l2", 10.0}});
  }
  for (int rank : {4, 8, 16, 32}) add({{"rank", rank}, {"pair_budget", 0}, {"l2", 10.0}});
  add({{"rank", 16}, {"pair_budget", 4000}, {"l2", 10.0}});
  return grid;
}

ItemToItemOptions ItemToItemOptionsOf(const Json& settings, const ItemToItemOptions& base) {
  ItemToItemOptions o = base;
  if (settings.contains("decay")) o.decays = {settings["decay"].get<double>()};
  if (settings.contains("l2")) o.l2 = settings["l2"].get<double>();
  if (settings.contains("pair_budget")) o.pair_budget = settings["pair_budget"].get<int>();
  if (settings.contains("rank")) o.rank = settings["rank"].get<int>();
  if (settings.contains("max_pairs_per_target")) {
    o.max_pairs_per_target = settings["max_pairs_per_target"].get<int>();
  }
  return o;
}

SearchResult SearchItemToItem(const ItemToItemData& fit, const ItemToItemData& held,
                              const ItemToItemOptions& base, const SearchOptions& o) {
  if (!o.gzip_size) throw std::invalid_argument("the search needs a gzip size function");
  if (!(o.time_budget_seconds > 0)) {
    throw std::invalid_argument("the time budget must be > 0 seconds");
  }
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  SearchResult out;
  out.train_rows = fit.rows();
  out.holdout_rows = held.rows();
  SearchRung rung;
  rung.fit_rows = fit.rows();
  for (const SurrogateCandidate& c : ItemToItemGrid()) {
    if (std::chrono::duration<double>(Clock::now() - start).count() > o.time_budget_seconds) {
      ++rung.skipped_for_time;
      continue;
    }
    const auto fit_start = Clock::now();
    DistillResult r = DistillItemToItem(fit, held, ItemToItemOptionsOf(c.settings, base), o.base.k,
                                        o.base.digits);
    const double seconds = std::chrono::duration<double>(Clock::now() - fit_start).count();
    const size_t gzip = o.gzip_size(r.model_json);
    const double metric = SearchMetric(r, o.metric);
    out.candidates.push_back({c, std::move(r), gzip, seconds, metric});
  }
  rung.fitted = static_cast<int>(out.candidates.size());
  out.rungs.push_back(rung);
  if (out.candidates.empty()) {
    std::ostringstream what;
    what << "the time budget of " << o.time_budget_seconds << " s is too small: no candidate "
         << "was fitted; give a larger --time-budget";
    throw std::invalid_argument(what.str());
  }
  PickFromFront(out, o);
  return out;
}

}  // namespace whyrec
