#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/background.h"
#include "core/explain/explainer.h"
#include "core/explain/local/lime_feature_selection.h"
#include "core/explain/local/lime_sampler.h"
#include "core/schema.h"

namespace whyrec {

// lime's defaults (LimeTabularExplainer and explain_instance), so that results compare.
struct LimeOptions {
  int64_t num_samples = 5000;  // including the instance itself, as lime counts
  LimeDiscretizer discretizer = LimeDiscretizer::kQuartile;
  FeatureSelection feature_selection = FeatureSelection::kAuto;
  std::optional<int> num_features;     // K; default min(10, features)
  std::optional<double> kernel_width;  // default 0.75 * sqrt(features)
  double ridge_alpha = 1.0;
  uint64_t seed = 0;
  int64_t max_batch_rows = 65536;
};

// LIME for tabular data (Ribeiro et al. 2016) as lime implements it: draws a neighborhood from
// the background's statistics, weights each sample by an exponential kernel of its distance to
// the instance in the surrogate's feature space, chooses K features and fits a weighted ridge
// surrogate per model output. It asks once for the neighborhood and the background rows (the
// latter give base_value = E[f], as for the other methods).
//
// values: coefficient x the instance's surrogate feature (with a discretizer, the coefficient of
// "in the instance's bin", lime's weight), zero for features not chosen, so that intercept +
// sum(values) is the surrogate's prediction at the instance. extra: intercept, weights
// (coefficients), score (weighted R^2: local fidelity), local_prediction, conditions,
// features_used.
class Lime : public Explainer {
 public:
  Lime(Schema schema, const Eigen::VectorXf& instance, Background background,
       LimeOptions options = {});

  RowBatch next() override;
  void tell(ConstMatrixView outputs) override;
  Explanation result() const override;

 private:
  Schema schema_;
  Background background_;
  Eigen::VectorXf instance_;
  LimeOptions options_;
  int num_features_;
  double kernel_width_;
  std::vector<std::string> conditions_;
  Eigen::MatrixXd surrogate_features_;  // samples x features
  RowMatrixF rows_;                     // samples, then the background rows
  Eigen::MatrixXd outputs_;             // rows_ x model outputs, filled batch by batch
  Eigen::Index next_row_ = 0;
  Eigen::Index pending_rows_ = 0;
};

}  // namespace whyrec
