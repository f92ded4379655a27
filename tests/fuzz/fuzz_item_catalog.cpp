// Fuzz target for the items CSV reader (--items, --group-by): any bytes give a catalog whose
// titles are non-empty, or std::invalid_argument.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

#include "native/item_catalog.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    const auto catalog = whyrec::ParseItemCatalog(
        std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.csv", "genres");
    for (const auto& [id, title] : catalog.titles) {
      if (id < 0 || title.empty() || !catalog.groups.count(id)) __builtin_trap();
    }
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
