#include "core/explain/sequence/history_config.h"

#include <map>
#include <stdexcept>

#include "core/explain/settings.h"

namespace whyrec {
namespace {

std::vector<std::string> StringsOf(const nlohmann::ordered_json& config, const std::string& key,
                                   size_t count) {
  const auto& array = config.at(key);
  if (!array.is_array() || array.size() != count) {
    throw std::invalid_argument("setting '" + key + "' must be an array of " +
                                std::to_string(count) + " strings, one per history item");
  }
  std::vector<std::string> strings;
  for (size_t i = 0; i < count; ++i) {
    if (!array[i].is_string() || array[i].get<std::string>().empty()) {
      throw std::invalid_argument("setting '" + key + "' item " + std::to_string(i) +
                                  " must be a non-empty string, got " + array[i].dump());
    }
    strings.push_back(array[i].get<std::string>());
  }
  return strings;
}

GroupSpec GroupsByLabel(const std::vector<std::string>& labels,
                        const std::vector<std::string>& names) {
  GroupSpec groups;
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < labels.size(); ++i) {
    auto [it, fresh] = index.emplace(labels[i], groups.size());
    if (fresh) groups.push_back({labels[i], {}});
    groups[it->second].second.push_back(names[i]);
  }
  return groups;
}

}  // namespace

HistoryLayout ParseHistoryLayout(const nlohmann::ordered_json& config) {
  const Settings s(config);
  if (!s.Has("history_length")) {
    throw std::invalid_argument("setting 'history_length' (the model's L) is required");
  }
  HistoryLayout layout;
  layout.length = static_cast<int>(s.Int("history_length", 0, 1, 1 << 20));
  layout.pad_id = s.Int("pad_id", 0, 0);
  layout.pad_side = ParsePadSide(s.Choice("pad_side", "left", {"left", "right"}));
  layout.mask_id = s.Int("mask_id", layout.pad_id, 0);
  layout.absence = ParseAbsence(s.Choice("absence", "removal", {"removal", "masking"}));
  return layout;
}

HistoryConfig ParseHistoryConfig(const nlohmann::ordered_json& config, std::vector<int64_t> items) {
  const Settings s(config);
  if (items.empty()) {
    throw std::invalid_argument("the history is empty: there is nothing to explain");
  }
  if (!s.Has("target")) throw std::invalid_argument("setting 'target' (an item id) is required");
  const int64_t num_items = s.Int("num_items", 0, 0);
  History history(std::move(items), ParseHistoryLayout(config), num_items);
  HistoryTarget target{s.Int("target", 0, 0),
                       ParseScoreKind(s.Choice("output", "score", {"score", "log_prob"}))};
  if (s.Has("contrast")) {
    target.contrast = s.Int("contrast", 0, 0);
    if (target.contrast == target.item) {
      throw std::invalid_argument("the contrast item must differ from the target, both are " +
                                  std::to_string(target.item));
    }
    if (num_items > 0 && target.contrast >= num_items) {
      throw std::invalid_argument("the contrast item " + std::to_string(target.contrast) +
                                  " is unknown: the model scores ids 0.." +
                                  std::to_string(num_items - 1));
    }
  }
  if (num_items > 0 && target.item >= num_items) {
    throw std::invalid_argument("the target item " + std::to_string(target.item) +
                                " is unknown: the model scores ids 0.." +
                                std::to_string(num_items - 1));
  }
  const size_t count = history.items().size();
  const std::vector<std::string> names = UniqueNames(
      s.Has("item_names") ? StringsOf(config, "item_names", count) : ItemNames(history.items()));
  Schema schema = Schema::FromNames(names);
  if (s.Has("groups"))
    schema = schema.WithGroups(GroupsByLabel(StringsOf(config, "groups", count), names));
  return {std::move(history), target, std::move(schema),
          s.Int("max_batch_rows", kHistoryBatchRows, 1)};
}

nlohmann::ordered_json DescribeHistory(const HistoryConfig& config) {
  nlohmann::ordered_json extra;
  extra["history"] = config.history.items();
  extra["target"] = config.target.item;
  if (config.target.contrast >= 0) extra["contrast"] = config.target.contrast;
  nlohmann::ordered_json players = nlohmann::ordered_json::array();
  for (const auto& player : config.schema.players()) players.push_back(player.columns);
  extra["player_items"] = players;
  return extra;
}

}  // namespace whyrec
