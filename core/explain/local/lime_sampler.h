#pragma once

#include <Eigen/Core>
#include <string>
#include <vector>

#include "core/background.h"
#include "core/matrix.h"
#include "core/random.h"
#include "core/schema.h"

namespace whyrec {

enum class LimeDiscretizer { kQuartile, kDecile, kNone };

// lime's LimeTabularExplainer view of its training data (here the background): with a
// discretizer, every numeric feature is cut into percentile bins and a sample draws a bin by its
// frequency, then a value from a normal truncated to the bin with the bin's mean and standard
// deviation; the surrogate sees 1 where the sample is in the instance's bin. Without one, numeric
// features are drawn from N(mean, sd^2) of the background and the surrogate sees standardized
// values. Binary and categorical features draw a value by its frequency; the surrogate sees 1
// where it equals the instance's.
class LimeSampler {
 public:
  LimeSampler(const Schema& schema, const Background& background, LimeDiscretizer discretizer);

  struct Neighborhood {
    RowMatrixF rows;           // n x d model inputs; row 0 is the instance itself
    Eigen::MatrixXd features;  // n x d, what the surrogate is fitted on
  };
  Neighborhood Draw(const Eigen::VectorXf& instance, int n, Random& random) const;

  // How each feature of the instance reads next to its weight: "price <= 24.5",
  // "0.5 < price <= 2", "price > 3", or "price = 1.75" when it is not discretized.
  std::vector<std::string> Conditions(const Eigen::VectorXf& instance) const;

 private:
  // A bin of a discretized feature or a level of a categorical one.
  struct Cell {
    double frequency = 0, mean = 0, sd = 0, low = 0, high = 0;
  };
  struct FeatureModel {
    bool standardized = false;       // numeric without a discretizer
    double mean = 0, scale = 1;      // of a standardized feature
    std::vector<double> thresholds;  // of a discretized feature
    std::vector<double> levels;      // of a categorical feature
    std::vector<Cell> cells;
  };
  int CellOf(const FeatureModel& model, double x) const;

  Schema schema_;
  std::vector<FeatureModel> features_;
};

}  // namespace whyrec
