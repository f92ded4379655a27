// Fuzz target for the distilled model JSON reader: a model it accepts must predict, write
// itself back to the same JSON, and have Shapley values that add up to its margin's change.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string_view>

#include "core/explain/shapley/distilled_shapley.h"
#include "core/models/distilled_model.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    const auto model = whyrec::DistilledModel::FromJson(
        std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.json");
    if (model.input_width() > 1000) return 0;
    const std::string text = model.ToJson(17);
    if (whyrec::DistilledModel::FromJson(text, "written").ToJson(17) != text) __builtin_trap();
    whyrec::RowMatrixF rows = whyrec::RowMatrixF::Zero(2, model.input_width());
    rows.row(1).setConstant(std::numeric_limits<float>::quiet_NaN());
    const whyrec::Background background = whyrec::Background::Uniform(rows);
    const double base = 0.5 * (model.Margin(rows.row(0).data()) + model.Margin(rows.row(1).data()));
    const whyrec::DistilledShapley shapley(model, background);
    for (int r = 0; r < 2; ++r) {
      const double margin = model.Margin(rows.row(r).data());
      const double sum = shapley.Values(rows.row(r).data()).sum();
      const double gap = sum - (margin - base);
      if (std::isfinite(gap) && std::abs(gap) > 1e-9 * (1 + std::abs(margin) + std::abs(base))) {
        __builtin_trap();
      }
    }
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
