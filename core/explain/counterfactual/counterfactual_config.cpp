#include "core/explain/counterfactual/counterfactual_config.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>

#include "core/explain/settings.h"

namespace whyrec {
namespace {

std::vector<int64_t> Candidates(const nlohmann::ordered_json& config, const HistoryConfig& base,
                                int64_t num_items) {
  if (!config.contains("candidates")) {
    throw std::invalid_argument(
        "counterfactual 'add' needs 'candidates': the item ids the search may add");
  }
  const auto& array = config.at("candidates");
  if (!array.is_array() || array.empty()) {
    throw std::invalid_argument("setting 'candidates' must be a non-empty array of item ids");
  }
  std::vector<double> numbers;
  for (const auto& value : array) {
    if (!value.is_number()) {
      throw std::invalid_argument("setting 'candidates' must hold item ids, got " + value.dump());
    }
    numbers.push_back(value.get<double>());
  }
  std::vector<int64_t> ids = ItemIdsFromNumbers(numbers);
  const auto& history = base.history.items();
  std::set<int64_t> seen;
  for (size_t i = 0; i < ids.size(); ++i) {
    const int64_t id = ids[i];
    const std::string where = "candidate " + std::to_string(i) + " (id " + std::to_string(id) + ")";
    if (!seen.insert(id).second) throw std::invalid_argument(where + " is repeated");
    if (id == base.target.item) throw std::invalid_argument(where + " is the target itself");
    if (id == base.history.layout().pad_id)
      throw std::invalid_argument(where + " is the padding id");
    if (num_items > 0 && id >= num_items) {
      throw std::invalid_argument(where + " is unknown: the model scores ids 0.." +
                                  std::to_string(num_items - 1));
    }
    if (std::find(history.begin(), history.end(), id) != history.end()) {
      throw std::invalid_argument(where + " is already in the history");
    }
  }
  return ids;
}

std::vector<double> Attribution(const nlohmann::ordered_json& config, int players) {
  if (!config.contains("attribution")) return {};
  const auto& array = config.at("attribution");
  if (!array.is_array() || static_cast<int>(array.size()) != players) {
    throw std::invalid_argument("setting 'attribution' must be an array of " +
                                std::to_string(players) + " numbers, one per player");
  }
  std::vector<double> values;
  for (const auto& value : array) {
    if (!value.is_number() || !std::isfinite(value.get<double>())) {
      throw std::invalid_argument("setting 'attribution' must hold finite numbers, got " +
                                  value.dump());
    }
    values.push_back(value.get<double>());
  }
  return values;
}

}  // namespace

int CounterfactualConfig::num_players() const {
  return edit == EditKind::kRemove ? base.schema.num_players()
                                   : static_cast<int>(candidates.size());
}

std::vector<std::string> CounterfactualConfig::player_names() const {
  return edit == EditKind::kRemove ? base.schema.player_names().list() : candidate_names;
}

std::string EditKindName(EditKind edit) { return edit == EditKind::kRemove ? "remove" : "add"; }

CounterfactualConfig ParseCounterfactualConfig(const nlohmann::ordered_json& config,
                                               std::vector<int64_t> items) {
  const Settings s(config);
  CounterfactualConfig c(ParseHistoryConfig(config, std::move(items)));
  c.edit = s.Choice("counterfactual", "remove", {"remove", "add"}) == "remove" ? EditKind::kRemove
                                                                               : EditKind::kAdd;
  c.k = s.Int("k", 1, 1);
  const int64_t num_items = s.Int("num_items", 0, 0);
  if (c.edit == EditKind::kAdd) {
    c.candidates = Candidates(config, c.base, num_items);
    std::vector<std::string> names = ItemNames(c.candidates);
    if (config.contains("candidate_names")) {
      const auto& given = config.at("candidate_names");
      if (!given.is_array() || given.size() != names.size()) {
        throw std::invalid_argument("setting 'candidate_names' must be an array of " +
                                    std::to_string(names.size()) + " strings, one per candidate");
      }
      for (size_t i = 0; i < names.size(); ++i) {
        if (given[i].is_string() && !given[i].get<std::string>().empty())
          names[i] = given[i].get<std::string>();
      }
    }
    c.candidate_names = UniqueNames(names);
  }
  // The items a recommender could show: every scored one but the history's and the padding id.
  const int64_t shown =
      num_items -
      static_cast<int64_t>(
          std::set<int64_t>(c.base.history.items().begin(), c.base.history.items().end()).size()) -
      1;
  if (num_items > 0 && c.edit == EditKind::kRemove && c.k >= shown) {
    throw std::invalid_argument(
        "k = " + std::to_string(c.k) + " but the model can show only " + std::to_string(shown) +
        " items to this history: the target cannot leave the top " + std::to_string(c.k));
  }
  c.budget = s.Int("budget", kCounterfactualBudget, 1);
  c.beam_width = static_cast<int>(s.Int("beam_width", 4, 1, 1 << 16));
  c.exhaustive_rows = s.Int("exhaustive_rows", kExhaustiveRows, 0);
  c.search = s.Choice("search", "full", {"full", "greedy"}) == "full" ? SearchKind::kFull
                                                                      : SearchKind::kGreedy;
  c.attribution = Attribution(config, c.num_players());
  return c;
}

}  // namespace whyrec
