#include "core/global/accumulated_local_effects.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "core/background.h"
#include "core/explain/local/percentile_bins.h"

namespace whyrec {
std::vector<double> AleEdges(const RowMatrixF& data, int column, int bins) {
  if (column < 0 || column >= data.cols()) throw std::invalid_argument("ALE: no such column");
  if (bins < 1) throw std::invalid_argument("ALE needs at least one bin");
  if (data.rows() < 2) throw std::invalid_argument("ALE needs at least 2 rows");
  const Eigen::Index missing = data.col(column).array().isNaN().count();
  if (missing > 0) {
    throw std::invalid_argument(
        "ALE bins rows by the feature's value and cannot place a missing one: column " +
        std::to_string(column) + " has " + std::to_string(missing) +
        " missing values (impute them, or leave those rows out)");
  }
  const Background uniform = Background::Uniform(data);
  std::vector<double> edges;
  for (int k = 0; k <= bins; ++k) {
    edges.push_back(WeightedPercentile(uniform, column, 100.0 * k / bins));
  }
  edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
  if (edges.size() < 2) {
    throw std::invalid_argument("ALE needs a feature with at least two distinct values");
  }
  return edges;
}

int AleBin(const std::vector<double>& edges, double x) {
  const int k = static_cast<int>(std::lower_bound(edges.begin(), edges.end(), x) - edges.begin());
  return std::clamp(k, 1, static_cast<int>(edges.size()) - 1);
}

AccumulatedLocalEffects::AccumulatedLocalEffects(const Schema& schema, RowMatrixF data, int column,
                                                 int bins, int64_t max_batch_rows)
    : data_(std::move(data)),
      column_(column),
      edges_(AleEdges(data_, column_, bins)),
      steps_(2, data_.rows(), static_cast<int>(data_.cols()), max_batch_rows,
             [this](int64_t step, RowMatrixF* out, Eigen::Index first) {
               out->middleRows(first, data_.rows()) = data_;
               for (Eigen::Index i = 0; i < data_.rows(); ++i) {
                 const int bin = bin_of_row_[i];
                 (*out)(first + i, column_) = static_cast<float>(edges_[step == 0 ? bin - 1 : bin]);
               }
             }) {
  if (column < 0 || column >= schema.width() || data_.cols() != schema.width()) {
    throw std::invalid_argument("ALE: no such feature column, or the data does not fit the schema");
  }
  name_ = schema.features()[column].name;
  for (Eigen::Index i = 0; i < data_.rows(); ++i) {
    bin_of_row_.push_back(AleBin(edges_, data_(i, column_)));
  }
}

AleResult AccumulatedLocalEffects::result() const {
  if (!steps_.done()) throw std::logic_error("result() was called before every step was told");
  const int bins = static_cast<int>(edges_.size()) - 1;
  const Eigen::MatrixXd& outputs = steps_.outputs();
  std::vector<double> sums(bins + 1, 0.0);
  AleResult r;
  r.feature = name_;
  r.edges = edges_;
  r.counts.assign(bins, 0);
  for (Eigen::Index i = 0; i < data_.rows(); ++i) {
    sums[bin_of_row_[i]] += outputs(i, 1) - outputs(i, 0);
    ++r.counts[bin_of_row_[i] - 1];
  }
  std::vector<double> uncentered(bins + 1, 0.0);
  for (int k = 1; k <= bins; ++k) {
    uncentered[k] = uncentered[k - 1] + (r.counts[k - 1] ? sums[k] / r.counts[k - 1] : 0.0);
  }
  double center = 0;
  for (int k = 1; k <= bins; ++k) {
    center += r.counts[k - 1] * (uncentered[k - 1] + uncentered[k]) / 2;
  }
  center /= static_cast<double>(data_.rows());
  for (double u : uncentered) r.effect.push_back(u - center);
  r.evaluations = steps_.evaluations();
  return r;
}

}  // namespace whyrec
