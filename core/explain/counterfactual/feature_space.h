#pragma once

#include <Eigen/Core>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/matrix.h"

namespace whyrec {

// Where a feature counterfactual may move a row: per feature whether it may change, its allowed
// range, its step (0: continuous), the cost of one scaled unit of change, its scale, and the
// values the search tries.
struct FeatureSpace {
  std::vector<std::string> names;
  std::vector<bool> changeable;
  Eigen::VectorXd low, high;  // plausible values: by default the background's observed range
  Eigen::VectorXd step;       // changes are whole multiples of it (0: any change)
  Eigen::VectorXd cost;       // per scaled unit (1)
  Eigen::VectorXd scale;      // median absolute deviation of the background (else its standard
                              // deviation, else 1), as DiCE scales distances
  std::vector<std::vector<double>> grid;  // tried values per feature, without the row's own

  // Scaled, cost-weighted distance of moving `from` to `to`: the sum over features of
  // cost * |to - from| / scale (the L1 distance DiCE reports as proximity).
  double Distance(const Eigen::VectorXf& from, const Eigen::VectorXf& to) const;
  // `value` moved onto the step grid through `origin` and clamped into the range.
  double Snap(int feature, double value, double origin) const;
};

// Reads the space from settings (all optional):
//   immutable: [feature names] that must not change;
//   ranges: {feature: [low, high]} (default: the background's min and max);
//   steps: {feature: step > 0};  costs: {feature: cost > 0};
//   grid_size: values tried per feature (20, from the background's quantiles, plus the range's
//   ends).
// Unknown feature names and bad numbers are errors naming them.
FeatureSpace MakeFeatureSpace(const std::vector<std::string>& names, const RowMatrixF& background,
                              const Eigen::VectorXf& instance,
                              const nlohmann::ordered_json& settings);

}  // namespace whyrec
