#include "core/distill/item_to_item_fit.h"

#include <Eigen/IterativeLinearSolvers>
#include <Eigen/SparseCore>
#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <stdexcept>
#include <string>
#include <tuple>

#include "core/distill/item_to_item_factors.h"
#include "core/random.h"

namespace whyrec {
namespace {

using Sparse = Eigen::SparseMatrix<double>;

// One target's least-squares problem: its rows, the items seen in their histories (ascending:
// the pair weights' columns) and each row's decayed count of each such item.
struct TargetProblem {
  int64_t target = 0;
  std::vector<int64_t> sources;
  Sparse x;  // rows x sources: sum over positions p holding the source of decay^(n - 1 - p)
  Eigen::VectorXd y;
};

TargetProblem BuildProblem(const ItemToItemData& data, int64_t target, const std::vector<int>& rows,
                           double decay) {
  TargetProblem problem;
  problem.target = target;
  std::map<int64_t, int> column;
  for (int r : rows) {  // the items whose terms can be non-zero: decay^m > 0
    const std::vector<int64_t>& h = data.histories[data.history[r]];
    const size_t reach = decay > 0 ? h.size() : std::min<size_t>(1, h.size());
    for (size_t q = 0; q < reach; ++q) column.emplace(h[h.size() - 1 - q], 0);
  }
  for (auto& [item, c] : column) {
    c = static_cast<int>(problem.sources.size());
    problem.sources.push_back(item);
  }
  std::vector<Eigen::Triplet<double>> entries;
  problem.y.resize(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    const std::vector<int64_t>& h = data.histories[data.history[rows[i]]];
    double factor = 1;  // decay^(n - 1 - p), from the most recent item back
    for (size_t q = 0; q < h.size() && factor != 0; ++q, factor *= decay) {
      entries.emplace_back(static_cast<int>(i), column[h[h.size() - 1 - q]], factor);
    }
    problem.y[i] = data.score[rows[i]];
  }
  problem.x.resize(static_cast<Eigen::Index>(rows.size()),
                   static_cast<Eigen::Index>(problem.sources.size()));
  problem.x.setFromTriplets(entries.begin(), entries.end());  // sums a repeated item's terms
  return problem;
}

// Ridge regression with an unpenalised intercept on the columns `keep` of the problem: the
// least-squares solution of [1 X_keep; 0 sqrt(l2) I] [b; w] = [y; 0] by conjugate gradient.
ItemToItemModel::Target SolveRidge(const TargetProblem& p, const std::vector<int>& keep,
                                   double l2) {
  ItemToItemModel::Target t;
  const Eigen::Index n = p.x.rows();
  t.bias = p.y.mean();
  if (keep.empty()) return t;
  const Eigen::Index d = static_cast<Eigen::Index>(keep.size());
  std::vector<Eigen::Triplet<double>> entries;
  for (Eigen::Index r = 0; r < n; ++r) entries.emplace_back(r, 0, 1.0);
  for (Eigen::Index k = 0; k < d; ++k) {
    for (Sparse::InnerIterator it(p.x, keep[k]); it; ++it) {
      entries.emplace_back(it.row(), k + 1, it.value());
    }
    if (l2 > 0) entries.emplace_back(n + k, k + 1, std::sqrt(l2));
  }
  Sparse a(n + d, d + 1);
  a.setFromTriplets(entries.begin(), entries.end());
  Eigen::VectorXd b = Eigen::VectorXd::Zero(n + d);
  b.head(n) = p.y;
  Eigen::LeastSquaresConjugateGradient<Sparse> solver;
  solver.setTolerance(1e-12);
  solver.setMaxIterations(std::max<Eigen::Index>(1000, 4 * (d + 1)));
  solver.compute(a);
  Eigen::VectorXd start = Eigen::VectorXd::Zero(d + 1);
  start[0] = t.bias;
  const Eigen::VectorXd solution = solver.solveWithGuess(b, start);
  t.bias = solution[0];
  for (Eigen::Index k = 0; k < d; ++k) {
    t.sources.push_back(p.sources[keep[k]]);
    t.weights.push_back(solution[k + 1]);
  }
  return t;
}

// A fitted pair and its strength: the root mean square of its term over the target's rows.
struct PairStrength {
  double strength;
  int problem;
  int column;
};

// The columns each problem keeps: the strongest max_pairs_per_target of each, then the
// strongest pair_budget of those in all (ties: target then source order, so deterministic).
std::vector<std::vector<int>> KeptColumns(const std::vector<TargetProblem>& problems,
                                          const std::vector<ItemToItemModel::Target>& full,
                                          const ItemToItemOptions& o) {
  std::vector<PairStrength> candidates;
  for (size_t i = 0; i < problems.size(); ++i) {
    const Sparse& x = problems[i].x;
    std::vector<PairStrength> own;
    for (Eigen::Index c = 0; c < x.cols(); ++c) {
      const double rms = std::sqrt(x.col(c).squaredNorm() / std::max<Eigen::Index>(1, x.rows()));
      own.push_back({std::abs(full[i].weights[c]) * rms, static_cast<int>(i), static_cast<int>(c)});
    }
    std::stable_sort(own.begin(), own.end(), [](const PairStrength& a, const PairStrength& b) {
      return a.strength > b.strength;
    });
    if (o.max_pairs_per_target >= 0 && own.size() > static_cast<size_t>(o.max_pairs_per_target)) {
      own.resize(o.max_pairs_per_target);
    }
    candidates.insert(candidates.end(), own.begin(), own.end());
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const PairStrength& a, const PairStrength& b) {
                     if (a.strength != b.strength) return a.strength > b.strength;
                     return std::tie(a.problem, a.column) < std::tie(b.problem, b.column);
                   });
  if (o.pair_budget >= 0 && candidates.size() > static_cast<size_t>(o.pair_budget)) {
    candidates.resize(o.pair_budget);
  }
  std::vector<std::vector<int>> keep(problems.size());
  for (const PairStrength& c : candidates) keep[c.problem].push_back(c.column);
  for (auto& k : keep) std::sort(k.begin(), k.end());
  return keep;
}

std::vector<int> AllColumns(const TargetProblem& p) {
  std::vector<int> all(p.x.cols());
  std::iota(all.begin(), all.end(), 0);
  return all;
}

// Sets the model's low-rank part (factors and biases) and returns the teacher's scores less its
// predictions on every row (rows not fitted keep their scores).
Eigen::VectorXd FitFactors(const ItemToItemData& data, const std::vector<int>& rows, double decay,
                           const ItemToItemOptions& o, ItemToItemModel& model) {
  const LowRankFactors f =
      FitLowRankFactors(data, rows, decay, o.rank, o.l2, o.factor_iterations, o.seed);
  model.rank = o.rank;
  for (size_t i = 0; i < f.sources.size(); ++i) {
    const Eigen::VectorXd u = f.u.row(static_cast<Eigen::Index>(i)).transpose();
    model.source_factors[f.sources[i]] = std::vector<double>(u.data(), u.data() + u.size());
  }
  for (const auto& [target, v] : f.v) {
    ItemToItemModel::Target& t = model.targets[target];
    t.bias = f.bias.at(target);
    t.factors.assign(v.data(), v.data() + v.size());
  }
  Eigen::VectorXd residual = data.score;
  for (int r : rows) {
    residual[r] -= model.Score(data.histories[data.history[r]], data.target[r]);
  }
  return residual;
}

bool FitsPairs(const ItemToItemOptions& o) {
  return o.pair_budget != 0 && o.max_pairs_per_target != 0;
}

ItemToItemModel FitWithDecay(const ItemToItemData& data, const std::vector<int>& rows, double decay,
                             const ItemToItemOptions& o) {
  ItemToItemModel model;
  model.decay = decay;
  std::map<int64_t, std::vector<int>> rows_of;
  double sum = 0;
  for (int r : rows) {
    rows_of[data.target[r]].push_back(r);
    sum += data.score[r];
  }
  model.default_bias = sum / static_cast<double>(rows.size());
  ItemToItemData residual;
  const ItemToItemData* pair_data = &data;
  if (o.rank > 0) {
    residual.histories = data.histories;
    residual.history = data.history;
    residual.target = data.target;
    residual.score = FitFactors(data, rows, decay, o, model);
    pair_data = &residual;
  }
  const bool capped = o.pair_budget > 0 || o.max_pairs_per_target > 0;
  std::vector<TargetProblem> problems;
  std::vector<ItemToItemModel::Target> fitted;
  for (const auto& [target, own] : rows_of) {
    problems.push_back(BuildProblem(*pair_data, target, own, decay));
    const std::vector<int> columns =
        FitsPairs(o) ? AllColumns(problems.back()) : std::vector<int>();
    fitted.push_back(SolveRidge(problems.back(), columns, o.l2));
  }
  if (capped) {
    const std::vector<std::vector<int>> keep = KeptColumns(problems, fitted, o);
    for (size_t i = 0; i < problems.size(); ++i) {
      if (keep[i].size() < static_cast<size_t>(problems[i].x.cols())) {
        fitted[i] = SolveRidge(problems[i], keep[i], o.l2);
      }
    }
  }
  for (size_t i = 0; i < problems.size(); ++i) {
    ItemToItemModel::Target& t = model.targets[problems[i].target];
    t.bias += fitted[i].bias;  // on the low-rank part's bias, when there is one
    t.sources = std::move(fitted[i].sources);
    t.weights = std::move(fitted[i].weights);
  }
  return model;
}

double SquaredError(const ItemToItemModel& model, const ItemToItemData& data,
                    const std::vector<int>& rows) {
  double sse = 0;
  for (int r : rows) {
    const double e = model.Score(data.histories[data.history[r]], data.target[r]) - data.score[r];
    sse += e * e;
  }
  return sse;
}

void Check(const ItemToItemData& data, const ItemToItemOptions& o) {
  if (data.rows() == 0) throw std::invalid_argument("no teacher rows to fit");
  if (static_cast<int>(data.history.size()) != data.rows() || data.score.size() != data.rows()) {
    throw std::invalid_argument("the teacher rows' histories, targets and scores differ in count");
  }
  for (int r = 0; r < data.rows(); ++r) {
    const std::string row = "teacher row " + std::to_string(r);
    if (!std::isfinite(data.score[r])) {
      throw std::invalid_argument(row + ": the teacher score is " + std::to_string(data.score[r]) +
                                  ", not a finite number");
    }
    if (data.history[r] < 0 || data.history[r] >= static_cast<int>(data.histories.size())) {
      throw std::invalid_argument(row + ": history " + std::to_string(data.history[r]) +
                                  " does not exist");
    }
    if (data.target[r] < 0) throw std::invalid_argument(row + ": negative target item id");
  }
  for (size_t h = 0; h < data.histories.size(); ++h) {
    for (int64_t item : data.histories[h]) {
      if (item < 0) {
        throw std::invalid_argument("history " + std::to_string(h) + " has a negative item id");
      }
    }
  }
  if (o.decays.empty()) throw std::invalid_argument("no decay to fit");
  for (double decay : o.decays) {
    if (!(decay >= 0 && decay <= 1)) {
      throw std::invalid_argument("decay " + std::to_string(decay) + " is outside [0, 1]");
    }
  }
  if (!(o.l2 >= 0)) throw std::invalid_argument("l2 must be >= 0");
  if (o.rank < 0 || o.factor_iterations < 1) {
    throw std::invalid_argument("the rank must be >= 0 and the factor iterations >= 1");
  }
  if (o.decays.size() > 1 && !(o.validation > 0 && o.validation < 1)) {
    throw std::invalid_argument("the decay's validation share must be in (0, 1)");
  }
}

}  // namespace

ItemToItemModel FitItemToItem(const ItemToItemData& data, const ItemToItemOptions& o) {
  Check(data, o);
  std::vector<int> all(data.rows());
  std::iota(all.begin(), all.end(), 0);
  // One decay, or none matters (biases alone).
  if (o.decays.size() == 1 || (o.rank == 0 && !FitsPairs(o))) {
    return FitWithDecay(data, all, o.decays.front(), o);
  }

  // Choose the decay on a seeded share of whole histories, then refit on every row.
  const int n = static_cast<int>(data.histories.size());
  std::vector<int> order(n);
  std::iota(order.begin(), order.end(), 0);
  Random random(o.seed ^ 0xdecaeULL);
  for (int i = n - 1; i > 0; --i) std::swap(order[i], order[random.Below(i + 1)]);
  std::vector<char> held(n, 0);
  const int n_held = static_cast<int>(std::lround(o.validation * n));
  for (int i = 0; i < n_held; ++i) held[order[i]] = 1;
  std::vector<int> fit_rows, check_rows;
  for (int r : all) (held[data.history[r]] ? check_rows : fit_rows).push_back(r);
  if (fit_rows.empty() || check_rows.empty()) {
    throw std::invalid_argument("choosing among " + std::to_string(o.decays.size()) +
                                " decays needs histories both to fit and to validate on (" +
                                std::to_string(n) + " histories); give one decay");
  }
  double best = INFINITY;
  double chosen = o.decays.front();
  for (double decay : o.decays) {
    const double sse = SquaredError(FitWithDecay(data, fit_rows, decay, o), data, check_rows);
    if (sse < best) {
      best = sse;
      chosen = decay;
    }
  }
  return FitWithDecay(data, all, chosen, o);
}

}  // namespace whyrec
