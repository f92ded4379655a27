#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <functional>
#include <numeric>
#include <vector>

// An independent reference for tests: Shapley values by averaging marginal contributions over
// all player orders, with coalition values computed directly from a scalar model. It shares no
// code with the core.
namespace whyrec::testing {

using ScalarModel = std::function<double(const Eigen::VectorXd&)>;

// Interventional coalition value: weighted mean over background rows of f(x on S, b elsewhere),
// where players[g] lists the columns of player g.
inline double CoalitionValue(const ScalarModel& f, const Eigen::VectorXd& x,
                             const Eigen::MatrixXd& background, const Eigen::VectorXd& weights,
                             const std::vector<std::vector<int>>& players,
                             const std::vector<bool>& present) {
  double total = 0, weight_sum = weights.sum();
  for (Eigen::Index b = 0; b < background.rows(); ++b) {
    Eigen::VectorXd row = background.row(b).transpose();
    for (size_t g = 0; g < players.size(); ++g) {
      if (present[g]) {
        for (int c : players[g]) row[c] = x[c];
      }
    }
    total += weights[b] * f(row);
  }
  return total / weight_sum;
}

inline Eigen::VectorXd PermutationShapley(const ScalarModel& f, const Eigen::VectorXd& x,
                                          const Eigen::MatrixXd& background,
                                          const Eigen::VectorXd& weights,
                                          const std::vector<std::vector<int>>& players) {
  const int n = static_cast<int>(players.size());
  std::vector<int> order(n);
  std::iota(order.begin(), order.end(), 0);
  Eigen::VectorXd phi = Eigen::VectorXd::Zero(n);
  int permutations = 0;
  do {
    std::vector<bool> present(n, false);
    double before = CoalitionValue(f, x, background, weights, players, present);
    for (int g : order) {
      present[g] = true;
      const double after = CoalitionValue(f, x, background, weights, players, present);
      phi[g] += after - before;
      before = after;
    }
    ++permutations;
  } while (std::next_permutation(order.begin(), order.end()));
  return phi / permutations;
}

inline std::vector<std::vector<int>> SinglePlayers(int d) {
  std::vector<std::vector<int>> players(d);
  for (int j = 0; j < d; ++j) players[j] = {j};
  return players;
}

}  // namespace whyrec::testing
