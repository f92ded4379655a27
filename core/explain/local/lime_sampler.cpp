#include "core/explain/local/lime_sampler.h"

#include <algorithm>
#include <cmath>

#include "core/explain/local/percentile_bins.h"
#include "core/explain/local/truncated_normal.h"
#include "core/weighted_index.h"

namespace whyrec {
namespace {

std::vector<double> Percentiles(LimeDiscretizer discretizer) {
  if (discretizer == LimeDiscretizer::kDecile) return {10, 20, 30, 40, 50, 60, 70, 80, 90};
  return {25, 50, 75};
}

// Weighted mean and population standard deviation of the values whose selector is true.
struct Moments {
  double weight = 0, mean = 0, sd = 0;
};

Moments WeightedMoments(const std::vector<double>& values, const Eigen::VectorXd& weights,
                        const std::vector<bool>& selected) {
  Moments m;
  double sum = 0, squares = 0;
  for (size_t i = 0; i < values.size(); ++i) {
    if (!selected[i]) continue;
    m.weight += weights[static_cast<Eigen::Index>(i)];
    sum += weights[static_cast<Eigen::Index>(i)] * values[i];
  }
  if (m.weight <= 0) return m;
  m.mean = sum / m.weight;
  for (size_t i = 0; i < values.size(); ++i) {
    if (selected[i])
      squares += weights[static_cast<Eigen::Index>(i)] * std::pow(values[i] - m.mean, 2);
  }
  m.sd = std::sqrt(squares / m.weight);
  return m;
}

}  // namespace

LimeSampler::LimeSampler(const Schema& schema, const Background& background,
                         LimeDiscretizer discretizer)
    : schema_(schema) {
  const Eigen::VectorXd& w = background.weights();
  for (int j = 0; j < schema.width(); ++j) {
    std::vector<double> column(static_cast<size_t>(background.size()));
    for (Eigen::Index i = 0; i < background.size(); ++i) column[i] = background.rows()(i, j);
    const auto [lowest, highest] = std::minmax_element(column.begin(), column.end());
    FeatureModel model;
    if (schema.features()[j].kind != FeatureKind::kNumeric) {
      model.levels = column;
      std::sort(model.levels.begin(), model.levels.end());
      model.levels.erase(std::unique(model.levels.begin(), model.levels.end()), model.levels.end());
    } else if (discretizer == LimeDiscretizer::kNone) {
      const Moments m = WeightedMoments(column, w, std::vector<bool>(column.size(), true));
      model.standardized = true;
      model.mean = m.mean;
      model.scale = m.sd > 0 ? m.sd : 1.0;  // sklearn's StandardScaler leaves constant columns
      features_.push_back(std::move(model));
      continue;
    } else {
      model.thresholds = PercentileBins(background, j, Percentiles(discretizer)).thresholds();
    }
    const int cells = model.levels.empty() ? static_cast<int>(model.thresholds.size()) + 1
                                           : static_cast<int>(model.levels.size());
    for (int c = 0; c < cells; ++c) {
      std::vector<bool> in_cell(column.size());
      for (size_t i = 0; i < column.size(); ++i) in_cell[i] = CellOf(model, column[i]) == c;
      const Moments m = WeightedMoments(column, w, in_cell);
      Cell cell;
      cell.frequency = m.weight;
      cell.mean = m.mean;
      cell.sd = m.sd;
      if (model.levels.empty()) {
        cell.low = c == 0 ? *lowest : model.thresholds[c - 1];
        cell.high = c + 1 == cells ? *highest : model.thresholds[c];
      } else {
        cell.low = cell.high = cell.mean = model.levels[c];
      }
      model.cells.push_back(cell);
    }
    features_.push_back(std::move(model));
  }
}

int LimeSampler::CellOf(const FeatureModel& model, double x) const {
  if (!model.levels.empty()) {
    const auto it = std::lower_bound(model.levels.begin(), model.levels.end(), x);
    return it != model.levels.end() && *it == x ? static_cast<int>(it - model.levels.begin()) : -1;
  }
  return static_cast<int>(std::lower_bound(model.thresholds.begin(), model.thresholds.end(), x) -
                          model.thresholds.begin());
}

LimeSampler::Neighborhood LimeSampler::Draw(const Eigen::VectorXf& instance, int n,
                                            Random& random) const {
  const int d = schema_.width();
  Neighborhood out{RowMatrixF(n, d), Eigen::MatrixXd(n, d)};
  for (int j = 0; j < d; ++j) {
    const FeatureModel& model = features_[j];
    out.rows(0, j) = instance[j];
    if (model.standardized) {
      out.features(0, j) = (instance[j] - model.mean) / model.scale;
      for (int i = 1; i < n; ++i) {
        const float value = static_cast<float>(model.mean + model.scale * random.Normal());
        out.rows(i, j) = value;
        out.features(i, j) = (value - model.mean) / model.scale;
      }
      continue;
    }
    std::vector<double> frequencies;
    for (const Cell& cell : model.cells) frequencies.push_back(cell.frequency);
    const WeightedIndex draw_cell(frequencies);
    const int instance_cell = CellOf(model, instance[j]);
    out.features(0, j) = 1.0;
    for (int i = 1; i < n; ++i) {
      const int c = draw_cell.Draw(random);
      const Cell& cell = model.cells[c];
      out.rows(i, j) = static_cast<float>(
          model.levels.empty() ? TruncatedNormal(cell.mean, cell.sd, cell.low, cell.high, random)
                               : cell.mean);
      out.features(i, j) = c == instance_cell ? 1.0 : 0.0;
    }
  }
  return out;
}

std::vector<std::string> LimeSampler::Conditions(const Eigen::VectorXf& instance) const {
  std::vector<std::string> conditions;
  for (int j = 0; j < schema_.width(); ++j) {
    const FeatureModel& model = features_[j];
    const std::string& name = schema_.features()[j].name;
    const std::vector<double>& q = model.thresholds;
    if (q.empty()) {
      conditions.push_back(name + " = " + FormatThreshold(instance[j]));
      continue;
    }
    const int bin = CellOf(model, instance[j]);
    if (bin == 0) {
      conditions.push_back(name + " <= " + FormatThreshold(q[0]));
    } else if (bin == static_cast<int>(q.size())) {
      conditions.push_back(name + " > " + FormatThreshold(q.back()));
    } else {
      conditions.push_back(FormatThreshold(q[bin - 1]) + " < " + name +
                           " <= " + FormatThreshold(q[bin]));
    }
  }
  return conditions;
}

}  // namespace whyrec
