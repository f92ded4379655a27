#pragma once

#include <Eigen/Core>
#include <cmath>
#include <string>
#include <vector>

#include "core/matrix.h"
#include "core/random.h"

namespace whyrec {

// A planted GA2M on five uniform(-1, 1) features, for the distillation tests:
// f = x0^2 + 2 x1 + [x2 >= 0.3] + 1.5 x3 x4 (one interaction; x3 and x4 have no main effect).
struct PlantedData {
  RowMatrixF x;
  Eigen::VectorXd y;
  std::vector<std::string> names = {"x0", "x1", "x2", "x3", "x4"};
};

inline double PlantedMain(int feature, double v) {
  switch (feature) {
    case 0:
      return v * v;
    case 1:
      return 2.0 * v;
    case 2:
      return v >= 0.3 ? 1.0 : 0.0;
    default:
      return 0.0;
  }
}

inline double PlantedPair(double x3, double x4) { return 1.5 * x3 * x4; }

// `rows` rows of five uniform(-1, 1) features, drawn row by row.
inline RowMatrixF UniformRows(int rows, uint64_t seed) {
  Random random(seed);
  RowMatrixF x(rows, 5);
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < 5; ++c) x(r, c) = static_cast<float>(2.0 * random.Uniform() - 1.0);
  }
  return x;
}

// The planted function on each row of x: a teacher that can score any row.
inline Eigen::VectorXd PlantedScores(const RowMatrixF& x) {
  Eigen::VectorXd y(x.rows());
  for (Eigen::Index r = 0; r < x.rows(); ++r) {
    y[r] = PlantedPair(x(r, 3), x(r, 4));
    for (int c = 0; c < 3; ++c) y[r] += PlantedMain(c, x(r, c));
  }
  return y;
}

inline PlantedData Planted(int rows, uint64_t seed) {
  PlantedData d;
  d.x = UniformRows(rows, seed);
  d.y = PlantedScores(d.x);
  return d;
}

}  // namespace whyrec
