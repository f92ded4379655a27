#include "core/models/linear_model.h"

#include <cmath>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "core/missing_values.h"

namespace whyrec {
namespace {

[[noreturn]] void Fail(const std::string& source, const std::string& what) {
  throw std::invalid_argument(source + ": " + what);
}

double FiniteNumber(const nlohmann::json& value, const std::string& source,
                    const std::string& where) {
  if (!value.is_number()) Fail(source, where + " must be a number, got " + value.dump());
  const double x = value.get<double>();
  if (!std::isfinite(x)) Fail(source, where + " must be finite");
  return x;
}

}  // namespace

LinearModel::LinearModel(std::vector<std::string> feature_names, Eigen::VectorXd coefficients,
                         double intercept, Link link)
    : feature_names_(std::move(feature_names)),
      coefficients_(std::move(coefficients)),
      intercept_(intercept),
      link_(link) {
  if (coefficients_.size() == 0) throw std::invalid_argument("a linear model needs coefficients");
  if (static_cast<Eigen::Index>(feature_names_.size()) != coefficients_.size()) {
    throw std::invalid_argument("a linear model has " + std::to_string(feature_names_.size()) +
                                " feature names but " + std::to_string(coefficients_.size()) +
                                " coefficients");
  }
}

LinearModel LinearModel::FromJson(std::string_view text, const std::string& source) {
  const auto doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded()) Fail(source, "not valid JSON");
  if (!doc.is_object()) Fail(source, "a linear model must be a JSON object");
  if (doc.value("type", "") != "linear") Fail(source, "\"type\" must be \"linear\"");
  Link link = Link::kIdentity;
  if (doc.contains("link")) {
    const auto& l = doc["link"];
    if (l == "logit") {
      link = Link::kLogit;
    } else if (l != "identity") {
      Fail(source, "\"link\" must be \"identity\" or \"logit\", got " + l.dump());
    }
  }
  const auto& coefficients = doc.contains("coefficients") ? doc["coefficients"] : nlohmann::json();
  if (!coefficients.is_array() || coefficients.empty()) {
    Fail(source, "\"coefficients\" must be a non-empty array of numbers");
  }
  Eigen::VectorXd w(coefficients.size());
  for (size_t j = 0; j < coefficients.size(); ++j) {
    w[j] = FiniteNumber(coefficients[j], source, "coefficient " + std::to_string(j));
  }
  std::vector<std::string> names;
  if (doc.contains("feature_names")) {
    const auto& list = doc["feature_names"];
    if (!list.is_array()) Fail(source, "\"feature_names\" must be an array of strings");
    for (const auto& name : list) {
      if (!name.is_string()) Fail(source, "\"feature_names\" must be an array of strings");
      names.push_back(name.get<std::string>());
    }
  } else {
    for (size_t j = 0; j < coefficients.size(); ++j) names.push_back("x" + std::to_string(j));
  }
  const double intercept =
      doc.contains("intercept") ? FiniteNumber(doc["intercept"], source, "\"intercept\"") : 0.0;
  try {
    return LinearModel(std::move(names), std::move(w), intercept, link);
  } catch (const std::invalid_argument& e) {
    Fail(source, e.what());
  }
}

std::vector<std::string> LinearModel::output_names() const {
  if (link_ == Link::kLogit) return {"margin", "prob"};
  return {"prediction"};
}

RowMatrixF LinearModel::Predict(ConstMatrixView rows, int output) {
  if (rows.cols() != coefficients_.size()) {
    throw std::invalid_argument("the linear model expects " + std::to_string(coefficients_.size()) +
                                " inputs, got " + std::to_string(rows.cols()));
  }
  if (rows.hasNaN()) RequireComplete(rows, feature_names_, "input", kLinearRefusesMissing);
  Eigen::VectorXd margin = (rows.cast<double>() * coefficients_).array() + intercept_;
  if (output == 1) margin = 1.0 / (1.0 + (-margin.array()).exp());
  return margin.cast<float>();
}

}  // namespace whyrec
