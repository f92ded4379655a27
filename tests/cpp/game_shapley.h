#pragma once

#include <gtest/gtest.h>

#include <Eigen/Core>
#include <string>
#include <vector>

// Shapley values and interaction indices of a game by the 2^M subset formulas: an independent
// reference for tests. `v(coalition)` returns the game's value per output for a bit mask of the
// m players.
namespace whyrec::testing {

inline std::vector<double> Factorials(int m) {
  std::vector<double> factorial(m + 1, 1.0);
  for (int i = 1; i <= m; ++i) factorial[i] = factorial[i - 1] * i;
  return factorial;
}

// outputs x m.
template <typename Game>
Eigen::MatrixXd GameShapley(const Game& v, int m, int outputs) {
  std::vector<Eigen::VectorXd> value(1u << m);
  for (unsigned s = 0; s < (1u << m); ++s) value[s] = v(s);
  const std::vector<double> factorial = Factorials(m);
  Eigen::MatrixXd phi = Eigen::MatrixXd::Zero(outputs, m);
  for (unsigned s = 0; s < (1u << m); ++s) {
    const int size = __builtin_popcount(s);
    for (int g = 0; g < m; ++g) {
      if ((s >> g) & 1) continue;
      const double w = factorial[size] * factorial[m - size - 1] / factorial[m];
      phi.col(g) += w * (value[s | (1u << g)] - value[s]);
    }
  }
  return phi;
}

// The Shapley interaction index of output `output`, off the diagonal
//   Phi_ij = sum over S without i, j of |S|! (M - |S| - 2)! / (2 (M - 1)!) * d_ij v(S),
// and on it the rest of the player's Shapley value.
template <typename Game>
Eigen::MatrixXd GameInteractions(const Game& v, int m, int output, int outputs) {
  std::vector<double> value(1u << m);
  for (unsigned s = 0; s < (1u << m); ++s) value[s] = v(s)[output];
  const std::vector<double> factorial = Factorials(m);
  Eigen::MatrixXd phi = Eigen::MatrixXd::Zero(m, m);
  for (unsigned s = 0; s < (1u << m); ++s) {
    const int size = __builtin_popcount(s);
    for (int i = 0; i < m; ++i) {
      for (int j = 0; j < m; ++j) {
        if (i == j || ((s >> i) & 1) || ((s >> j) & 1)) continue;
        const double w = factorial[size] * factorial[m - size - 2] / (2 * factorial[m - 1]);
        const unsigned bi = 1u << i, bj = 1u << j;
        phi(i, j) += w * (value[s | bi | bj] - value[s | bi] - value[s | bj] + value[s]);
      }
    }
  }
  const Eigen::MatrixXd shapley = GameShapley(v, m, outputs);
  for (int i = 0; i < m; ++i) phi(i, i) = shapley(output, i) - (phi.row(i).sum() - phi(i, i));
  return phi;
}

inline void ExpectMatrixNear(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b, double tolerance,
                             const std::string& what) {
  ASSERT_EQ(a.rows(), b.rows()) << what;
  ASSERT_EQ(a.cols(), b.cols()) << what;
  for (Eigen::Index i = 0; i < a.rows(); ++i) {
    for (Eigen::Index j = 0; j < a.cols(); ++j) {
      EXPECT_NEAR(a(i, j), b(i, j), tolerance) << what << " (" << i << ", " << j << ")";
    }
  }
}

}  // namespace whyrec::testing
