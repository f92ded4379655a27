// Fuzz target for the linear model JSON parser: a parsed model must predict finite margins.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

#include "core/models/linear_model.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    auto model = whyrec::LinearModel::FromJson(
        std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.json");
    const whyrec::RowMatrixF row = whyrec::RowMatrixF::Zero(1, model.input_width());
    model.Predict(whyrec::ConstMatrixView(row.data(), 1, row.cols()), 0);
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
