#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <vector>

namespace whyrec {

// Gradient-boosted regression trees over coalition indicators (player present or absent): a
// surrogate of a cooperative game whose Shapley values are exact and cheap, because each leaf
// is the game "every player of P present and every player of Q absent".
class CoalitionTrees {
 public:
  struct Options {
    int trees = 100;
    int depth = 4;
    double learning_rate = 0.2;
  };

  // Weighted least-squares boosting of `targets` on coalitions (one byte per player each).
  // `residuals`, when given, receives targets minus the fit on each coalition.
  static CoalitionTrees Fit(int players, const std::vector<const uint8_t*>& coalitions,
                            const Eigen::VectorXd& targets, const Eigen::VectorXd& weights,
                            const Options& options, Eigen::VectorXd* residuals = nullptr);

  double Predict(const uint8_t* present) const;
  // Shapley values of the game S -> Predict(S) (baseline: every player absent).
  Eigen::VectorXd ShapleyValues() const;

 private:
  struct Node {
    int player = -1;  // -1 for a leaf
    int absent = -1, present = -1;
    double value = 0;
  };
  using Indicators = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  // A node's rows, summarised per player: weight and weighted residual where it is present.
  struct NodeSums {
    double weight = 0, sum = 0;
    Eigen::RowVectorXd present_weight, present_sum;
  };
  struct Training {
    Indicators z;  // one row per coalition, 0 or 1 per player
    Eigen::VectorXd residual, weights;
    std::vector<int> spill;  // scratch of the row partition, one entry per row
  };
  explicit CoalitionTrees(int players) : players_(players) {}
  // A node's rows are a range of one index array, partitioned in place as the tree grows.
  struct Rows {
    int* begin;
    int* end;
    size_t size() const { return static_cast<size_t>(end - begin); }
  };
  NodeSums Sum(const Training& data, Rows rows) const;
  int Grow(std::vector<Node>* tree, Training* data, Rows rows, const NodeSums& sums,
           std::vector<char>* used, int depth, const Options& options);

  int players_;
  std::vector<std::vector<Node>> trees_;
};

}  // namespace whyrec
