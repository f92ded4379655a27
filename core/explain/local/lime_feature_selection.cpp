#include "core/explain/local/lime_feature_selection.h"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "core/explain/local/weighted_ridge.h"

namespace whyrec {
namespace {

std::vector<int> AllColumns(int d) {
  std::vector<int> all(static_cast<size_t>(d));
  std::iota(all.begin(), all.end(), 0);
  return all;
}

std::vector<int> ForwardSelection(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                                  const Eigen::VectorXd& w, int k) {
  std::vector<int> used;
  const int d = static_cast<int>(x.cols());
  for (int step = 0; step < std::min(k, d); ++step) {
    int best = -1;
    double best_score = -1e8;
    for (int j = 0; j < d; ++j) {
      if (std::find(used.begin(), used.end(), j) != used.end()) continue;
      std::vector<int> trial = used;
      trial.push_back(j);
      const double score = FitWeightedRidge(x, y, w, trial, 0.0).r2;
      if (best < 0 || score > best_score) {
        best = j;
        best_score = score;
      }
    }
    used.push_back(best);
  }
  return used;
}

std::vector<int> HighestWeights(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                                const Eigen::VectorXd& w, int k) {
  const int d = static_cast<int>(x.cols());
  const RidgeFit fit = FitWeightedRidge(x, y, w, AllColumns(d), 0.01);
  const Eigen::VectorXd weighted = fit.coefficients.cwiseProduct(x.row(0).transpose());
  std::vector<int> order = AllColumns(d);
  std::stable_sort(order.begin(), order.end(),
                   [&](int a, int b) { return std::abs(weighted[a]) > std::abs(weighted[b]); });
  order.resize(static_cast<size_t>(std::min(k, d)));
  return order;
}

}  // namespace

std::vector<Eigen::VectorXd> LarsLassoPath(const Eigen::MatrixXd& x, const Eigen::VectorXd& y) {
  const Eigen::Index p = x.cols();
  const Eigen::MatrixXd gram = x.transpose() * x;
  const Eigen::VectorXd xty = x.transpose() * y;
  Eigen::VectorXd beta = Eigen::VectorXd::Zero(p);
  std::vector<Eigen::VectorXd> path{beta};
  std::vector<int> active;
  bool dropped = false;
  const double tiny = 1e-12 * std::max(1.0, xty.cwiseAbs().maxCoeff());
  for (int step = 0; step < 8 * p + 8; ++step) {
    const Eigen::VectorXd correlation = xty - gram * beta;
    double c = 0;
    int join = -1;
    for (Eigen::Index j = 0; j < p; ++j) {
      const bool is_active = std::find(active.begin(), active.end(), j) != active.end();
      if (!is_active && std::abs(correlation[j]) > c) {
        c = std::abs(correlation[j]);
        join = static_cast<int>(j);
      }
    }
    for (int j : active) c = std::max(c, std::abs(correlation[j]));
    if (c <= tiny) break;
    if (!dropped && join >= 0) active.push_back(join);
    dropped = false;
    const Eigen::Index a = static_cast<Eigen::Index>(active.size());
    Eigen::MatrixXd gram_active(a, a);
    Eigen::VectorXd sign(a);
    for (Eigen::Index r = 0; r < a; ++r) {
      sign[r] = correlation[active[r]] >= 0 ? 1.0 : -1.0;
      for (Eigen::Index s = 0; s < a; ++s) gram_active(r, s) = gram(active[r], active[s]);
    }
    // Moving beta along `direction` lowers every active |correlation| at rate 1.
    const Eigen::VectorXd direction = gram_active.completeOrthogonalDecomposition().solve(sign);
    Eigen::VectorXd full_direction = Eigen::VectorXd::Zero(p);
    for (Eigen::Index r = 0; r < a; ++r) full_direction[active[r]] = direction[r];
    const Eigen::VectorXd rate = gram * full_direction;
    double gamma = c;  // all correlations reach zero: the least-squares end of the path
    for (Eigen::Index j = 0; j < p; ++j) {
      if (std::find(active.begin(), active.end(), j) != active.end()) continue;
      for (const double candidate :
           {(c - correlation[j]) / (1 - rate[j]), (c + correlation[j]) / (1 + rate[j])}) {
        if (candidate > tiny && candidate < gamma) gamma = candidate;
      }
    }
    int drop = -1;
    for (Eigen::Index r = 0; r < a; ++r) {
      const double crossing = -beta[active[r]] / direction[r];
      if (crossing > tiny && crossing < gamma) {
        gamma = crossing;
        drop = static_cast<int>(r);
      }
    }
    beta += gamma * full_direction;
    if (drop >= 0) {
      beta[active[drop]] = 0;
      active.erase(active.begin() + drop);
      dropped = true;
    }
    path.push_back(beta);
    if (gamma >= c - tiny && drop < 0) break;
  }
  return path;
}

namespace {

std::vector<int> LassoPath(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                           const Eigen::VectorXd& w, int k) {
  const double total = w.sum();
  const Eigen::RowVectorXd x_mean = w.transpose() * x / total;
  const Eigen::VectorXd root = w.cwiseSqrt();
  const Eigen::MatrixXd xw = (x.rowwise() - x_mean).array().colwise() * root.array();
  const Eigen::VectorXd yw = (y.array() - w.dot(y) / total) * root.array();
  const std::vector<Eigen::VectorXd> path = LarsLassoPath(xw, yw);
  // lime walks back from the least regularized end to the first point with at most K features.
  std::vector<int> nonzero = AllColumns(static_cast<int>(x.cols()));
  for (size_t i = path.size() - 1; i >= 1; --i) {
    nonzero.clear();
    for (Eigen::Index j = 0; j < path[i].size(); ++j) {
      if (path[i][j] != 0) nonzero.push_back(static_cast<int>(j));
    }
    if (static_cast<int>(nonzero.size()) <= k) break;
  }
  return nonzero;
}

}  // namespace

std::vector<std::string> FeatureSelectionNames() {
  return {"auto", "forward_selection", "highest_weights", "lasso_path", "none"};
}

FeatureSelection FeatureSelectionFromName(const std::string& name) {
  if (name == "forward_selection") return FeatureSelection::kForward;
  if (name == "highest_weights") return FeatureSelection::kHighestWeights;
  if (name == "lasso_path") return FeatureSelection::kLassoPath;
  if (name == "none") return FeatureSelection::kNone;
  if (name == "auto") return FeatureSelection::kAuto;
  throw std::invalid_argument("unknown feature selection '" + name + "'");
}

std::vector<int> SelectFeatures(FeatureSelection method, const Eigen::MatrixXd& x,
                                const Eigen::VectorXd& y, const Eigen::VectorXd& weights, int k) {
  switch (method) {
    case FeatureSelection::kNone:
      return AllColumns(static_cast<int>(x.cols()));
    case FeatureSelection::kForward:
      return ForwardSelection(x, y, weights, k);
    case FeatureSelection::kHighestWeights:
      return HighestWeights(x, y, weights, k);
    case FeatureSelection::kLassoPath:
      return LassoPath(x, y, weights, k);
    case FeatureSelection::kAuto:
      break;
  }
  return k <= 6 ? ForwardSelection(x, y, weights, k) : HighestWeights(x, y, weights, k);
}

}  // namespace whyrec
