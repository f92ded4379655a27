#include "core/global/permutation_importance.h"

#include <cmath>
#include <numeric>
#include <stdexcept>

namespace whyrec {

PermutationImportance::PermutationImportance(Schema schema, RowMatrixF data,
                                             std::optional<Eigen::VectorXd> labels,
                                             PermutationImportanceOptions options)
    : schema_(std::move(schema)),
      data_(std::move(data)),
      labels_(std::move(labels)),
      options_(options),
      steps_(1 + int64_t{options.repeats} * schema_.num_players(), data_.rows(),
             static_cast<int>(data_.cols()), options.max_batch_rows,
             [this](int64_t step, RowMatrixF* out, Eigen::Index first) {
               FillStep(step, out, first);
             }) {
  if (data_.cols() != schema_.width()) {
    throw std::invalid_argument("the data has " + std::to_string(data_.cols()) +
                                " columns but the schema has " + std::to_string(schema_.width()));
  }
  if (data_.rows() < 2) throw std::invalid_argument("permutation importance needs at least 2 rows");
  if (options_.repeats < 1) {
    throw std::invalid_argument("repeats must be >= 1, got " + std::to_string(options_.repeats));
  }
  if (labels_ && labels_->size() != data_.rows()) {
    throw std::invalid_argument("there are " + std::to_string(labels_->size()) + " labels for " +
                                std::to_string(data_.rows()) + " rows");
  }
  if (!labels_ && options_.metric != Metric::kRmse) {
    throw std::invalid_argument(std::string("metric '") + MetricName(options_.metric) +
                                "' needs a label column (--target); against the model's own "
                                "output the metric is rmse");
  }
  Random random(options_.seed);
  const int n = static_cast<int>(data_.rows());
  for (int64_t s = 1; s < 1 + int64_t{options_.repeats} * schema_.num_players(); ++s) {
    std::vector<int> order(static_cast<size_t>(n));
    std::iota(order.begin(), order.end(), 0);
    for (int i = n - 1; i > 0; --i) std::swap(order[i], order[random.Below(i + 1)]);
    permutations_.push_back(std::move(order));
  }
}

// Step 0 is the data as it is; step 1 + r * players + g shuffles player g in repeat r.
void PermutationImportance::FillStep(int64_t step, RowMatrixF* out, Eigen::Index first) const {
  out->middleRows(first, data_.rows()) = data_;
  if (step == 0) return;
  const int g = static_cast<int>((step - 1) % schema_.num_players());
  const std::vector<int>& order = permutations_[step - 1];
  for (int c : schema_.players()[g].columns) {
    for (Eigen::Index i = 0; i < data_.rows(); ++i) (*out)(first + i, c) = data_(order[i], c);
  }
}

PermutationImportanceResult PermutationImportance::result() const {
  if (!steps_.done()) throw std::logic_error("result() was called before every step was told");
  const int players = schema_.num_players(), repeats = options_.repeats;
  const Eigen::MatrixXd& outputs = steps_.outputs();
  const Eigen::VectorXd reference = labels_ ? *labels_ : Eigen::VectorXd(outputs.col(0));
  PermutationImportanceResult r;
  r.player_names = schema_.player_names();
  r.metric = MetricName(options_.metric);
  r.against_labels = labels_.has_value();
  r.baseline = Score(options_.metric, reference, outputs.col(0));
  const double sign = LowerIsBetter(options_.metric) ? 1.0 : -1.0;
  r.per_repeat.resize(players, repeats);
  for (int rep = 0; rep < repeats; ++rep) {
    for (int g = 0; g < players; ++g) {
      const double permuted = Score(options_.metric, reference, outputs.col(1 + rep * players + g));
      r.per_repeat(g, rep) = sign * (permuted - r.baseline);
    }
  }
  r.importance = r.per_repeat.rowwise().mean();
  r.std_dev = Eigen::VectorXd::Zero(players);
  if (repeats > 1) {
    r.std_dev =
        ((r.per_repeat.colwise() - r.importance).array().square().rowwise().sum() / (repeats - 1))
            .sqrt();
  }
  const double half =
      repeats > 1 ? StudentT975(repeats - 1) / std::sqrt(double(repeats)) : INFINITY;
  r.ci_low = r.importance - half * r.std_dev;
  r.ci_high = r.importance + half * r.std_dev;
  if (repeats == 1) {
    r.ci_low.setConstant(-INFINITY);
    r.ci_high.setConstant(INFINITY);
  }
  r.evaluations = steps_.evaluations();
  return r;
}

}  // namespace whyrec
