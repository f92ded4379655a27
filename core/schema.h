#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/player_names.h"

namespace whyrec {

enum class FeatureKind { kNumeric, kBinary, kCategorical };

struct Feature {
  std::string name;
  FeatureKind kind = FeatureKind::kNumeric;
};

// A player of the Shapley game: one feature, or a set of columns explained together
// (a one-hot block, an embedding, one item of a user's history).
struct Player {
  std::string name;
  std::vector<int> columns;
};

using GroupSpec = std::vector<std::pair<std::string, std::vector<std::string>>>;

class Schema {
 public:
  // One player per feature, in column order.
  static Schema FromNames(const std::vector<std::string>& names);

  // Groups become players; features in no group stay single players. Players are ordered by
  // their first column so that the order does not depend on how the groups were listed.
  Schema WithGroups(const GroupSpec& groups) const;

  int width() const { return static_cast<int>(features_.size()); }
  int num_players() const { return static_cast<int>(players_.size()); }
  const std::vector<Feature>& features() const { return features_; }
  const std::vector<Player>& players() const { return players_; }
  std::vector<std::string> feature_names() const;
  // Shared by every explanation of this schema (and of its copies).
  const PlayerNames& player_names() const { return player_names_; }
  // Each column's player (its index in players()).
  std::vector<int> player_of_columns() const;
  int FeatureIndex(const std::string& name) const;

 private:
  std::vector<Feature> features_;
  std::vector<Player> players_;
  PlayerNames player_names_;
};

}  // namespace whyrec
