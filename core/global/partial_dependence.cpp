#include "core/global/partial_dependence.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "core/background.h"
#include "core/explain/local/percentile_bins.h"

namespace whyrec {
namespace {

std::vector<int> RequireColumns(const Schema& schema, std::vector<int> columns) {
  if (columns.empty() || columns.size() > 2) {
    throw std::invalid_argument("partial dependence takes one feature or a pair, got " +
                                std::to_string(columns.size()));
  }
  for (int c : columns) {
    if (c < 0 || c >= schema.width()) throw std::invalid_argument("no such feature column");
  }
  return columns;
}

std::vector<std::vector<double>> Grids(const RowMatrixF& data, const std::vector<int>& columns,
                                       int resolution) {
  if (resolution < 2) throw std::invalid_argument("grid_resolution must be >= 2");
  if (data.rows() < 1) throw std::invalid_argument("partial dependence needs at least one row");
  std::vector<std::vector<double>> grids;
  for (int c : columns) grids.push_back(PartialDependenceGrid(data, c, resolution));
  return grids;
}

int64_t GridPoints(const std::vector<std::vector<double>>& grids) {
  int64_t points = 1;
  for (const auto& grid : grids) points *= static_cast<int64_t>(grid.size());
  return points;
}

}  // namespace

std::vector<double> PartialDependenceGrid(const RowMatrixF& data, int column, int resolution) {
  // The grid spans the known values: every row's value is replaced by each grid point, so a
  // row whose value is missing still contributes (its other features stay as they are).
  std::vector<float> known;
  for (Eigen::Index i = 0; i < data.rows(); ++i) {
    if (!std::isnan(data(i, column))) known.push_back(data(i, column));
  }
  if (known.empty()) {
    throw std::invalid_argument("partial dependence: column " + std::to_string(column) +
                                " has only missing values");
  }
  std::vector<double> values(known.begin(), known.end());
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  if (static_cast<int>(values.size()) <= resolution) return values;
  const Background uniform = Background::Uniform(
      Eigen::Map<RowMatrixF>(known.data(), static_cast<Eigen::Index>(known.size()), 1));
  const double low = WeightedPercentile(uniform, 0, 5);
  const double high = WeightedPercentile(uniform, 0, 95);
  std::vector<double> grid;
  for (int i = 0; i < resolution; ++i) grid.push_back(low + (high - low) * i / (resolution - 1));
  return grid;
}

PartialDependence::PartialDependence(const Schema& schema, RowMatrixF data,
                                     std::vector<int> columns, int grid_resolution,
                                     int64_t max_batch_rows)
    : data_(std::move(data)),
      columns_(RequireColumns(schema, std::move(columns))),
      grids_(Grids(data_, columns_, grid_resolution)),
      steps_(GridPoints(grids_), data_.rows(), static_cast<int>(data_.cols()), max_batch_rows,
             [this](int64_t step, RowMatrixF* out, Eigen::Index first) {
               out->middleRows(first, data_.rows()) = data_;
               const int64_t second =
                   grids_.size() == 2 ? static_cast<int64_t>(grids_[1].size()) : 1;
               out->middleRows(first, data_.rows())
                   .col(columns_[0])
                   .setConstant(static_cast<float>(grids_[0][step / second]));
               if (grids_.size() == 2) {
                 out->middleRows(first, data_.rows())
                     .col(columns_[1])
                     .setConstant(static_cast<float>(grids_[1][step % second]));
               }
             }) {
  if (data_.cols() != schema.width()) {
    throw std::invalid_argument("the data has " + std::to_string(data_.cols()) +
                                " columns but the schema has " + std::to_string(schema.width()));
  }
  for (int c : columns_) names_.push_back(schema.features()[c].name);
}

PartialDependenceResult PartialDependence::result() const {
  if (!steps_.done()) throw std::logic_error("result() was called before every step was told");
  PartialDependenceResult r;
  r.features = names_;
  r.grids = grids_;
  const Eigen::Index second = grids_.size() == 2 ? static_cast<Eigen::Index>(grids_[1].size()) : 1;
  r.average.resize(static_cast<Eigen::Index>(grids_[0].size()), second);
  const Eigen::VectorXd means = steps_.outputs().colwise().mean();
  for (Eigen::Index i = 0; i < r.average.rows(); ++i) {
    for (Eigen::Index j = 0; j < second; ++j) r.average(i, j) = means[i * second + j];
  }
  r.evaluations = steps_.evaluations();
  return r;
}

}  // namespace whyrec
