#include "core/global/fidelity_curves.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <string>

#include "core/explain/instance_check.h"

namespace whyrec {

std::vector<int> OrderByAttribution(const Eigen::VectorXd& values) {
  std::vector<int> order(static_cast<size_t>(values.size()));
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return values[a] > values[b]; });
  return order;
}

double CurveArea(const Eigen::VectorXd& curve) {
  const Eigen::Index n = curve.size();
  if (n < 2) return 0;
  return (curve.sum() - (curve[0] + curve[n - 1]) / 2) / static_cast<double>(n - 1);
}

FidelityCurves::FidelityCurves(Schema schema, const Eigen::VectorXf& instance,
                               Background background, std::vector<int> order,
                               int64_t max_batch_rows)
    : schema_(std::move(schema)),
      instance_(instance),
      background_(std::move(background)),
      order_(std::move(order)),
      steps_(2 * (int64_t{schema_.num_players()} + 1), background_.size(), schema_.width(),
             max_batch_rows, [this](int64_t step, RowMatrixF* out, Eigen::Index first) {
               const int g = schema_.num_players();
               const bool deletion = step <= g;
               const int k = static_cast<int>(deletion ? step : step - g - 1);
               out->middleRows(first, background_.size()) = background_.rows();
               // Deletion keeps the players after the first k; insertion the first k.
               for (int position = 0; position < g; ++position) {
                 if ((position < k) == deletion) continue;
                 for (int c : schema_.players()[order_[position]].columns) {
                   out->middleRows(first, background_.size()).col(c).setConstant(instance_[c]);
                 }
               }
             }) {
  RequireInstanceFits(schema_, instance_, background_);
  std::vector<int> sorted = order_;
  std::sort(sorted.begin(), sorted.end());
  std::vector<int> all(static_cast<size_t>(schema_.num_players()));
  std::iota(all.begin(), all.end(), 0);
  if (sorted != all) {
    throw std::invalid_argument("the order must list each of the " +
                                std::to_string(schema_.num_players()) + " players once");
  }
}

FidelityCurvesResult FidelityCurves::result() const {
  if (!steps_.done()) throw std::logic_error("result() was called before every step was told");
  const int g = schema_.num_players();
  const Eigen::VectorXd means = steps_.outputs().transpose() * background_.weights();
  FidelityCurvesResult r;
  r.order = order_;
  r.deletion = means.head(g + 1);
  r.insertion = means.tail(g + 1);
  r.deletion_area = CurveArea(r.deletion);
  r.insertion_area = CurveArea(r.insertion);
  r.evaluations = steps_.evaluations();
  return r;
}

}  // namespace whyrec
