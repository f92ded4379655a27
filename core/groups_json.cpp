#include "core/groups_json.h"

#include <stdexcept>

namespace whyrec {

GroupSpec GroupsFromJson(const nlohmann::ordered_json& doc, const std::string& source) {
  const std::string shape =
      "groups must be a JSON object of arrays of feature names, "
      "like {\"price\": [\"price\", \"discount\"]}";
  if (!doc.is_object()) throw std::invalid_argument(source + ": " + shape);
  GroupSpec groups;
  for (const auto& [name, members] : doc.items()) {
    if (!members.is_array()) {
      throw std::invalid_argument(source + ": group '" + name + "': " + shape);
    }
    std::vector<std::string> features;
    for (const auto& member : members) {
      if (!member.is_string()) {
        throw std::invalid_argument(source + ": group '" + name + "' has a member " +
                                    member.dump() + " that is not a feature name");
      }
      features.push_back(member.get<std::string>());
    }
    groups.emplace_back(name, std::move(features));
  }
  return groups;
}

GroupSpec ParseGroups(std::string_view text, const std::string& source) {
  const auto doc = nlohmann::ordered_json::parse(text, nullptr, false);
  if (doc.is_discarded()) throw std::invalid_argument(source + ": not valid JSON");
  return GroupsFromJson(doc, source);
}

}  // namespace whyrec
