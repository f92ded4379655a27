// Fuzz target for the histories parser: any bytes give non-empty histories of non-negative ids or
// std::invalid_argument.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

#include "core/explain/sequence/history_csv.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    const auto histories = whyrec::ParseHistoriesCsv(
        std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.csv");
    if (histories.empty()) __builtin_trap();
    for (const auto& history : histories) {
      if (history.empty()) __builtin_trap();
      for (int64_t id : history) {
        if (id < 0) __builtin_trap();
      }
    }
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
