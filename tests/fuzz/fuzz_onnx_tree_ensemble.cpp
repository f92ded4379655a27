// Fuzz target for the ONNX tree ensemble reader: any bytes give a model or
// std::invalid_argument, and a model read is explained additively.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "core/explain/tree_shap.h"
#include "native/onnx_tree_ensemble.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    const auto model = whyrec::ParseOnnxTreeEnsemble(
        std::string(reinterpret_cast<const char*>(data), size), "fuzz.onnx");
    if (model.input_width() > 1000) return 0;
    const whyrec::Schema schema = whyrec::Schema::FromNames(model.feature_names());
    const whyrec::Background background =
        whyrec::Background::Uniform(whyrec::RowMatrixF::Ones(2, model.input_width()));
    const whyrec::Explanation e =
        whyrec::TreeShap(model, schema, whyrec::TreeShapMode::kInterventional, background)
            .Explain(Eigen::VectorXf::Zero(model.input_width()));
    for (Eigen::Index k = 0; k < e.values.rows(); ++k) {
      const double gap = e.values.row(k).sum() - (e.model_output[k] - e.base_value[k]);
      const double scale = 1 + e.values.row(k).cwiseAbs().sum() + std::abs(e.model_output[k]);
      if (std::isfinite(gap) && std::abs(gap) > 1e-9 * scale) __builtin_trap();
    }
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
