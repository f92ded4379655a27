// Fuzz target for groups JSON and schema grouping: players must partition the columns.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

#include "core/groups_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    const auto groups = whyrec::ParseGroups(
        std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.json");
    const auto schema = whyrec::Schema::FromNames({"a", "b", "c", "d"}).WithGroups(groups);
    size_t columns = 0;
    for (const auto& player : schema.players()) columns += player.columns.size();
    if (columns != 4) __builtin_trap();
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
