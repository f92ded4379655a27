#include "core/explain/pairwise_probability.h"

#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "core/explain/explainer_factory.h"

namespace whyrec {
namespace {

// The schema of [A, B] rows: the features, then each again for B's half, and one player per
// player of `schema` owning its columns in both halves (under its name, in its order).
Schema PairedSchema(const Schema& schema) {
  std::vector<std::string> names = schema.feature_names();
  const size_t width = names.size();
  for (size_t c = 0; c < width; ++c) names.push_back(names[c] + " (row B)");
  const Schema paired = Schema::FromNames(names);
  GroupSpec groups;
  for (const Player& player : schema.players()) {
    std::vector<std::string> members;
    for (const int column : player.columns) {
      members.push_back(names[static_cast<size_t>(column)]);
      members.push_back(names[width + static_cast<size_t>(column)]);
    }
    groups.emplace_back(player.name, std::move(members));
  }
  return paired.WithGroups(groups);
}

}  // namespace

bool PlaysPairwiseProbability(const std::string& method) {
  return method == "exact" || method == "kernel" || method == "permutation" || method == "auto";
}

PairwiseProbability::PairwiseProbability(const std::string& method,
                                         const nlohmann::ordered_json& settings,
                                         const Schema& schema, const Eigen::VectorXf& a,
                                         const Eigen::VectorXf& b, const Background& background)
    : width_(schema.width()) {
  if (!PlaysPairwiseProbability(method)) {
    throw std::invalid_argument(
        "a pairwise probability (sigmoid of f(A) - f(B)) is not the difference of two "
        "explanations: explain it with exact, kernel, permutation or auto, not " +
        method);
  }
  if (a.size() != width_ || b.size() != width_ || background.width() != width_) {
    throw std::invalid_argument("rows A and B and the background need " + std::to_string(width_) +
                                " values each");
  }
  Eigen::VectorXf pair(2 * width_);
  pair << a, b;
  RowMatrixF doubled(background.size(), 2 * width_);
  doubled << background.rows(), background.rows();
  paired_ = MakeExplainer(method, settings, PairedSchema(schema), pair,
                          Background(std::move(doubled), background.weights()));
}

RowBatch PairwiseProbability::next() {
  const RowBatch paired = paired_->next();
  asked_ = paired.rows();
  RowBatch halves(2 * asked_, width_);
  // The last, empty batch has no data to take blocks of.
  if (asked_ > 0) halves << paired.leftCols(width_), paired.rightCols(width_);
  return halves;
}

void PairwiseProbability::tell(ConstMatrixView outputs) {
  if (outputs.rows() != 2 * asked_) {
    throw std::invalid_argument("expected outputs for " + std::to_string(2 * asked_) +
                                " rows, got " + std::to_string(outputs.rows()));
  }
  // In double precision, so that every build (native, WebAssembly) rounds the same value.
  const Eigen::ArrayXXd margin =
      (outputs.topRows(asked_).cast<double>() - outputs.bottomRows(asked_).cast<double>()).array();
  const RowMatrixF probability = (1.0 + (-margin).exp()).inverse().cast<float>().matrix();
  paired_->tell(ConstMatrixView(probability.data(), probability.rows(), probability.cols()));
}

Explanation PairwiseProbability::result() const {
  Explanation e = paired_->result();
  e.evaluations *= 2;
  e.settings["contrast_output"] = "prob";
  return e;
}

}  // namespace whyrec
