#include "native/explain_distilled_history.h"

#include <cctype>
#include <fstream>
#include <memory>
#include <stdexcept>

#include "core/distill/item_to_item_model.h"
#include "core/explain/counterfactual/item_to_item_counterfactual.h"
#include "core/explain/sequence/history.h"
#include "core/explain/sequence/history_csv.h"
#include "core/explain/sequence/history_json.h"
#include "core/explain/sequence/item_to_item_terms.h"
#include "native/error_context.h"
#include "native/item_catalog.h"
#include "native/labeled_table.h"
#include "native/read_text.h"
#include "native/row_range.h"

namespace whyrec {
namespace {

using Json = nlohmann::ordered_json;

// The flags a distilled model has no use for: its explanation is its terms, or (method
// counterfactual) the fewest items whose removal changes its top k.
void CheckFlags(const ExplainHistoryOptions& o) {
  const bool counterfactual = o.method == "counterfactual";
  if (o.method != "auto" && o.method != "exact" && !counterfactual) {
    throw std::invalid_argument("--method " + o.method +
                                ": a distilled history model is explained by its own terms "
                                "(exact) or by a counterfactual; use --method auto, exact or "
                                "counterfactual");
  }
  CheckCounterfactualOnlyFlags(o);
  const std::pair<bool, const char*> unused[] = {
      {o.output != "score", "--output"},
      {o.contrast.has_value(), "--contrast"},
      {!o.group_by.empty(), "--group-by"},
      {!o.embeddings_model.empty(), "--embeddings-model"},
      {o.faithfulness, "--faithfulness"},
      {o.seed.has_value() || o.steps.has_value(), "--seed, --steps"},
      {o.budget > 0 && !counterfactual, "--budget"},
      {o.counterfactual == "add" || !o.candidates.empty(), "--counterfactual add, --candidates"},
  };
  for (const auto& [set, flag] : unused) {
    if (set) {
      throw std::invalid_argument(std::string(flag) +
                                  " does not apply to a distilled history model: its "
                                  "explanation is its terms or the removal of history items");
    }
  }
}

// --target: an id, or top1: the best-scored target the model stores that is not in the history.
int64_t TargetFor(const ItemToItemModel& model, const std::vector<int64_t>& items,
                  const std::string& target) {
  return target == "top1" ? ItemToItemTopTarget(model, items) : ParseItemId(target, "--target");
}

// One history's explanation: the model's terms for the target, or its counterfactual.
Explanation Explain(const ItemToItemModel& model, const std::vector<int64_t>& items,
                    const ExplainHistoryOptions& o, const ItemCatalog* catalog) {
  const int64_t target = TargetFor(model, items, o.target);
  const std::vector<std::string> names =
      catalog ? catalog->Names(items) : std::vector<std::string>{};
  if (o.method != "counterfactual") return ItemToItemTerms(model, items, target, names);
  Json settings = CounterfactualSettings(o);
  if (o.budget > 0) settings["budget"] = o.budget;
  if (!names.empty()) settings["item_names"] = names;
  return ItemToItemCounterfactual(model, items, target, settings);
}

}  // namespace

bool IsDistilledHistoryModel(const std::string& path) {
  // By content, as the model loader tells formats apart: an ONNX file (protobuf) never starts
  // with '{', a JSON object always does, whatever the files are named.
  std::ifstream file(path, std::ios::binary);
  char c = 0;
  while (file.get(c) && std::isspace(static_cast<unsigned char>(c))) {
  }
  return file && c == '{';
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
    rows.push_back(WithContext([&] { return HistoryLine(o.histories, r); },
                               [&] { return Explain(model, items, o, catalog.get()); }));
  }
  Json json = HistoryExplanationsToJson(rows, "score");
  json["settings"]["rows"] = {range.begin, range.end};
  WriteJson(json.dump() + "\n", o.out);
}

}  // namespace whyrec
