#include "core/explain/local/lime.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "core/explain/instance_check.h"
#include "core/explain/local/weighted_ridge.h"

namespace whyrec {
namespace {

Schema RequireSingleFeaturePlayers(Schema schema) {
  for (const Player& player : schema.players()) {
    if (player.columns.size() != 1) {
      throw std::invalid_argument("lime explains single features, but player '" + player.name +
                                  "' groups " + std::to_string(player.columns.size()) +
                                  " columns; drop --groups for lime");
    }
  }
  return schema;
}

// A per-output number, or an array of them when the model has several outputs.
nlohmann::ordered_json PerOutput(const std::vector<nlohmann::ordered_json>& values) {
  if (values.size() == 1) return values[0];
  return nlohmann::ordered_json(values);
}

}  // namespace

Lime::Lime(Schema schema, const Eigen::VectorXf& instance, Background background,
           LimeOptions options)
    : schema_(RequireSingleFeaturePlayers(std::move(schema))),
      background_(std::move(background)),
      instance_(instance),
      options_(options) {
  RequireCompleteInstance(schema_, instance_, background_, "LIME");
  const int d = schema_.width();
  if (options_.num_samples < 2) {
    throw std::invalid_argument(
        "setting 'num_samples' must be >= 2 (the instance and at least one "
        "neighbor), got " +
        std::to_string(options_.num_samples));
  }
  num_features_ = options_.num_features.value_or(std::min(10, d));
  if (num_features_ < 1 || num_features_ > d) {
    throw std::invalid_argument("setting 'num_features' must be between 1 and the " +
                                std::to_string(d) + " features, got " +
                                std::to_string(num_features_));
  }
  kernel_width_ = options_.kernel_width.value_or(0.75 * std::sqrt(static_cast<double>(d)));
  if (!(kernel_width_ > 0) || !std::isfinite(kernel_width_)) {
    throw std::invalid_argument("setting 'kernel_width' must be a positive number, got " +
                                nlohmann::json(kernel_width_).dump());
  }
  if (options_.max_batch_rows < 1) throw std::invalid_argument("max_batch_rows must be >= 1");
  const LimeSampler sampler(schema_, background_, options_.discretizer);
  Random random(options_.seed);
  LimeSampler::Neighborhood neighborhood =
      sampler.Draw(instance_, static_cast<int>(options_.num_samples), random);
  conditions_ = sampler.Conditions(instance_);
  surrogate_features_ = std::move(neighborhood.features);
  rows_.resize(neighborhood.rows.rows() + background_.size(), d);
  rows_ << neighborhood.rows, background_.rows();
}

RowBatch Lime::next() {
  if (pending_rows_ > 0) {
    throw std::logic_error("next() was called again before tell() answered the last batch");
  }
  pending_rows_ = std::min<Eigen::Index>(options_.max_batch_rows, rows_.rows() - next_row_);
  return rows_.middleRows(next_row_, pending_rows_);
}

void Lime::tell(ConstMatrixView outputs) {
  if (pending_rows_ == 0) throw std::logic_error("tell() was called without a batch");
  if (outputs.rows() != pending_rows_) {
    throw std::invalid_argument("tell() expected outputs for " + std::to_string(pending_rows_) +
                                " rows, got " + std::to_string(outputs.rows()));
  }
  if (outputs.cols() < 1) throw std::invalid_argument("the model returned no output values");
  if (outputs_.size() == 0) {
    outputs_.setZero(rows_.rows(), outputs.cols());
  } else if (outputs.cols() != outputs_.cols()) {
    throw std::invalid_argument("the model returned " + std::to_string(outputs.cols()) +
                                " outputs per row, earlier " + std::to_string(outputs_.cols()));
  }
  if (!outputs.allFinite()) {
    throw std::invalid_argument(
        "the model returned NaN or infinity for a row of lime's neighborhood or the background");
  }
  outputs_.middleRows(next_row_, pending_rows_) = outputs.cast<double>();
  next_row_ += pending_rows_;
  pending_rows_ = 0;
}

Explanation Lime::result() const {
  if (next_row_ < rows_.rows()) {
    throw std::logic_error("result() was called before all of lime's rows were evaluated");
  }
  const Eigen::Index n = surrogate_features_.rows(), d = surrogate_features_.cols();
  const Eigen::Index k = outputs_.cols();
  const Eigen::VectorXd distances =
      (surrogate_features_.rowwise() - surrogate_features_.row(0)).rowwise().norm();
  // lime's kernel: sqrt(exp(-d^2 / width^2)).
  const Eigen::VectorXd kernel =
      (-distances.array().square() / (kernel_width_ * kernel_width_)).exp().sqrt();

  Explanation e;
  e.method = "lime";
  e.player_names = schema_.player_names();
  e.values = Eigen::MatrixXd::Zero(k, d);
  e.std_errors = Eigen::MatrixXd::Zero(k, d);
  e.base_value = outputs_.bottomRows(background_.size()).transpose() * background_.weights();
  e.model_output = outputs_.row(0).transpose();
  e.evaluations = rows_.rows();
  e.seed = options_.seed;
  std::vector<nlohmann::ordered_json> intercepts, weights, scores, predictions, used_names;
  for (Eigen::Index output = 0; output < k; ++output) {
    const Eigen::VectorXd y = outputs_.col(output).head(n);
    const std::vector<int> used =
        SelectFeatures(options_.feature_selection, surrogate_features_, y, kernel, num_features_);
    const RidgeFit fit =
        FitWeightedRidge(surrogate_features_, y, kernel, used, options_.ridge_alpha);
    std::vector<double> coefficients(static_cast<size_t>(d), 0.0);
    nlohmann::ordered_json names = nlohmann::ordered_json::array();
    double prediction = fit.intercept;
    for (size_t c = 0; c < used.size(); ++c) {
      coefficients[used[c]] = fit.coefficients[static_cast<Eigen::Index>(c)];
      e.values(output, used[c]) = coefficients[used[c]] * surrogate_features_(0, used[c]);
      prediction += e.values(output, used[c]);
      names.push_back(e.player_names[used[c]]);
    }
    intercepts.emplace_back(fit.intercept);
    weights.emplace_back(coefficients);
    scores.emplace_back(fit.r2);
    predictions.emplace_back(prediction);
    used_names.push_back(std::move(names));
  }
  e.extra["intercept"] = PerOutput(intercepts);
  e.extra["weights"] = PerOutput(weights);
  e.extra["score"] = PerOutput(scores);
  e.extra["local_prediction"] = PerOutput(predictions);
  e.extra["conditions"] = conditions_;
  e.extra["features_used"] = PerOutput(used_names);
  e.settings["num_samples"] = options_.num_samples;
  e.settings["discretizer"] = options_.discretizer == LimeDiscretizer::kQuartile ? "quartile"
                              : options_.discretizer == LimeDiscretizer::kDecile ? "decile"
                                                                                 : "none";
  e.settings["feature_selection"] =
      FeatureSelectionNames()[static_cast<int>(options_.feature_selection)];
  e.settings["num_features"] = num_features_;
  e.settings["kernel_width"] = kernel_width_;
  e.settings["ridge_alpha"] = options_.ridge_alpha;
  e.settings["background_rows"] = background_.size();
  e.settings["max_batch_rows"] = options_.max_batch_rows;
  return e;
}

}  // namespace whyrec
