#include "native/explain_distilled_history.h"

#include <algorithm>
#include <memory>
#include <stdexcept>

#include "core/distill/item_to_item_model.h"
#include "core/explain/sequence/history.h"
#include "core/explain/sequence/history_csv.h"
#include "core/explain/sequence/history_json.h"
#include "native/item_catalog.h"
#include "native/labeled_table.h"
#include "native/read_text.h"
#include "native/row_range.h"

namespace whyrec {
namespace {

using Json = nlohmann::ordered_json;

// The flags a distilled model has no use for: its explanation is its terms.
void CheckFlags(const ExplainHistoryOptions& o) {
  if (o.method != "auto" && o.method != "exact") {
    throw std::invalid_argument("--method " + o.method +
                                ": a distilled history model is explained by its own terms "
                                "(exact); use --method auto or exact");
  }
  const std::pair<bool, const char*> unused[] = {
      {o.output != "score", "--output"},
      {o.contrast.has_value(), "--contrast"},
      {!o.group_by.empty(), "--group-by"},
      {!o.embeddings_model.empty(), "--embeddings-model"},
      {o.faithfulness, "--faithfulness"},
      {o.seed.has_value() || o.budget > 0 || o.steps.has_value(), "--seed, --budget, --steps"},
  };
  for (const auto& [set, flag] : unused) {
    if (set) {
      throw std::invalid_argument(std::string(flag) +
                                  " does not apply to a distilled history model: its "
                                  "explanation is its terms");
    }
  }
}

// --target: an id, or top1: the best-scored target the model stores that is not in the history.
int64_t TargetFor(const ItemToItemModel& model, const std::vector<int64_t>& items,
                  const std::string& target) {
  if (target != "top1") return ParseItemId(target, "--target");
  int64_t best = -1;
  double best_score = 0;
  for (const auto& [item, t] : model.targets) {
    if (std::find(items.begin(), items.end(), item) != items.end()) continue;
    const double score = model.Score(items, item);
    if (best < 0 || score > best_score) {
      best = item;
      best_score = score;
    }
  }
  if (best < 0) throw std::invalid_argument("the model stores no target outside the history");
  return best;
}

}  // namespace

bool IsDistilledHistoryModel(const std::string& path) {
  return path.size() >= 5 && path.compare(path.size() - 5, 5, ".json") == 0;
}

void ExplainDistilledHistory(const ExplainHistoryOptions& o) {
  CheckFlags(o);
  const ItemToItemModel model = ParseItemToItemJson(ReadText(o.model), o.model);
  const auto histories = ParseHistoriesCsv(ReadText(o.histories), o.histories);
  const RowRange range =
      ParseRowRange(o.rows, static_cast<Eigen::Index>(histories.size()), o.histories);
  std::unique_ptr<ItemCatalog> catalog;
  if (!o.items.empty()) catalog = std::make_unique<ItemCatalog>(ReadItemCatalog(o.items, ""));
  std::vector<Explanation> rows;
  for (Eigen::Index r = range.begin; r < range.end; ++r) {
    const std::vector<int64_t>& items = histories[static_cast<size_t>(r)];
    const int64_t target = TargetFor(model, items, o.target);
    const std::vector<double> terms = model.Contributions(items, target);
    Explanation e;
    e.method = "item_to_item";
    e.player_names = UniqueNames(catalog ? catalog->Names(items) : ItemNames(items));
    e.values = Eigen::Map<const Eigen::RowVectorXd>(terms.data(), 1, terms.size());
    e.std_errors = Eigen::MatrixXd::Zero(1, terms.size());
    e.base_value = Eigen::VectorXd::Constant(1, model.Bias(target));
    e.model_output = Eigen::VectorXd::Constant(1, model.Score(items, target));
    e.settings = {{"family", "item_to_item"}, {"decay", model.decay}};
    Json positions = Json::array();
    for (size_t p = 0; p < items.size(); ++p) positions.push_back({p});
    e.extra = {{"history", items}, {"target", target}, {"player_items", std::move(positions)}};
    rows.push_back(std::move(e));
  }
  Json json = HistoryExplanationsToJson(rows, "score");
  json["settings"]["rows"] = {range.begin, range.end};
  WriteJson(json.dump() + "\n", o.out);
}

}  // namespace whyrec
