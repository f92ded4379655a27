#include "core/explain/counterfactual/feature_counterfactual_settings.h"

#include <algorithm>
#include <stdexcept>

#include "core/explain/settings.h"

namespace whyrec {

FeatureCounterfactualOptions FeatureCounterfactualOptionsFromJson(
    const nlohmann::ordered_json& settings, const std::vector<std::string>& also_allowed) {
  std::vector<std::string> valid = {"k",      "goal",   "count",    "max_changes",
                                    "budget", "column", "ranges",   "immutable",
                                    "steps",  "costs",  "grid_size"};
  valid.insert(valid.end(), also_allowed.begin(), also_allowed.end());
  if (settings.is_object()) {
    for (const auto& [key, value] : settings.items()) {
      if (std::find(valid.begin(), valid.end(), key) != valid.end()) continue;
      std::string listed;
      for (const std::string& name : valid) listed += (listed.empty() ? "" : ", ") + name;
      throw std::invalid_argument("unknown setting '" + key + "'; the valid ones are " + listed);
    }
  }
  const Settings s(settings);
  FeatureCounterfactualOptions options;
  options.k = s.Int("k", options.k, 1);
  const std::string goal = s.Choice("goal", "auto", {"auto", "enter", "leave"});
  options.goal = goal == "enter"   ? RankGoal::kEnter
                 : goal == "leave" ? RankGoal::kLeave
                                   : RankGoal::kAuto;
  options.count = static_cast<int>(s.Int("count", options.count, 1, 100));
  options.max_changes = static_cast<int>(s.Int("max_changes", options.max_changes, 1, 1000));
  options.budget = s.Int("budget", options.budget, 1);
  options.column = static_cast<int>(s.Int("column", options.column, 0, 1 << 20));
  return options;
}

}  // namespace whyrec
