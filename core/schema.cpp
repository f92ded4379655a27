#include "core/schema.h"

#include <algorithm>
#include <set>
#include <stdexcept>

namespace whyrec {

Schema Schema::FromNames(const std::vector<std::string>& names) {
  if (names.empty()) throw std::invalid_argument("the schema has no features");
  Schema schema;
  std::set<std::string> seen;
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i].empty()) {
      throw std::invalid_argument("feature " + std::to_string(i) + " has an empty name");
    }
    if (!seen.insert(names[i]).second) {
      throw std::invalid_argument("feature name '" + names[i] + "' appears twice");
    }
    schema.features_.push_back({names[i], FeatureKind::kNumeric});
    schema.players_.push_back({names[i], {static_cast<int>(i)}});
  }
  schema.player_names_ = names;
  return schema;
}

Schema Schema::WithGroups(const GroupSpec& groups) const {
  Schema schema;
  schema.features_ = features_;
  std::vector<std::string> owner(features_.size());
  for (const auto& [group, members] : groups) {
    if (members.empty()) throw std::invalid_argument("group '" + group + "' has no features");
    Player player{group, {}};
    for (const auto& member : members) {
      const int column = FeatureIndex(member);
      if (!owner[column].empty()) {
        throw std::invalid_argument("feature '" + member + "' is named by group '" + owner[column] +
                                    "' and by group '" + group + "'");
      }
      owner[column] = group;
      player.columns.push_back(column);
    }
    std::sort(player.columns.begin(), player.columns.end());
    schema.players_.push_back(std::move(player));
  }
  for (int column = 0; column < width(); ++column) {
    if (owner[column].empty()) schema.players_.push_back({features_[column].name, {column}});
  }
  std::sort(schema.players_.begin(), schema.players_.end(),
            [](const Player& a, const Player& b) { return a.columns[0] < b.columns[0]; });
  std::set<std::string> names;
  std::vector<std::string> player_names;
  for (const auto& player : schema.players_) {
    if (!names.insert(player.name).second) {
      throw std::invalid_argument("player name '" + player.name +
                                  "' is used by a group and by an ungrouped feature");
    }
    player_names.push_back(player.name);
  }
  schema.player_names_ = std::move(player_names);
  return schema;
}

std::vector<std::string> Schema::feature_names() const {
  std::vector<std::string> names;
  for (const auto& feature : features_) names.push_back(feature.name);
  return names;
}

std::vector<int> Schema::player_of_columns() const {
  std::vector<int> player_of(width());
  for (int g = 0; g < num_players(); ++g) {
    for (int column : players_[g].columns) player_of[column] = g;
  }
  return player_of;
}

int Schema::FeatureIndex(const std::string& name) const {
  for (int i = 0; i < width(); ++i) {
    if (features_[i].name == name) return i;
  }
  throw std::invalid_argument("unknown feature '" + name + "'");
}

}  // namespace whyrec
