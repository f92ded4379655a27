#include "core/explain/counterfactual/counterfactual_explanation.h"

#include <limits>

namespace whyrec {

Explanation CounterfactualExplanation(const CounterfactualConfig& config, const Counterfactual& c) {
  using Json = nlohmann::ordered_json;
  const int players = config.num_players();
  const std::vector<std::string> names = config.player_names();
  Explanation e;
  e.method = "counterfactual";
  e.player_names = names;
  e.values = Eigen::MatrixXd::Zero(1, players);
  for (int g : c.players) e.values(0, g) = 1;
  e.std_errors = Eigen::MatrixXd::Zero(1, players);
  e.base_value = Eigen::VectorXd::Constant(1, std::numeric_limits<double>::quiet_NaN());
  e.model_output = Eigen::VectorXd::Constant(1, c.output_before);
  e.evaluations = c.model_calls;
  e.settings = {{"counterfactual", EditKindName(config.edit)},
                {"k", config.k},
                {"budget", config.budget},
                {"beam_width", config.beam_width},
                {"exhaustive_rows", config.exhaustive_rows},
                {"search", config.search == SearchKind::kFull ? "full" : "greedy"}};

  Json& x = e.extra;
  x["history"] = config.base.history.items();
  x["target"] = config.base.target.item;
  Json positions = Json::array(), items = Json::array(), edited_names = Json::array();
  if (config.edit == EditKind::kRemove) {
    Json player_items = Json::array();
    for (const auto& player : config.base.schema.players()) player_items.push_back(player.columns);
    x["player_items"] = player_items;
    for (int g : c.players) {
      for (int i : config.base.schema.players()[static_cast<size_t>(g)].columns) {
        positions.push_back(i);
        items.push_back(config.base.history.items()[static_cast<size_t>(i)]);
      }
    }
  } else {
    x["candidates"] = config.candidates;
    for (int g : c.players) items.push_back(config.candidates[static_cast<size_t>(g)]);
  }
  for (int g : c.players) edited_names.push_back(names[static_cast<size_t>(g)]);
  x["found"] = c.found;
  x["edited_players"] = c.players;
  x["edited_positions"] = positions;
  x["edited_items"] = items;
  x["edited_names"] = edited_names;
  x["counterfactual_history"] = c.found ? Json(c.history) : Json(nullptr);
  x["rank_before"] = c.before.rank;
  x["rank_after"] = c.found ? Json(c.after.rank) : Json(nullptr);
  x["top_k_before"] = c.top_before;
  x["top_k_after"] = c.found ? Json(c.top_after) : Json(nullptr);
  x["counterfactual_output"] = c.found ? Json(c.output_after) : Json(nullptr);
  x["minimal"] = c.found ? Json(c.proved_minimal ? "proved" : "not proved") : Json(nullptr);
  x["budget_spent"] = c.budget_spent;
  x["model_calls"] = c.model_calls;
  x["rounds"] = c.rounds;
  return e;
}

}  // namespace whyrec
