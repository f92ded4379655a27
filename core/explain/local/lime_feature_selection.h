#pragma once

#include <Eigen/Core>
#include <string>
#include <vector>

namespace whyrec {

// lime's ways of choosing the K features the surrogate is fitted on:
// - forward_selection: greedily adds the feature that most raises the weighted R^2 of a
//   least-squares fit;
// - highest_weights: the K largest |coefficient x instance feature| of a ridge fit (alpha 0.01)
//   on all features;
// - lasso_path: the most features (at most K) active at a point of the weighted lasso's LARS
//   path, taken from its least regularized end;
// - none: all features; auto: forward_selection when K <= 6, else highest_weights.
enum class FeatureSelection { kAuto, kForward, kHighestWeights, kLassoPath, kNone };

std::vector<std::string> FeatureSelectionNames();
FeatureSelection FeatureSelectionFromName(const std::string& name);

// Indices of the chosen columns of x (n x d samples, row 0 the instance), in the order chosen.
std::vector<int> SelectFeatures(FeatureSelection method, const Eigen::MatrixXd& x,
                                const Eigen::VectorXd& y, const Eigen::VectorXd& weights, int k);

// The lasso path of y on x (no intercept: center first) by LARS with the lasso modification
// (Efron et al. 2004): the coefficients at every breakpoint, from all zeros to least squares.
std::vector<Eigen::VectorXd> LarsLassoPath(const Eigen::MatrixXd& x, const Eigen::VectorXd& y);

}  // namespace whyrec
