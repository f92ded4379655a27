#include "core/background_summary.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/explain/settings.h"
#include "core/missing_values.h"
#include "core/random.h"

namespace whyrec {
namespace {

constexpr int kMaxIterations = 100;

int Nearest(const Eigen::MatrixXd& centroids, const Eigen::RowVectorXd& row, double* distance) {
  int best = 0;
  double best_distance = std::numeric_limits<double>::infinity();
  for (Eigen::Index c = 0; c < centroids.rows(); ++c) {
    const double d = (centroids.row(c) - row).squaredNorm();
    if (d < best_distance) {
      best_distance = d;
      best = static_cast<int>(c);
    }
  }
  if (distance) *distance = best_distance;
  return best;
}

// Weighted k-means++: each next seed is drawn with probability proportional to weight times
// squared distance to the nearest seed so far.
Eigen::MatrixXd SeedCentroids(const Eigen::MatrixXd& x, const Eigen::VectorXd& w, int k,
                              Random& random) {
  const Eigen::Index n = x.rows();
  Eigen::MatrixXd centroids(k, x.cols());
  auto draw = [&](const Eigen::VectorXd& mass) {
    double target = random.Uniform() * mass.sum();
    for (Eigen::Index i = 0; i < n; ++i) {
      target -= mass[i];
      if (target < 0) return i;
    }
    return n - 1;
  };
  centroids.row(0) = x.row(draw(w));
  Eigen::VectorXd nearest(n);
  for (Eigen::Index i = 0; i < n; ++i) nearest[i] = (x.row(i) - centroids.row(0)).squaredNorm();
  for (int c = 1; c < k; ++c) {
    const Eigen::VectorXd mass = w.cwiseProduct(nearest);
    centroids.row(c) = x.row(mass.sum() > 0 ? draw(mass) : draw(w));
    for (Eigen::Index i = 0; i < n; ++i) {
      nearest[i] = std::min(nearest[i], (x.row(i) - centroids.row(c)).squaredNorm());
    }
  }
  return centroids;
}

}  // namespace

Background SummarizeBackground(const Background& background, int k, uint64_t seed) {
  const Eigen::Index n = background.size();
  if (k < 1 || k > n) {
    throw std::invalid_argument("background summary: k = " + std::to_string(k) +
                                " must be between 1 and the background's " + std::to_string(n) +
                                " rows");
  }
  if (k == n) return background;
  // A centroid of rows with and without a value has no honest value to snap to.
  RequireComplete(background.rows(), {}, "background",
                  "a background summary (k-means) needs complete rows (impute the missing "
                  "value, or give no background summary)");
  const Eigen::MatrixXd raw = background.rows().cast<double>();
  const Eigen::VectorXd& w = background.weights();
  const Eigen::RowVectorXd mean = w.transpose() * raw;
  Eigen::RowVectorXd scale =
      ((raw.rowwise() - mean).array().square().colwise() * w.array()).colwise().sum().sqrt();
  for (Eigen::Index j = 0; j < scale.size(); ++j) {
    if (!(scale[j] > 0)) scale[j] = 1;
  }
  const Eigen::MatrixXd x = (raw.rowwise() - mean).array().rowwise() / scale.array();

  Random random(seed);
  Eigen::MatrixXd centroids = SeedCentroids(x, w, k, random);
  std::vector<int> assignment(n, -1);
  for (int iteration = 0; iteration < kMaxIterations; ++iteration) {
    bool changed = false;
    for (Eigen::Index i = 0; i < n; ++i) {
      const int c = Nearest(centroids, x.row(i), nullptr);
      changed = changed || c != assignment[i];
      assignment[i] = c;
    }
    if (!changed) break;
    Eigen::MatrixXd sums = Eigen::MatrixXd::Zero(k, x.cols());
    Eigen::VectorXd mass = Eigen::VectorXd::Zero(k);
    for (Eigen::Index i = 0; i < n; ++i) {
      sums.row(assignment[i]) += w[i] * x.row(i);
      mass[assignment[i]] += w[i];
    }
    for (int c = 0; c < k; ++c) {
      if (mass[c] > 0) centroids.row(c) = sums.row(c) / mass[c];
    }
  }

  Eigen::VectorXd mass = Eigen::VectorXd::Zero(k);
  Eigen::MatrixXd sums = Eigen::MatrixXd::Zero(k, raw.cols());
  for (Eigen::Index i = 0; i < n; ++i) {
    mass[assignment[i]] += w[i];
    sums.row(assignment[i]) += w[i] * raw.row(i);
  }
  std::vector<int> kept;
  for (int c = 0; c < k; ++c) {
    if (mass[c] > 0) kept.push_back(c);
  }
  RowMatrixF rows(static_cast<Eigen::Index>(kept.size()), raw.cols());
  Eigen::VectorXd weights(static_cast<Eigen::Index>(kept.size()));
  for (size_t r = 0; r < kept.size(); ++r) {
    const int c = kept[r];
    weights[r] = mass[c];
    for (Eigen::Index j = 0; j < raw.cols(); ++j) {
      const double centre = sums(c, j) / mass[c];
      Eigen::Index nearest = 0;
      (raw.col(j).array() - centre).abs().minCoeff(&nearest);
      rows(static_cast<Eigen::Index>(r), j) = static_cast<float>(raw(nearest, j));
    }
  }
  return Background(std::move(rows), std::move(weights));
}

Background BackgroundForSettings(Background background, const nlohmann::ordered_json& settings) {
  const Settings s(settings);
  const int64_t k = s.Int("background_summary", 0, 1, 1 << 30);
  if (k == 0) return background;
  return SummarizeBackground(background, static_cast<int>(k), s.Seed().value_or(0));
}

}  // namespace whyrec
