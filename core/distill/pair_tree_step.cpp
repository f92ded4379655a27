#include "core/distill/pair_tree_step.h"

#include <Eigen/Core>
#include <utility>

#include "core/distill/leaf_sums.h"

namespace whyrec {
namespace {

// Sums and counts over rectangles of the pair's table, from 2-D prefix sums, seen transposed when
// the second feature is the one cut first.
class Rectangles {
 public:
  Rectangles(const std::vector<double>& sum, const std::vector<double>& count, int rows,
             int columns)
      : s_(Eigen::MatrixXd::Zero(rows + 1, columns + 1)),
        c_(Eigen::MatrixXd::Zero(rows + 1, columns + 1)) {
    for (int a = 1; a <= rows; ++a) {
      for (int b = 1; b <= columns; ++b) {
        const int cell = (a - 1) * columns + (b - 1);
        s_(a, b) = sum[cell] + s_(a - 1, b) + s_(a, b - 1) - s_(a - 1, b - 1);
        c_(a, b) = count[cell] + c_(a - 1, b) + c_(a, b - 1) - c_(a - 1, b - 1);
      }
    }
  }
  void Transpose(bool transposed) { transposed_ = transposed; }
  // Bins [0, first) of the feature cut first and [0, second) of the other.
  double Sum(int first, int second) const { return At(s_, first, second); }
  double Count(int first, int second) const { return At(c_, first, second); }
  int first_bins() const { return static_cast<int>(transposed_ ? s_.cols() : s_.rows()) - 1; }
  int second_bins() const { return static_cast<int>(transposed_ ? s_.rows() : s_.cols()) - 1; }

 private:
  double At(const Eigen::MatrixXd& m, int first, int second) const {
    return transposed_ ? m(second, first) : m(first, second);
  }
  Eigen::MatrixXd s_, c_;
  bool transposed_ = false;
};

// One side of the first cut (bins [low, high) of the feature cut first): the cut of the other
// feature that explains the most of its residual, or `second_bins` for none.
struct SideCut {
  int cut = 0;
  double explained = 0.0;
};

SideCut BestSideCut(const Rectangles& r, int low, int high, int min_leaf, Random* random) {
  const int bins = r.second_bins();
  const double total_sum = r.Sum(high, bins) - r.Sum(low, bins);
  const double total_count = r.Count(high, bins) - r.Count(low, bins);
  SideCut best{bins, Explained(total_sum, total_count)};
  std::vector<int> valid;
  for (int j = 1; j < bins; ++j) {
    const double ls = r.Sum(high, j) - r.Sum(low, j), lc = r.Count(high, j) - r.Count(low, j);
    if (lc < min_leaf || total_count - lc < min_leaf) continue;
    if (random) {
      valid.push_back(j);
      continue;
    }
    const double gain = Explained(ls, lc) + Explained(total_sum - ls, total_count - lc);
    if (gain > best.explained) best = {j, gain};
  }
  if (random && !valid.empty()) best.cut = valid[random->Below(valid.size())];
  return best;
}

struct PairTree {
  bool transposed = false;
  int first_cut = 0;  // first_bins: no cut
  int low_cut = 0, high_cut = 0;
  double explained = 0.0;
};

}  // namespace

void PairTreeStep(const std::vector<double>& sum, const std::vector<double>& count, int rows,
                  int columns, double rate, int min_leaf, Random* random,
                  std::vector<double>* step) {
  Rectangles r(sum, count, rows, columns);
  const double total_sum = r.Sum(rows, columns), total_count = r.Count(rows, columns);
  PairTree best{false, rows, columns, columns, Explained(total_sum, total_count)};
  std::vector<PairTree> valid;
  for (bool transposed : {false, true}) {
    r.Transpose(transposed);
    const int first_bins = r.first_bins(), second_bins = r.second_bins();
    for (int i = 1; i < first_bins; ++i) {
      const double low_count = r.Count(i, second_bins);
      if (low_count < min_leaf || total_count - low_count < min_leaf) continue;
      const SideCut low = BestSideCut(r, 0, i, min_leaf, random);
      const SideCut high = BestSideCut(r, i, first_bins, min_leaf, random);
      const PairTree tree{transposed, i, low.cut, high.cut, low.explained + high.explained};
      if (random) {
        valid.push_back(tree);
      } else if (tree.explained > best.explained) {
        best = tree;
      }
    }
  }
  if (random && !valid.empty()) best = valid[random->Below(valid.size())];
  r.Transpose(best.transposed);
  const int first_bins = r.first_bins(), second_bins = r.second_bins();
  // Each leaf's mean, indexed by side of the first cut and side of that side's second cut.
  double leaf[2][2];
  for (int side = 0; side < 2; ++side) {
    const int low = side == 0 ? 0 : best.first_cut, high = side == 0 ? best.first_cut : first_bins;
    const int cut = side == 0 ? best.low_cut : best.high_cut;
    const double s = r.Sum(high, cut) - r.Sum(low, cut), c = r.Count(high, cut) - r.Count(low, cut);
    const double ts = r.Sum(high, second_bins) - r.Sum(low, second_bins);
    const double tc = r.Count(high, second_bins) - r.Count(low, second_bins);
    leaf[side][0] = rate * Mean(s, c);
    leaf[side][1] = rate * Mean(ts - s, tc - c);
  }
  for (int a = 0; a < rows; ++a) {
    for (int b = 0; b < columns; ++b) {
      const int first = best.transposed ? b : a, second = best.transposed ? a : b;
      const int side = first < best.first_cut ? 0 : 1;
      const int cut = side == 0 ? best.low_cut : best.high_cut;
      (*step)[a * columns + b] = leaf[side][second < cut ? 0 : 1];
    }
  }
}

}  // namespace whyrec
