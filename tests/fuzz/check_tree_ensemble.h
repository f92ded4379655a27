#pragma once

#include <cmath>
#include <cstdlib>
#include <optional>
#include <stdexcept>

#include "core/explain/trees/tree_shap.h"

namespace whyrec {

inline void CheckAdditive(const Explanation& e) {
  for (Eigen::Index k = 0; k < e.values.rows(); ++k) {
    const double gap = e.values.row(k).sum() - (e.model_output[k] - e.base_value[k]);
    const double scale = 1 + e.values.row(k).cwiseAbs().sum() + std::abs(e.model_output[k]);
    if (std::isfinite(gap) && std::abs(gap) > 1e-9 * scale) __builtin_trap();
  }
}

// What the tree-model fuzz targets check of a model a reader accepted: every output evaluates,
// and TreeSHAP is additive, interventional always and path-dependent where every split has a
// cover (traps otherwise, for libFuzzer to report).
inline void CheckTreeEnsemble(TreeEnsemble model) {
  if (model.input_width() > 1000) return;
  const Eigen::VectorXf x = Eigen::VectorXf::Zero(model.input_width());
  const RowMatrixF row = x.transpose();
  for (size_t o = 0; o < model.output_names().size(); ++o) {
    model.Predict(ConstMatrixView(row.data(), 1, row.cols()), static_cast<int>(o));
  }
  const Schema schema = Schema::FromNames(model.feature_names());
  const Background background = Background::Uniform(RowMatrixF::Ones(2, model.input_width()));
  CheckAdditive(TreeShap(model, schema, TreeShapMode::kInterventional, background).Explain(x));
  std::optional<TreeShap> path;
  try {
    path.emplace(model, schema, TreeShapMode::kPathDependent, background);
  } catch (const std::invalid_argument&) {
    return;  // a split without cover
  }
  CheckAdditive(path->Explain(x));
}

}  // namespace whyrec
