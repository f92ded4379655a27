// Fuzz target for the numeric CSV parser: any bytes give a table or std::invalid_argument. A
// table holds no infinity, and no NaN (a missing value) when missing values are refused.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

#include "native/csv_table.h"

namespace {

void Parse(std::string_view text, const whyrec::MissingCells& missing) {
  try {
    const auto table = whyrec::ParseNumericCsv(text, "fuzz.csv", {"label"},
                                               whyrec::DropPolicy::kIfPresent, missing);
    if (table.values.array().isInf().any()) __builtin_trap();
    if (!missing.allowed && table.values.hasNaN()) __builtin_trap();
  } catch (const std::invalid_argument&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  whyrec::MissingCells allowed;
  whyrec::MissingCells refused;
  refused.allowed = false;
  Parse(text, allowed);
  Parse(text, refused);
  return 0;
}
