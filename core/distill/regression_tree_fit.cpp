#include "core/distill/regression_tree_fit.h"

#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/distill/quantile_cuts.h"

namespace whyrec {
namespace {

struct BestSplit {
  double gain = 0;
  int feature = -1;
  int last_left_bin = 0;  // non-missing bins 1..last_left_bin go left
  bool missing_left = false;
};

class TreeGrower {
 public:
  TreeGrower(const RowMatrixF& x, const Eigen::VectorXd& y, const RegressionTreeOptions& o)
      : binned_(BinColumns(x, o.max_bins)), y_(y), options_(o) {}

  Tree Grow() {
    std::vector<int> rows(y_.size());
    std::iota(rows.begin(), rows.end(), 0);
    Node(rows, 0);
    return std::move(tree_);
  }

 private:
  BestSplit FindSplit(const std::vector<int>& rows) const {
    double total = 0;
    for (int r : rows) total += y_[r];
    const double n = static_cast<double>(rows.size());
    const double parent = total * total / n;
    const double min_rows = options_.min_leaf_rows;
    BestSplit best;
    for (size_t f = 0; f < binned_.cuts.size(); ++f) {
      const int bins = binned_.bin_count(static_cast<int>(f));
      std::vector<double> sum(bins, 0.0), count(bins, 0.0);
      for (int r : rows) {
        const int b = binned_.bins[f][r];
        sum[b] += y_[r];
        count[b] += 1;
      }
      double left_sum = 0, left_count = 0;
      for (int last = 1; last < bins - 1; ++last) {
        left_sum += sum[last];
        left_count += count[last];
        for (const bool missing_left : {false, true}) {
          const double ls = left_sum + (missing_left ? sum[0] : 0.0);
          const double lc = left_count + (missing_left ? count[0] : 0.0);
          const double rc = n - lc;
          if (lc < min_rows || rc < min_rows) continue;
          const double rs = total - ls;
          const double gain = ls * ls / lc + rs * rs / rc - parent;
          if (gain > best.gain * (1 + 1e-12) + 1e-12 * std::abs(parent)) {
            best = {gain, static_cast<int>(f), last, missing_left};
          }
          if (count[0] == 0) break;  // no missing rows: both sides are the same split
        }
      }
    }
    return best;
  }

  int Node(const std::vector<int>& rows, int depth) {
    const int index = static_cast<int>(tree_.nodes.size());
    tree_.nodes.emplace_back();
    tree_.nodes[index].cover = static_cast<double>(rows.size());
    const BestSplit split = depth < options_.max_depth ? FindSplit(rows) : BestSplit();
    if (split.feature < 0) {
      double sum = 0;
      for (int r : rows) sum += y_[r];
      tree_.nodes[index].value = sum / static_cast<double>(rows.size());
      return index;
    }
    std::vector<int> left, right;
    bool saw_missing = false;
    for (int r : rows) {
      const int b = binned_.bins[split.feature][r];
      saw_missing = saw_missing || b == 0;
      const bool goes_left = b == 0 ? split.missing_left : b <= split.last_left_bin;
      (goes_left ? left : right).push_back(r);
    }
    TreeNode& node = tree_.nodes[index];
    node.feature = split.feature;
    // Bin last_left_bin holds values below cut last_left_bin - 1.
    node.threshold = binned_.cuts[split.feature][split.last_left_bin - 1];
    node.default_left = saw_missing ? split.missing_left : left.size() >= right.size();
    const int l = Node(left, depth + 1);
    const int r = Node(right, depth + 1);
    tree_.nodes[index].left = l;
    tree_.nodes[index].right = r;
    return index;
  }

  const BinnedColumns binned_;
  const Eigen::VectorXd& y_;
  const RegressionTreeOptions options_;
  Tree tree_;
};

}  // namespace

Tree FitRegressionTree(const RowMatrixF& x, const Eigen::VectorXd& target,
                       const RegressionTreeOptions& options) {
  if (options.max_depth < 0 || options.max_depth > 64) {
    throw std::invalid_argument("tree depth must be in 0..64, got " +
                                std::to_string(options.max_depth));
  }
  if (options.min_leaf_rows < 1) throw std::invalid_argument("min_leaf_rows must be >= 1");
  if (x.rows() != target.size() || x.rows() == 0) {
    throw std::invalid_argument("a regression tree needs rows and one target per row");
  }
  return TreeGrower(x, target, options).Grow();
}

}  // namespace whyrec
