// Fuzz target for the XGBoost JSON parser and TreeSHAP on what it accepts: any bytes give a
// model or std::invalid_argument, and a parsed model's explanation is additive, its interaction
// values summing to its values.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

#include "core/explain/trees/tree_shap.h"
#include "core/models/xgboost_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    const auto model = whyrec::ParseXgboostJson(
        std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.json");
    if (model.input_width() > 1000) return 0;
    const whyrec::Schema schema = whyrec::Schema::FromNames(model.feature_names());
    const whyrec::Background background =
        whyrec::Background::Uniform(whyrec::RowMatrixF::Ones(2, model.input_width()));
    const Eigen::VectorXf x = Eigen::VectorXf::Zero(model.input_width());
    for (const auto mode :
         {whyrec::TreeShapMode::kInterventional, whyrec::TreeShapMode::kPathDependent}) {
      const whyrec::TreeShap shap(model, schema, mode, background, /*interactions=*/true);
      const whyrec::Explanation e = shap.Explain(x);
      const auto interactions = shap.Interactions(x, e.values);
      for (Eigen::Index k = 0; k < e.values.rows(); ++k) {
        const double gap = e.values.row(k).sum() - (e.model_output[k] - e.base_value[k]);
        const double scale = 1 + e.values.row(k).cwiseAbs().sum() + std::abs(e.model_output[k]);
        if (std::isfinite(gap) && std::abs(gap) > 1e-9 * scale) __builtin_trap();
        const Eigen::VectorXd sums = interactions[k].rowwise().sum();
        const double spread = (sums - e.values.row(k).transpose()).cwiseAbs().maxCoeff();
        if (std::isfinite(spread) && spread > 1e-9 * (scale + interactions[k].cwiseAbs().sum())) {
          __builtin_trap();
        }
      }
    }
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
