#include "native/explain_history_command.h"

#include <algorithm>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <vector>

#include "core/explain/sequence/history_config.h"
#include "core/explain/sequence/history_csv.h"
#include "core/explain/sequence/history_json.h"
#include "native/error_context.h"
#include "native/explain_distilled_history.h"
#include "native/explain_history.h"
#include "native/item_catalog.h"
#include "native/labeled_table.h"
#include "native/number_checks.h"
#include "native/parallel_rows.h"
#include "native/progress_bar.h"
#include "native/read_text.h"
#include "native/row_range.h"

namespace whyrec {
namespace {

using Json = nlohmann::ordered_json;

// The Shapley flags under the keys `whyrec explain` and the JS API use.
Json MethodSettings(const ExplainHistoryOptions& o) {
  Json settings;
  settings["max_batch_rows"] = o.max_batch_rows;
  if (o.seed) settings["seed"] = *o.seed;
  if (o.budget > 0) settings["budget"] = o.budget;
  settings["tolerance"] = o.tolerance;
  if (o.sampling) settings["sampling"] = *o.sampling;
  if (o.surrogate) settings["surrogate"] = *o.surrogate;
  if (o.steps) settings["steps"] = *o.steps;
  if (o.method == "counterfactual") settings.update(CounterfactualSettings(o));
  return settings;
}

// How many items the model scores: the width of its scores for the empty history.
int64_t ScoredItems(HistoryModel& model, const Json& layout) {
  const IdBatch empty = IdBatch::Constant(1, layout["history_length"].get<int64_t>(),
                                          layout["pad_id"].get<int64_t>());
  return model.Scores(empty).cols();
}

// --target: an item id the model scores, or top1 (the config then has no target).
void AddTarget(const ExplainHistoryOptions& o, Json& config) {
  if (o.target == "top1") return;
  const int64_t id = ParseItemId(o.target, "--target");
  const int64_t items = config["num_items"].get<int64_t>();
  if (id >= items) {
    throw std::invalid_argument("--target " + o.target + " is unknown: " + o.model +
                                " scores ids 0.." + std::to_string(items - 1));
  }
  if (id == config["pad_id"].get<int64_t>()) {
    throw std::invalid_argument("--target " + o.target + " is the padding id");
  }
  config["target"] = id;
}

// --candidates: comma-separated item ids (the pool a counterfactual may add from).
std::vector<int64_t> ParseCandidates(const std::string& text) {
  std::vector<int64_t> ids;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t end = std::min(text.find(',', start), text.size());
    ids.push_back(ParseItemId(text.substr(start, end - start),
                              "--candidates item " + std::to_string(ids.size())));
    start = end + 1;
  }
  return ids;
}

// The flags only --method counterfactual reads, checked against the method.
void CheckCounterfactualFlags(const ExplainHistoryOptions& o, Json& shared) {
  CheckCounterfactualOnlyFlags(o);
  if (o.method != "counterfactual") return;
  if (o.faithfulness) {
    throw std::invalid_argument("--faithfulness does not apply to --method counterfactual");
  }
  if (o.counterfactual == "add") {
    if (o.candidates.empty()) {
      throw std::invalid_argument("--counterfactual add needs --candidates: the ids it may add");
    }
    if (o.target == "top1") {
      throw std::invalid_argument(
          "--counterfactual add needs --target ID: the item to bring into the top k");
    }
    shared["candidates"] = ParseCandidates(o.candidates);
  } else if (!o.candidates.empty()) {
    throw std::invalid_argument("--candidates applies to --counterfactual add only");
  }
}

// One history's settings: the shared ones plus its items' names and groups. Checks the history
// against the layout and the model's items, so that a bad line fails before any is explained.
Json HistoryConfigFor(const Json& shared, const std::vector<int64_t>& items,
                      const ItemCatalog* catalog) {
  Json config = shared;
  const History check(items, ParseHistoryLayout(config), config["num_items"].get<int64_t>());
  if (catalog) {
    config["item_names"] = catalog->Names(items);
    if (config.contains("candidates")) {
      config["candidate_names"] = catalog->Names(config["candidates"].get<std::vector<int64_t>>());
    }
    if (!catalog->group_column.empty()) config["groups"] = catalog->Groups(items);
  }
  return config;
}

// --method auto picks exact or Kernel SHAP by each history's number of players, so rows may
// disagree: each says what it used ("chosen_method"), and the top level does when all agree.
void RecordAutoChoices(std::vector<Explanation>& explanations) {
  const std::string& first = explanations.front().method;
  const bool agree = std::all_of(explanations.begin(), explanations.end(),
                                 [&](const Explanation& e) { return e.method == first; });
  for (auto& e : explanations) {
    e.extra["chosen_method"] = e.method;
    if (!agree) e.method = "auto";
  }
}

}  // namespace

nlohmann::ordered_json CounterfactualSettings(const ExplainHistoryOptions& o) {
  Json settings = {{"k", o.k},
                   {"counterfactual", o.counterfactual},
                   {"beam_width", o.beam_width},
                   {"search", o.search}};
  if (o.exhaustive_rows) settings["exhaustive_rows"] = *o.exhaustive_rows;
  return settings;
}

void CheckCounterfactualOnlyFlags(const ExplainHistoryOptions& o) {
  if (o.method != "counterfactual" &&
      (o.k != 1 || o.counterfactual != "remove" || !o.candidates.empty() || o.beam_width != 4 ||
       o.exhaustive_rows || o.search != "full")) {
    throw std::invalid_argument(
        "--k, --counterfactual, --candidates, --beam-width, --exhaustive-rows and --search apply "
        "to --method counterfactual only");
  }
}

void AddExplainHistoryCommand(CLI::App& app, ExplainHistoryOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "explain-history", "Explain a next-item model's recommendation by the items of a history");
  cmd->add_option("--model", o.model,
                  "ONNX history model: one int64 input [batch, L] of item ids, item scores "
                  "[batch, items] among its outputs; or a distilled item_to_item model (.json)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--histories", o.histories,
                  "One history per line: item ids oldest first, comma-separated, no header; "
                  "line r + 1 is row r")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--items", o.items,
                  "CSV with a header naming 'item' and 'title' columns: titles name the players")
      ->check(CLI::ExistingFile);
  cmd->add_option("--group-by", o.group_by,
                  "A column of --items (its value up to the first '|'): items with the same "
                  "value are one player");
  cmd->add_option("--rows", o.rows,
                  "Histories to explain, A:B = rows A..B-1 (0-based); A:, :B and A also work. "
                  "Default: all");
  cmd->add_option("--target", o.target,
                  "The explained item: an id, or top1 (the highest-scoring item not in the "
                  "history and not the padding id)")
      ->capture_default_str();
  cmd->add_option("--contrast", o.contrast,
                  "Why the target above this item: explain f(target) - f(contrast)")
      ->check(NonNegativeNumber());
  cmd->add_option("--output", o.output,
                  "Explain the target's score or its log-probability under a softmax over items")
      ->check(CLI::IsMember({"score", "log_prob"}))
      ->capture_default_str();
  cmd->add_option("--method", o.method, "Explanation method")
      ->check(CLI::IsMember(HistoryMethods()))
      ->capture_default_str();
  cmd->add_option("--scores", o.scores,
                  "The models' scores output (default: the output named 'scores', else the "
                  "first)");
  cmd->add_option("--embeddings-model", o.embeddings_model,
                  "integrated_gradients: the model's form that reads item embeddings "
                  "[batch, L, d] and ids [batch, L]")
      ->check(CLI::ExistingFile);
  cmd->add_option("--steps", o.steps, "integrated_gradients: steps along the path (default 20)")
      ->check(IntegerRange(1, 10000));
  AddHistoryLayoutFlags(cmd, o.layout);
  cmd->add_option("--budget", o.budget,
                  "Coalitions per history for kernel/permutation (default 2G+2048); auto picks "
                  "exact when 2^G <= budget; counterfactual: model calls per history (2048)")
      ->check(PositiveNumber());
  cmd->add_option("--tolerance", o.tolerance,
                  "Sample more coalitions until every standard error is below this (or the "
                  "budget is spent)")
      ->check(NonNegativeNumber());
  cmd->add_option("--sampling", o.sampling,
                  "Kernel SHAP's coalition sizes: leverage (equal per size) or kernel (as shap; "
                  "the default with --surrogate recency, else leverage)")
      ->check(CLI::IsMember({"leverage", "kernel"}));
  cmd->add_option("--surrogate", o.surrogate,
                  "Kernel SHAP's control variate: a cross-fitted surrogate of the game: the "
                  "items' presence and recency with the history's length, no trees (recency; "
                  "default without --group-by), boosted trees plus a function of the length "
                  "(size_trees; default with it), trees, or none")
      ->check(CLI::IsMember({"recency", "size_trees", "trees", "none"}));
  cmd->add_option("--seed", o.seed, "Seed for randomized methods, the same for every history");
  cmd->add_option("--max-batch-rows", o.max_batch_rows, "Most edited histories per model run")
      ->check(PositiveNumber())
      ->capture_default_str();
  cmd->add_flag("--faithfulness", o.faithfulness,
                "Add deletion/insertion curves in the order of the values (field "
                "'faithfulness')");
  cmd->add_option("--k", o.k,
                  "counterfactual: the top k the target must leave (remove) or enter (add)")
      ->check(PositiveNumber())
      ->capture_default_str();
  cmd->add_option("--counterfactual", o.counterfactual,
                  "counterfactual: remove history items, or add items from --candidates")
      ->check(CLI::IsMember({"remove", "add"}))
      ->capture_default_str();
  cmd->add_option("--candidates", o.candidates,
                  "counterfactual add: comma-separated item ids the search may add");
  cmd->add_option("--beam-width", o.beam_width,
                  "counterfactual: edits kept per size by the beam search for smaller ones")
      ->check(PositiveNumber())
      ->capture_default_str();
  cmd->add_option("--exhaustive-rows", o.exhaustive_rows,
                  "counterfactual: most histories spent checking every smaller edit to prove "
                  "minimality (default 1300)")
      ->check(NonNegativeNumber());
  cmd->add_option("--search", o.search,
                  "counterfactual: full, or greedy (occlusion order alone: the baseline)")
      ->check(CLI::IsMember({"full", "greedy"}))
      ->capture_default_str();
  cmd->add_option("--threads", o.threads,
                  "Threads, each explaining whole histories (0: one per core); results do not "
                  "depend on it")
      ->check(NonNegativeNumber())
      ->capture_default_str();
  cmd->add_option("--out", o.out, "Write the JSON here instead of standard output");
  cmd->callback([&o] { RunExplainHistory(o); });
}

void RunExplainHistory(const ExplainHistoryOptions& o) {
  if (IsDistilledHistoryModel(o.model)) return ExplainDistilledHistory(o);
  if (o.steps && o.method != "integrated_gradients") {
    throw std::invalid_argument("--steps applies to --method integrated_gradients only");
  }
  if (!o.group_by.empty() && o.items.empty()) {
    throw std::invalid_argument("--group-by names a column of --items, which is missing");
  }
  HistoryModel model(o.model, o.scores);
  std::unique_ptr<EmbeddingHistoryModel> embeddings;
  if (!o.embeddings_model.empty()) {
    embeddings = std::make_unique<EmbeddingHistoryModel>(o.embeddings_model, o.scores);
  }
  const HistoryModels models{&model, embeddings.get()};
  CheckHistoryModels(o.method, models);

  Json shared = MethodSettings(o);
  const Json layout = LayoutSettings(o.layout, model);
  for (const auto& field : layout.items()) shared[field.key()] = field.value();
  shared["num_items"] = ScoredItems(model, layout);
  shared["output"] = o.output;
  AddTarget(o, shared);
  CheckCounterfactualFlags(o, shared);
  if (o.contrast) shared["contrast"] = *o.contrast;

  const auto histories = ParseHistoriesCsv(ReadText(o.histories), o.histories);
  const RowRange range =
      ParseRowRange(o.rows, static_cast<Eigen::Index>(histories.size()), o.histories);
  std::unique_ptr<ItemCatalog> catalog;
  if (!o.items.empty())
    catalog = std::make_unique<ItemCatalog>(ReadItemCatalog(o.items, o.group_by));
  std::vector<Json> configs;
  for (Eigen::Index r = range.begin; r < range.end; ++r) {
    configs.push_back(WithContext([&] { return HistoryLine(o.histories, r); },
                                  [&] {
                                    return HistoryConfigFor(
                                        shared, histories[static_cast<size_t>(r)], catalog.get());
                                  }));
  }

  std::vector<Explanation> explanations(static_cast<size_t>(range.size()));
  ProgressBar progress(range.size(), "explaining");
  ParallelRows(
      range.begin, range.end, o.threads,
      [&](int64_t r) {
        const auto i = static_cast<size_t>(r - range.begin);
        explanations[i] = WithContext([&] { return HistoryLine(o.histories, r); },
                                      [&] {
                                        return ExplainHistory(o.method, configs[i],
                                                              histories[static_cast<size_t>(r)],
                                                              models, o.faithfulness);
                                      });
      },
      [&] { progress.Advance(); }, /*block=*/1);
  if (o.seed) {
    for (auto& e : explanations) e.seed = o.seed;
  }
  if (o.method == "auto") RecordAutoChoices(explanations);
  Json json = HistoryExplanationsToJson(explanations, o.output);
  for (const auto& field : layout.items()) json["settings"][field.key()] = field.value();
  json["settings"]["rows"] = {range.begin, range.end};
  WriteJson(json.dump() + "\n", o.out);
}

}  // namespace whyrec
