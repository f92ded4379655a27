#pragma once

#include <Eigen/Core>
#include <string>
#include <vector>

namespace whyrec {

// Scores of predictions against labels for permutation importance.
enum class Metric { kLogLoss, kAuc, kRmse };

Metric MetricFromName(const std::string& name);  // "logloss", "auc", "rmse"
const char* MetricName(Metric metric);
bool LowerIsBetter(Metric metric);

// Log loss of probabilities (clipped to [1e-15, 1 - 1e-15]) against 0/1 labels.
double LogLoss(const Eigen::VectorXd& labels, const Eigen::VectorXd& probabilities);
// Area under the ROC curve by the rank-sum statistic, ties counting one half. Throws when the
// labels are all of one class.
double Auc(const Eigen::VectorXd& labels, const Eigen::VectorXd& scores);
double Rmse(const Eigen::VectorXd& reference, const Eigen::VectorXd& predictions);
double Score(Metric metric, const Eigen::VectorXd& reference, const Eigen::VectorXd& predictions);

// The two-sided 95% quantile of Student's t with `df` degrees of freedom, for intervals over a
// few repeats.
double StudentT975(int df);

}  // namespace whyrec
