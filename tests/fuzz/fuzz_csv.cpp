// Fuzz target for the numeric CSV parser: any bytes give a table or std::invalid_argument.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

#include "native/csv_table.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    const auto table =
        whyrec::ParseNumericCsv(std::string_view(reinterpret_cast<const char*>(data), size),
                                "fuzz.csv", {"label"}, whyrec::DropPolicy::kIfPresent);
    if (!table.values.allFinite()) __builtin_trap();
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
