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
  if (!counterfactual && (o.k != 1 || o.counterfactual != "remove" || !o.candidates.empty() ||
                          o.beam_width != 4 || o.exhaustive_rows || o.search != "full")) {
    throw std::invalid_argument(
        "--k, --counterfactual, --candidates, --beam-width, --exhaustive-rows and --search apply "
        "to --method counterfactual only");
  }
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

// --method counterfactual's settings, as ItemToItemCounterfactual reads them.
Json CounterfactualSettings(const ExplainHistoryOptions& o) {
  Json settings = {{"k", o.k}, {"beam_width", o.beam_width}, {"search", o.search}};
  if (o.budget > 0) settings["budget"] = o.budget;
  if (o.exhaustive_rows) settings["exhaustive_rows"] = *o.exhaustive_rows;
  return settings;
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
    // Errors name the history's line (from 1), as for history models.
    try {
      rows.push_back(Explain(model, items, o, catalog.get()));
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument(o.histories + ": line " + std::to_string(r + 1) + ": " +
                                  e.what());
    }
  }
  Json json = HistoryExplanationsToJson(rows, "score");
  json["settings"]["rows"] = {range.begin, range.end};
  WriteJson(json.dump() + "\n", o.out);
}

}  // namespace whyrec
