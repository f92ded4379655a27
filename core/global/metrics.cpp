#include "core/global/metrics.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace whyrec {

Metric MetricFromName(const std::string& name) {
  if (name == "logloss") return Metric::kLogLoss;
  if (name == "auc") return Metric::kAuc;
  if (name == "rmse") return Metric::kRmse;
  throw std::invalid_argument("metric must be logloss, auc or rmse, got '" + name + "'");
}

const char* MetricName(Metric metric) {
  switch (metric) {
    case Metric::kLogLoss:
      return "logloss";
    case Metric::kAuc:
      return "auc";
    case Metric::kRmse:
      return "rmse";
  }
  return "?";
}

bool LowerIsBetter(Metric metric) { return metric != Metric::kAuc; }

double LogLoss(const Eigen::VectorXd& labels, const Eigen::VectorXd& probabilities) {
  double total = 0;
  for (Eigen::Index i = 0; i < labels.size(); ++i) {
    // Clamping a logit or a margin into [0, 1] would give a number, and a meaningless one.
    if (!(probabilities[i] >= 0 && probabilities[i] <= 1)) {
      throw std::invalid_argument(
          "logloss needs probabilities in [0, 1], but the model's output is " +
          std::to_string(probabilities[i]) + " for row " + std::to_string(i) +
          " (a logit or margin?): choose a probability output (--output) or another metric");
    }
    const double p = std::clamp(probabilities[i], 1e-15, 1 - 1e-15);
    total -= labels[i] * std::log(p) + (1 - labels[i]) * std::log(1 - p);
  }
  return total / static_cast<double>(labels.size());
}

double Auc(const Eigen::VectorXd& labels, const Eigen::VectorXd& scores) {
  const Eigen::Index n = labels.size();
  std::vector<Eigen::Index> order(static_cast<size_t>(n));
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](auto a, auto b) { return scores[a] < scores[b]; });
  double positive_rank_sum = 0, positives = 0;
  for (Eigen::Index i = 0; i < n;) {
    Eigen::Index j = i;
    while (j < n && scores[order[j]] == scores[order[i]]) ++j;
    const double average_rank = (static_cast<double>(i + j - 1)) / 2 + 1;
    for (Eigen::Index k = i; k < j; ++k) {
      if (labels[order[k]] > 0.5) {
        positive_rank_sum += average_rank;
        positives += 1;
      }
    }
    i = j;
  }
  const double negatives = static_cast<double>(n) - positives;
  if (positives == 0 || negatives == 0) {
    throw std::invalid_argument("AUC needs labels of both classes (0 and 1)");
  }
  return (positive_rank_sum - positives * (positives + 1) / 2) / (positives * negatives);
}

double Rmse(const Eigen::VectorXd& reference, const Eigen::VectorXd& predictions) {
  return std::sqrt((predictions - reference).squaredNorm() / static_cast<double>(reference.size()));
}

double Score(Metric metric, const Eigen::VectorXd& reference, const Eigen::VectorXd& predictions) {
  switch (metric) {
    case Metric::kLogLoss:
      return LogLoss(reference, predictions);
    case Metric::kAuc:
      return Auc(reference, predictions);
    case Metric::kRmse:
      return Rmse(reference, predictions);
  }
  return 0;
}

double StudentT975(int df) {
  static const double table[] = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306,
                                 2.262,  2.228, 2.201, 2.179, 2.160, 2.145, 2.131, 2.120,
                                 2.110,  2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
                                 2.060,  2.056, 2.052, 2.048, 2.045, 2.042};
  if (df < 1) return INFINITY;
  if (df <= 30) return table[df - 1];
  return 1.96 + 2.4 / df;  // within 0.01 of the exact quantile beyond 30
}

}  // namespace whyrec
