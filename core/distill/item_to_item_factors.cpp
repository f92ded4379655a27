#include "core/distill/item_to_item_factors.h"

#include <Eigen/Cholesky>
#include <algorithm>
#include <cmath>

#include "core/random.h"

namespace whyrec {
namespace {

// A history as decayed counts over u's rows: (row, decay^m) per position.
using DecayedItems = std::vector<std::pair<int, double>>;

// One history's rows among the fitted ones: their targets and scores.
struct HistoryRows {
  DecayedItems items;
  std::vector<int64_t> targets;
  std::vector<double> scores;
};

Eigen::VectorXd Embed(const Eigen::MatrixXd& u, const DecayedItems& items) {
  Eigen::VectorXd z = Eigen::VectorXd::Zero(u.cols());
  for (const auto& [row, weight] : items) z += weight * u.row(row).transpose();
  return z;
}

// Given u: each target's bias and v by ridge on [1, z_h] (the bias unpenalised).
void FitTargets(const std::vector<HistoryRows>& histories, const Eigen::MatrixXd& u, double l2,
                LowRankFactors& f) {
  const Eigen::Index d = u.cols();
  std::map<int64_t, std::pair<Eigen::MatrixXd, Eigen::VectorXd>> normal;
  for (const HistoryRows& h : histories) {
    Eigen::VectorXd x(d + 1);
    x << 1, Embed(u, h.items);
    const Eigen::MatrixXd xx = x * x.transpose();
    for (size_t i = 0; i < h.targets.size(); ++i) {
      auto& [a, b] = normal
                         .try_emplace(h.targets[i], Eigen::MatrixXd::Zero(d + 1, d + 1),
                                      Eigen::VectorXd::Zero(d + 1))
                         .first->second;
      a += xx;
      b += h.scores[i] * x;
    }
  }
  for (auto& [target, ab] : normal) {
    auto& [a, b] = ab;
    a.diagonal().tail(d).array() += l2;
    a(0, 0) += 1e-12 * a(0, 0);  // keeps a target of one row solvable
    const Eigen::VectorXd solution = a.ldlt().solve(b);
    f.bias[target] = solution[0];
    f.v[target] = solution.tail(d);
  }
}

// Given the biases and v: u by conjugate gradient on its normal equations, warm-started.
void FitSources(const std::vector<HistoryRows>& histories, double l2, LowRankFactors& f) {
  const Eigen::Index d = f.u.cols();
  // Per history: sum over its targets of v v' and of v (y - b).
  std::vector<Eigen::MatrixXd> m(histories.size());
  Eigen::MatrixXd rhs = Eigen::MatrixXd::Zero(f.u.rows(), d);
  for (size_t h = 0; h < histories.size(); ++h) {
    m[h] = Eigen::MatrixXd::Zero(d, d);
    Eigen::VectorXd g = Eigen::VectorXd::Zero(d);
    for (size_t i = 0; i < histories[h].targets.size(); ++i) {
      const Eigen::VectorXd& v = f.v.at(histories[h].targets[i]);
      m[h] += v * v.transpose();
      g += (histories[h].scores[i] - f.bias.at(histories[h].targets[i])) * v;
    }
    for (const auto& [row, weight] : histories[h].items) rhs.row(row) += weight * g.transpose();
  }
  const auto apply = [&](const Eigen::MatrixXd& u) {
    Eigen::MatrixXd out = l2 * u;
    for (size_t h = 0; h < histories.size(); ++h) {
      const Eigen::VectorXd w = m[h] * Embed(u, histories[h].items);
      for (const auto& [row, weight] : histories[h].items) out.row(row) += weight * w.transpose();
    }
    return out;
  };
  Eigen::MatrixXd r = rhs - apply(f.u);
  Eigen::MatrixXd p = r;
  double rr = r.squaredNorm();
  const double stop = 1e-16 * std::max(1.0, rhs.squaredNorm());
  for (int it = 0; it < 200 && rr > stop; ++it) {
    const Eigen::MatrixXd ap = apply(p);
    const double alpha = rr / (p.array() * ap.array()).sum();
    f.u += alpha * p;
    r -= alpha * ap;
    const double next = r.squaredNorm();
    p = r + (next / rr) * p;
    rr = next;
  }
}

}  // namespace

LowRankFactors FitLowRankFactors(const ItemToItemData& data, const std::vector<int>& rows,
                                 double decay, int rank, double l2, int iterations, uint64_t seed) {
  LowRankFactors f;
  std::map<int64_t, int> source_row;
  std::map<int, HistoryRows> by_history;
  for (int r : rows) {
    HistoryRows& h = by_history[data.history[r]];
    h.targets.push_back(data.target[r]);
    h.scores.push_back(data.score[r]);
  }
  for (auto& [index, h] : by_history) {
    for (int64_t item : data.histories[index]) source_row.emplace(item, 0);
  }
  for (auto& [item, row] : source_row) {
    row = static_cast<int>(f.sources.size());
    f.sources.push_back(item);
  }
  std::vector<HistoryRows> histories;
  for (auto& [index, h] : by_history) {
    const std::vector<int64_t>& items = data.histories[index];
    double factor = 1;
    for (size_t q = 0; q < items.size() && factor != 0; ++q, factor *= decay) {
      h.items.emplace_back(source_row[items[items.size() - 1 - q]], factor);
    }
    histories.push_back(std::move(h));
  }
  Random random(seed ^ 0xfac7025ULL);
  f.u.resize(static_cast<Eigen::Index>(f.sources.size()), rank);
  for (Eigen::Index i = 0; i < f.u.rows(); ++i) {
    for (Eigen::Index k = 0; k < rank; ++k) f.u(i, k) = 0.1 * random.Normal();
  }
  for (int it = 0; it < iterations; ++it) {
    FitTargets(histories, f.u, l2, f);
    FitSources(histories, l2, f);
  }
  FitTargets(histories, f.u, l2, f);
  return f;
}

}  // namespace whyrec
