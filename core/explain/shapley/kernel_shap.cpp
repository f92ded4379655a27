#include "core/explain/shapley/kernel_shap.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "core/explain/instance_check.h"
#include "core/explain/shapley/coalition_linear_surrogate.h"
#include "core/explain/shapley/coalition_trees.h"

namespace whyrec {
namespace {

// Coalitions are at most 2^G - 2; beyond 2^62 no budget can reach that.
double AllCoalitions(int players) {
  return players >= 62 ? INFINITY : std::ldexp(1.0, players) - 2.0;
}

std::string Key(const std::vector<uint8_t>& present) {
  return std::string(present.begin(), present.end());
}

std::vector<uint8_t> Complement(const std::vector<uint8_t>& present) {
  std::vector<uint8_t> out(present.size());
  for (size_t g = 0; g < present.size(); ++g) out[g] = present[g] ? 0 : 1;
  return out;
}

// Every canonical coalition of a stratum: the size-s subsets, and in the middle stratum only
// those that hold player 0 (the other half are their complements).
std::vector<std::vector<uint8_t>> EnumerateStratum(int players, int size) {
  std::vector<std::vector<uint8_t>> all;
  std::vector<int> pick(size);
  std::iota(pick.begin(), pick.end(), 0);
  const bool middle = 2 * size == players;
  while (true) {
    if (!middle || pick[0] == 0) {
      std::vector<uint8_t> present(players, 0);
      for (int p : pick) present[p] = 1;
      all.push_back(std::move(present));
    }
    int i = size - 1;
    while (i >= 0 && pick[i] == players - size + i) --i;
    if (i < 0) break;
    ++pick[i];
    for (int j = i + 1; j < size; ++j) pick[j] = pick[j - 1] + 1;
  }
  return all;
}

// A uniformly random canonical coalition of the stratum (partial Fisher-Yates).
std::vector<uint8_t> SampleStratum(int players, int size, Random& random) {
  const bool middle = 2 * size == players;
  std::vector<int> order(players);
  std::iota(order.begin(), order.end(), 0);
  std::vector<uint8_t> present(players, 0);
  const int first = middle ? 1 : 0;
  if (middle) present[0] = 1;
  for (int i = first; i < size; ++i) {
    const int j = i + static_cast<int>(random.Below(static_cast<uint64_t>(players - i)));
    std::swap(order[i], order[j]);
    present[order[i]] = 1;
  }
  return present;
}

constexpr double kEnumerateBelow = 1 << 16;

}  // namespace

KernelSurrogate ParseKernelSurrogate(const std::string& name) {
  if (name == "none") return KernelSurrogate::kNone;
  if (name == "trees") return KernelSurrogate::kTrees;
  if (name == "size_trees") return KernelSurrogate::kSizeTrees;
  if (name == "recency") return KernelSurrogate::kRecency;
  throw std::invalid_argument("unknown Kernel SHAP surrogate '" + name +
                              "' (expected trees, size_trees, recency or none)");
}

std::string KernelSurrogateName(KernelSurrogate surrogate) {
  switch (surrogate) {
    case KernelSurrogate::kNone:
      return "none";
    case KernelSurrogate::kTrees:
      return "trees";
    case KernelSurrogate::kSizeTrees:
      return "size_trees";
    case KernelSurrogate::kRecency:
      return "recency";
  }
  return "none";
}

KernelShap::KernelShap(Schema schema, const Eigen::VectorXf& instance, Background background,
                       KernelShapOptions options)
    : schema_(std::move(schema)),
      background_(std::move(background)),
      options_(options),
      players_(schema_.num_players()),
      random_(options.seed),
      queue_(schema_, instance, background_, options.link, options.max_batch_rows) {
  RequireInstanceFits(schema_, instance, background_);
  if (options_.budget < 0) throw std::invalid_argument("budget must be >= 1");
  if (options_.max_batch_rows < 1) throw std::invalid_argument("max_batch_rows must be >= 1");
  if (!(options_.tolerance >= 0)) throw std::invalid_argument("tolerance must be >= 0");
  const int64_t requested = options_.budget > 0 ? options_.budget : DefaultBudget(players_);
  budget_ = static_cast<int64_t>(
      std::min<double>(static_cast<double>(requested), AllCoalitions(players_)));
  if (budget_ < 2 && players_ > 1) {
    throw std::invalid_argument("budget must be at least 2 coalitions (one complementary pair)");
  }
  queue_.Push(std::vector<uint8_t>(players_, 0));
  queue_.Push(std::vector<uint8_t>(players_, 1));
  strata_ = MakeKernelStrata(players_);
  drawn_.resize(strata_.size());
  StartRound();
}

void KernelShap::StartRound() {
  const int64_t max_pairs = budget_ / 2;
  if (options_.tolerance > 0 && round_pairs_ == 0) {
    round_pairs_ = std::min<int64_t>(max_pairs, std::max<int64_t>(64, 2 * players_));
  } else if (options_.tolerance > 0) {
    round_pairs_ = std::min<int64_t>(max_pairs, 2 * round_pairs_);
  } else {
    round_pairs_ = max_pairs;
  }
  AllocatePairs(&strata_, players_, round_pairs_, options_.sampling);
  for (size_t h = 0; h < strata_.size(); ++h) {
    DrawPairs(static_cast<int>(h), strata_[h].pairs - static_cast<int64_t>(drawn_[h].size()));
  }
}

void KernelShap::DrawPairs(int stratum, int64_t count) {
  if (count <= 0) return;
  KernelStratum& s = strata_[stratum];
  auto& drawn = drawn_[stratum];
  std::vector<std::vector<uint8_t>> fresh;
  if (s.population <= kEnumerateBelow) {
    // Small strata: shuffle what is left and take a prefix, so drawing never stalls on
    // rejections when nearly all of a stratum is wanted.
    for (auto& c : EnumerateStratum(players_, s.size)) {
      if (!drawn.count(Key(c))) fresh.push_back(std::move(c));
    }
    for (size_t i = 0; i + 1 < fresh.size() && static_cast<int64_t>(i) < count; ++i) {
      std::swap(fresh[i], fresh[i + random_.Below(fresh.size() - i)]);
    }
    fresh.resize(std::min<size_t>(fresh.size(), static_cast<size_t>(count)));
  } else {
    std::unordered_set<std::string> taken;
    while (static_cast<int64_t>(fresh.size()) < count) {
      auto c = SampleStratum(players_, s.size, random_);
      const std::string key = Key(c);
      if (!drawn.count(key) && taken.insert(key).second) fresh.push_back(std::move(c));
    }
  }
  for (auto& c : fresh) {
    drawn.insert(Key(c));
    pairs_.push_back({stratum, queue_.Push(c)});
    queue_.Push(Complement(c));
  }
  s.pairs = static_cast<int64_t>(drawn.size());
}

RowBatch KernelShap::next() {
  if (queue_.Waiting()) return queue_.NextBatch();
  if (!finished_) {
    Estimate();
    double worst = 0;
    for (const auto& e : estimates_) worst = std::max(worst, e.std_errors.maxCoeff());
    const bool more =
        options_.tolerance > 0 && worst > options_.tolerance && round_pairs_ < budget_ / 2;
    if (more) {
      StartRound();
      if (queue_.Waiting()) return queue_.NextBatch();
    }
    finished_ = true;
  }
  return RowBatch(0, schema_.width());
}

void KernelShap::tell(ConstMatrixView outputs) { queue_.Tell(outputs); }

void KernelShap::Estimate() {
  estimates_.clear();
  for (Eigen::Index k = 0; k < queue_.outputs(); ++k) {
    const double empty = queue_.value(0, k);
    std::vector<WeightedCoalition> coalitions;
    std::vector<SamplingUnit> units;
    for (const Pair& pair : pairs_) {
      const KernelStratum& s = strata_[pair.stratum];
      const double weight = s.coalition_weight(players_);
      const int first = static_cast<int>(coalitions.size());
      for (int64_t i : {pair.first, pair.first + 1}) {
        coalitions.push_back({queue_.coalition(i).data(), weight, queue_.value(i, k) - empty});
      }
      units.push_back({{first, first + 1},
                       pair.stratum,
                       static_cast<double>(s.pairs) / s.population,
                       weight * static_cast<double>(s.pairs)});
    }
    bool exact = true;
    for (const auto& stratum : strata_) exact = exact && stratum.complete();
    surrogate_used_ = options_.surrogate != KernelSurrogate::kNone && !exact &&
                      pairs_.size() >= kMinPairsForSurrogate;
    if (surrogate_used_) {
      estimates_.push_back(EstimateWithSurrogate(k));
      continue;
    }
    estimates_.push_back(
        SolveKernelRegression(players_, coalitions, units, queue_.value(1, k) - empty));
  }
}

// Cross-fitted control variate. The pairs of every sampled stratum are dealt round-robin into
// kSurrogateFolds folds; for each fold, a surrogate g_k (the plain regression's additive fit plus
// boosted trees on its residuals) is fitted on the other folds and its Shapley values are exact.
// The estimate is the mean of those values plus one regression, over every pair, of the held-out
// differences v - g_k (each pair against the surrogate that did not see it). Held-out differences
// keep the estimate and its standard errors honest where an in-sample fit would shrink them;
// pooling them in one regression lets each surrogate train on (K-1)/K of the pairs without
// leaving the residual regression only n/K of them. Enumerated strata need no estimate: they
// train every surrogate and enter the regression against the mean surrogate.
KernelEstimate KernelShap::EstimateWithSurrogate(Eigen::Index k) const {
  constexpr int kFolds = kSurrogateFolds;
  constexpr int kEveryFold = -1;
  const double empty = queue_.value(0, k);
  const double total = queue_.value(1, k) - empty;
  std::vector<int> fold(pairs_.size());
  std::vector<int64_t> seen(strata_.size(), 0);
  for (size_t i = 0; i < pairs_.size(); ++i) {
    const int h = pairs_[i].stratum;
    // The offset by stratum spreads strata with fewer pairs than folds over all folds.
    fold[i] = strata_[h].complete() ? kEveryFold : static_cast<int>((seen[h]++ + h) % kFolds);
  }
  // The coalitions of the pairs `in` selects, weighted for the pairs each stratum has there.
  auto gather = [&](auto in, auto value) {
    std::vector<int64_t> pairs_in(strata_.size(), 0);
    for (size_t i = 0; i < pairs_.size(); ++i) pairs_in[pairs_[i].stratum] += in(fold[i]) ? 1 : 0;
    std::vector<WeightedCoalition> coalitions;
    std::vector<SamplingUnit> units;
    for (size_t i = 0; i < pairs_.size(); ++i) {
      if (!in(fold[i])) continue;
      const KernelStratum& s = strata_[pairs_[i].stratum];
      const double n = static_cast<double>(pairs_in[pairs_[i].stratum]);
      const double weight = s.kernel_mass / n / (s.middle(players_) ? 2.0 : 1.0);
      const int first = static_cast<int>(coalitions.size());
      for (int64_t c : {pairs_[i].first, pairs_[i].first + 1}) {
        coalitions.push_back({queue_.coalition(c).data(), weight, value(c)});
      }
      units.push_back({{first, first + 1}, pairs_[i].stratum, n / s.population, weight * n});
    }
    return std::make_pair(coalitions, units);
  };
  const auto raw = [&](int64_t c) { return queue_.value(c, k) - empty; };
  const std::vector<uint8_t> none(players_, 0), all(players_, 1);
  Eigen::VectorXd surrogate_values = Eigen::VectorXd::Zero(players_);
  double surrogate_total = 0;
  std::vector<double> mean_surrogate(static_cast<size_t>(queue_.size()), 0.0);
  std::vector<double> out_of_fold(static_cast<size_t>(queue_.size()), 0.0);
  for (int held = 0; held < kFolds; ++held) {
    const auto [train, train_units] = gather([&](int f) { return f != held; }, raw);
    std::vector<const uint8_t*> z;
    Eigen::VectorXd values(train.size()), weights(train.size());
    for (size_t r = 0; r < train.size(); ++r) {
      z.push_back(train[r].present);
      values[r] = train[r].value;
      weights[r] = train[r].weight;
    }
    // The surrogate's linear part: the plain regression's additive fit, or that fit together
    // with the coalition's size (and the players' recency) (CoalitionLinearSurrogate).
    const bool recency = options_.surrogate == KernelSurrogate::kRecency;
    const CoalitionLinearSurrogate linear =
        options_.surrogate == KernelSurrogate::kTrees
            ? CoalitionLinearSurrogate::Additive(
                  SolveKernelRegression(players_, train, train_units, total).values)
            : CoalitionLinearSurrogate::Fit(players_, z, values, weights, total, {true, recency});
    Eigen::VectorXd targets(train.size());
    for (size_t r = 0; r < train.size(); ++r) targets[r] = values[r] - linear.Predict(z[r]);
    Eigen::VectorXd misfit;
    CoalitionTrees::Options tree_options;
    if (recency) tree_options.trees = 0;  // they only add variance to this surrogate (bench)
    const CoalitionTrees trees =
        CoalitionTrees::Fit(players_, z, targets, weights, tree_options, &misfit);
    const double trees_at_empty = trees.Predict(none.data());
    auto surrogate = [&](const uint8_t* present) {
      return trees.Predict(present) - trees_at_empty + linear.Predict(present);
    };
    surrogate_values += (linear.ShapleyValues() + trees.ShapleyValues()) / kFolds;
    surrogate_total += surrogate(all.data()) / kFolds;
    // The training coalitions' surrogate values are what the fit left of their targets; only
    // the held-out ones need the trees walked. `train` lists the pairs in this same order.
    size_t r = 0;
    for (size_t i = 0; i < pairs_.size(); ++i) {
      for (int64_t c : {pairs_[i].first, pairs_[i].first + 1}) {
        if (fold[i] == held) {
          out_of_fold[c] = surrogate(queue_.coalition(c).data());
          mean_surrogate[c] += out_of_fold[c] / kFolds;
        } else {
          mean_surrogate[c] += (train[r].value - misfit[r] - trees_at_empty) / kFolds;
          ++r;
        }
      }
    }
  }
  // A sampled coalition's own residual against the mean surrogate is known, and stands in for
  // its stratum's unsampled coalitions through its out-of-fold residual: the two blend by the
  // stratum's sampled fraction, so a nearly complete stratum is nearly exact. The out-of-fold
  // residuals alone measure the spread of what is extrapolated, hence the standard errors.
  std::vector<double> blended(static_cast<size_t>(queue_.size()), 0.0);
  std::vector<double> held_out(static_cast<size_t>(queue_.size()), 0.0);
  for (size_t i = 0; i < pairs_.size(); ++i) {
    const KernelStratum& s = strata_[pairs_[i].stratum];
    const double known = fold[i] == kEveryFold ? 1.0 : static_cast<double>(s.pairs) / s.population;
    for (int64_t c : {pairs_[i].first, pairs_[i].first + 1}) {
      const double guess = fold[i] == kEveryFold ? mean_surrogate[c] : out_of_fold[c];
      blended[c] = raw(c) - known * mean_surrogate[c] - (1 - known) * guess;
      held_out[c] = raw(c) - guess;
    }
  }
  const auto solve = [&](const std::vector<double>& difference) {
    const auto [pooled, units] =
        gather([](int) { return true; }, [&](int64_t c) { return difference[c]; });
    return SolveKernelRegression(players_, pooled, units, total - surrogate_total);
  };
  KernelEstimate estimate = solve(blended);
  estimate.std_errors = solve(held_out).std_errors;
  estimate.values += surrogate_values;
  return estimate;
}

Explanation KernelShap::result() const {
  if (!finished_) throw std::logic_error("result() was called before next() returned no rows");
  const Eigen::Index outputs = queue_.outputs();
  Explanation e;
  e.method = "kernel";
  e.player_names = schema_.player_names();
  e.values.resize(outputs, players_);
  e.std_errors.resize(outputs, players_);
  e.base_value.resize(outputs);
  e.model_output.resize(outputs);
  for (Eigen::Index k = 0; k < outputs; ++k) {
    e.values.row(k) = estimates_[k].values.transpose();
    e.std_errors.row(k) = estimates_[k].std_errors.transpose();
    e.base_value[k] = queue_.value(0, k);
    e.model_output[k] = queue_.value(1, k);
  }
  e.evaluations = queue_.rows_evaluated();
  e.seed = options_.seed;
  bool exact = true;
  for (const auto& s : strata_) exact = exact && s.complete();
  e.settings["budget"] = budget_;
  e.settings["coalitions"] = queue_.size();
  e.settings["sampling"] = KernelSamplingName(options_.sampling);
  e.settings["surrogate"] =
      surrogate_used_ ? KernelSurrogateName(options_.surrogate) : std::string("none");
  e.settings["tolerance"] = options_.tolerance;
  e.settings["link"] = LinkName(options_.link);
  e.settings["exact"] = exact;
  e.settings["background_rows"] = background_.size();
  e.settings["players"] = players_;
  e.settings["max_batch_rows"] = options_.max_batch_rows;
  return e;
}

}  // namespace whyrec
