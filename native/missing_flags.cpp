#include "native/missing_flags.h"

#include <sstream>
#include <string>

namespace whyrec {
namespace {

std::string JoinMarkers(const std::vector<std::string>& markers) {
  std::string joined;
  for (const auto& marker : markers) joined += (joined.empty() ? "" : ",") + marker;
  return joined;
}

}  // namespace

void AddMissingFlags(CLI::App* cmd, MissingCells& missing) {
  cmd->add_option_function<std::string>(
         "--missing",
         [&missing](const std::string& policy) { missing.allowed = policy == "allow"; },
         "CSV cells without a number: allow (NaN: trees route it, other methods pass it to the "
         "model) or error (naming file, row and column)")
      ->check(CLI::IsMember({"allow", "error"}))
      ->default_str("allow");
  cmd->add_option_function<std::string>(
         "--missing-values",
         [&missing](const std::string& list) {
           // Empty items are dropped: an empty cell is always a missing value.
           missing.markers.clear();
           std::istringstream items(list);
           for (std::string item; std::getline(items, item, ',');) {
             if (!item.empty()) missing.markers.push_back(item);
           }
         },
         "Comma-separated cell texts that mean a missing value, besides an empty cell")
      ->default_str(JoinMarkers(missing.markers));
}

}  // namespace whyrec
