#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/schema.h"

namespace whyrec {

// Groups as JSON: {"group name": ["feature", ...], ...}, in the order written.
GroupSpec GroupsFromJson(const nlohmann::ordered_json& doc, const std::string& source);
GroupSpec ParseGroups(std::string_view text, const std::string& source);

}  // namespace whyrec
