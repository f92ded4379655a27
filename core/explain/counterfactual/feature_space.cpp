#include "core/explain/counterfactual/feature_space.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace whyrec {
namespace {

int FeatureIndex(const std::vector<std::string>& names, const std::string& name,
                 const std::string& setting) {
  const auto it = std::find(names.begin(), names.end(), name);
  if (it == names.end()) {
    throw std::invalid_argument("setting '" + setting + "' names '" + name +
                                "', which is not a feature");
  }
  return static_cast<int>(it - names.begin());
}

double PositiveNumber(const nlohmann::ordered_json& value, const std::string& where) {
  if (!value.is_number() || !(value.get<double>() > 0) || !std::isfinite(value.get<double>())) {
    throw std::invalid_argument(where + " must be a positive number, got " + value.dump());
  }
  return value.get<double>();
}

double Median(std::vector<double> values) {
  const size_t mid = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + mid, values.end());
  const double upper = values[mid];
  if (values.size() % 2 == 1) return upper;
  return (*std::max_element(values.begin(), values.begin() + mid) + upper) / 2;
}

double Scale(const std::vector<double>& column) {
  const double median = Median(column);
  std::vector<double> deviations;
  for (double x : column) deviations.push_back(std::abs(x - median));
  const double mad = Median(deviations);
  if (mad > 0) return mad;
  double mean = 0, squares = 0;
  for (double x : column) mean += x / static_cast<double>(column.size());
  for (double x : column) squares += (x - mean) * (x - mean);
  const double sd = std::sqrt(squares / static_cast<double>(column.size()));
  return sd > 0 ? sd : 1.0;
}

// Quantiles at evenly spaced probabilities (linear interpolation, as numpy's default).
std::vector<double> Quantiles(std::vector<double> column, int count) {
  std::sort(column.begin(), column.end());
  std::vector<double> out;
  for (int q = 0; q < count; ++q) {
    const double position = static_cast<double>(q) / (count - 1) * (column.size() - 1);
    const size_t below = static_cast<size_t>(std::floor(position));
    const size_t above = std::min(below + 1, column.size() - 1);
    out.push_back(column[below] + (position - below) * (column[above] - column[below]));
  }
  return out;
}

}  // namespace

double FeatureSpace::Distance(const Eigen::VectorXf& from, const Eigen::VectorXf& to) const {
  double total = 0;
  for (Eigen::Index j = 0; j < from.size(); ++j) {
    total += cost[j] * std::abs(double(to[j]) - double(from[j])) / scale[j];
  }
  return total;
}

double FeatureSpace::Snap(int feature, double value, double origin) const {
  double snapped = value;
  if (step[feature] > 0) {
    snapped = origin + std::round((value - origin) / step[feature]) * step[feature];
    // Rounding may step out of the range: step back in, toward the origin.
    while (snapped > high[feature] + 1e-12 && snapped - step[feature] >= origin - 1e-12) {
      snapped -= step[feature];
    }
    while (snapped < low[feature] - 1e-12 && snapped + step[feature] <= origin + 1e-12) {
      snapped += step[feature];
    }
  }
  return std::clamp(snapped, low[feature], high[feature]);
}

FeatureSpace MakeFeatureSpace(const std::vector<std::string>& names, const RowMatrixF& background,
                              const Eigen::VectorXf& instance,
                              const nlohmann::ordered_json& settings) {
  const int width = static_cast<int>(names.size());
  if (background.rows() < 1 || background.cols() != width) {
    throw std::invalid_argument("a feature counterfactual needs background rows of " +
                                std::to_string(width) + " features");
  }
  FeatureSpace space;
  space.names = names;
  space.changeable.assign(width, true);
  space.low.resize(width);
  space.high.resize(width);
  space.step = Eigen::VectorXd::Zero(width);
  space.cost = Eigen::VectorXd::Ones(width);
  space.scale.resize(width);
  std::vector<std::vector<double>> columns(width);
  for (int j = 0; j < width; ++j) {
    for (Eigen::Index r = 0; r < background.rows(); ++r) {
      const double x = background(r, j);
      if (!std::isfinite(x)) {
        throw std::invalid_argument("background row " + std::to_string(r) + ", feature '" +
                                    names[j] + "': a feature counterfactual needs finite values");
      }
      columns[j].push_back(x);
    }
    space.low[j] = *std::min_element(columns[j].begin(), columns[j].end());
    space.high[j] = *std::max_element(columns[j].begin(), columns[j].end());
    space.scale[j] = Scale(columns[j]);
  }
  const auto object = [&](const char* key) {
    const auto it = settings.find(key);
    if (it == settings.end()) return nlohmann::ordered_json::object();
    if (!it->is_object()) {
      throw std::invalid_argument(std::string("setting '") + key +
                                  "' must be an object {feature: ...}");
    }
    return *it;
  };
  if (const auto it = settings.find("immutable"); it != settings.end()) {
    if (!it->is_array()) throw std::invalid_argument("setting 'immutable' must be a list of names");
    for (const auto& name : *it) {
      if (!name.is_string()) throw std::invalid_argument("setting 'immutable' must list names");
      space.changeable[FeatureIndex(names, name.get<std::string>(), "immutable")] = false;
    }
  }
  const nlohmann::ordered_json ranges = object("ranges"), steps = object("steps"),
                               costs = object("costs");
  for (const auto& [name, range] : ranges.items()) {
    const int j = FeatureIndex(names, name, "ranges");
    if (!range.is_array() || range.size() != 2 || !range[0].is_number() || !range[1].is_number() ||
        !(range[0].get<double>() <= range[1].get<double>())) {
      throw std::invalid_argument("setting 'ranges' for '" + name +
                                  "' must be [low, high] with low <= high, got " + range.dump());
    }
    space.low[j] = range[0];
    space.high[j] = range[1];
  }
  for (const auto& [name, step] : steps.items()) {
    space.step[FeatureIndex(names, name, "steps")] = PositiveNumber(step, "step of '" + name + "'");
  }
  for (const auto& [name, cost] : costs.items()) {
    space.cost[FeatureIndex(names, name, "costs")] = PositiveNumber(cost, "cost of '" + name + "'");
  }
  int grid_size = 20;
  if (const auto it = settings.find("grid_size"); it != settings.end()) {
    if (!it->is_number_integer() || it->get<int64_t>() < 2 || it->get<int64_t>() > 1000) {
      throw std::invalid_argument("setting 'grid_size' must be an integer from 2 to 1000, got " +
                                  it->dump());
    }
    grid_size = it->get<int>();
  }
  space.grid.resize(width);
  for (int j = 0; j < width; ++j) {
    if (!space.changeable[j]) continue;
    std::vector<double> values = Quantiles(columns[j], grid_size);
    values.push_back(space.low[j]);
    values.push_back(space.high[j]);
    for (double& v : values) v = space.Snap(j, v, instance[j]);
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    values.erase(std::remove(values.begin(), values.end(), double(instance[j])), values.end());
    space.grid[j] = std::move(values);
  }
  return space;
}

}  // namespace whyrec
