#include "native/distill_history_command.h"

#include <algorithm>
#include <fstream>
#include <iostream>
#include <numeric>
#include <sstream>
#include <stdexcept>

#include "core/distill/distill_report.h"
#include "core/distill/item_to_item_distill.h"
#include "core/explain/sequence/history_config.h"
#include "core/explain/sequence/history_csv.h"
#include "core/random.h"
#include "native/distill_output.h"
#include "native/distill_search.h"
#include "native/gzip.h"
#include "native/history_teacher.h"
#include "native/labeled_table.h"
#include "native/number_checks.h"
#include "native/read_text.h"
#include "native/row_range.h"

namespace whyrec {
namespace {

using Json = nlohmann::ordered_json;

// The selected users split by a seeded shuffle: the first `holdout` share held out.
void SplitUsers(const RowRange& range, const DistillHistoryOptions& o, std::vector<int>& fit,
                std::vector<int>& held) {
  std::vector<int> users(range.size());
  std::iota(users.begin(), users.end(), static_cast<int>(range.begin));
  if (users.size() < 2) {
    throw std::invalid_argument(o.histories + ": distilling needs at least 2 histories (" +
                                std::to_string(users.size()) + " selected)");
  }
  Random random(o.seed ^ 0x4157041ULL);
  for (size_t i = users.size() - 1; i > 0; --i) std::swap(users[i], users[random.Below(i + 1)]);
  const size_t n_held =
      std::clamp<size_t>(std::lround(o.holdout * users.size()), 1, users.size() - 1);
  held.assign(users.begin(), users.begin() + n_held);
  fit.assign(users.begin() + n_held, users.end());
  std::sort(held.begin(), held.end());
  std::sort(fit.begin(), fit.end());
}

// The held-out rows as CSV (user line from 0, prefix length, target, teacher and surrogate
// scores), for checking the reported fidelity independently.
void WriteHoldoutRows(const ItemToItemData& held, const std::vector<int>& user_of_history,
                      const ItemToItemModel& model, const std::string& path) {
  std::ostringstream csv;
  csv << std::setprecision(17) << "user,length,target,teacher,surrogate\n";
  for (int r = 0; r < held.rows(); ++r) {
    const auto& h = held.histories[held.history[r]];
    csv << user_of_history[held.history[r]] << "," << h.size() << "," << held.target[r] << ","
        << held.score[r] << "," << model.Score(h, held.target[r]) << "\n";
  }
  std::ofstream file(path, std::ios::binary);
  file << csv.str();
  file.flush();
  if (!file) throw std::runtime_error("cannot write " + path);
}

}  // namespace

void AddDistillHistoryCommand(CLI::App& app, DistillHistoryOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "distill-history",
      "Distil a history model (a next-item recommender) into a self-explaining item-to-item "
      "model and report its held-out fidelity");
  cmd->add_option("--model", o.model,
                  "The teacher: an ONNX history model, as explain-history reads")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--histories", o.histories,
                  "One history per line (item ids oldest first, comma-separated): the users")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--rows", o.rows, "The users (lines, A:B = A..B-1 from 0) to use; default all");
  cmd->add_option("--scores", o.scores,
                  "The teacher's scores output (default: scores, else the first)");
  AddHistoryLayoutFlags(cmd, o.layout);
  cmd->add_option("--prefixes", o.draw.prefixes,
                  "Histories per user: the whole one and prefixes of evenly spaced lengths")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  cmd->add_option("--top", o.draw.top, "Candidates per history: the teacher's top items")
      ->check(CLI::Range(0, 1000000))
      ->capture_default_str();
  cmd->add_option("--sampled", o.draw.sampled, "... and this many other items, drawn by --seed")
      ->check(CLI::Range(0, 1000000))
      ->capture_default_str();
  cmd->add_option("--max-batch-rows", o.draw.max_batch_rows, "Histories per teacher run")
      ->check(PositiveNumber())
      ->capture_default_str();
  cmd->add_option("--decay", o.fit.decays,
                  "Decay r of the position weights r^m (m: items after it); several: chosen on "
                  "20% of the fitted histories")
      ->delimiter(',')
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  cmd->add_option("--l2", o.fit.l2, "Ridge penalty on the factors and the sparse pair weights")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--max-pairs-per-target", o.fit.max_pairs_per_target,
                  "Strongest sparse pairs kept per target (-1: all)")
      ->check(CLI::Range(-1, 100000000))
      ->capture_default_str();
  cmd->add_option(
         "--pair-budget", o.fit.pair_budget,
         "Strongest sparse pairs kept in all (-1: all; 0: none; with --rank 0, the biases alone)")
      ->check(CLI::Range(-1, 100000000))
      ->capture_default_str();
  cmd->add_option("--rank", o.fit.rank,
                  "Rank of the low-rank part w = u_i . v_t fitted before the pairs (0: none)")
      ->check(CLI::Range(0, 1024))
      ->capture_default_str();
  cmd->add_option("--factor-iterations", o.fit.factor_iterations,
                  "Alternating least squares rounds of the low-rank part")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  cmd->add_option("--holdout", o.holdout, "Share of users held out for measuring")
      ->check(CLI::Range(0.01, 0.9))
      ->capture_default_str();
  cmd->add_option("--seed", o.seed,
                  "Seed of the user split, the sampled candidates, the decay's validation")
      ->capture_default_str();
  cmd->add_option("--k", o.k, "k of top-k agreement")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  cmd->add_option("--digits", o.digits, "Significant digits of the written numbers")
      ->check(CLI::Range(3, 17))
      ->capture_default_str();
  cmd->add_flag("--search", o.search,
                "Fit the settings grid (baselines, sparse pair budgets, ranks) and write "
                "the Pareto front (--front) and the pick (--out)");
  cmd->add_option("--search-metric", o.search_metric, "--search: the fidelity traded against size")
      ->check(CLI::IsMember({"holdout_r2", "top_k_agreement", "ndcg_at_10"}))
      ->capture_default_str();
  cmd->add_option("--time-budget", o.time_budget, "--search: seconds; later fits are skipped")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--tolerance", o.tolerance,
                  "--search: pick the smallest model within this share of the best fidelity")
      ->check(CLI::Range(0.0, 0.99))
      ->capture_default_str();
  cmd->add_option("--max-gzip-bytes", o.max_gzip_bytes,
                  "--search: pick only models this small (0: any)")
      ->capture_default_str();
  cmd->add_option("--front", o.front, "--search: write the front (whyrec-distill-front JSON) here");
  cmd->add_option("--out", o.out, "Write the distilled model JSON here")->required();
  cmd->add_option("--report", o.report, "Also write the fidelity report as JSON here");
  cmd->add_option("--holdout-rows", o.holdout_rows,
                  "Also write the held-out teacher rows with the surrogate's scores as CSV here");
  cmd->callback([&o] { RunDistillHistory(o); });
}

void RunDistillHistory(const DistillHistoryOptions& o) {
  if (!o.search && (!o.front.empty())) throw std::invalid_argument("--front needs --search");
  HistoryModel teacher(o.model, o.scores);
  const Json layout_settings = LayoutSettings(o.layout, teacher);
  const HistoryLayout layout = ParseHistoryLayout(layout_settings);
  const IdBatch empty = IdBatch::Constant(1, layout.length, layout.pad_id);
  const int64_t num_items = teacher.Scores(empty).cols();

  const auto lines = ParseHistoriesCsv(ReadText(o.histories), o.histories);
  if (lines.empty()) throw std::invalid_argument(o.histories + " has no histories");
  const RowRange range =
      ParseRowRange(o.rows, static_cast<Eigen::Index>(lines.size()), o.histories);
  std::vector<int> fit_users, held_users;
  SplitUsers(range, o, fit_users, held_users);

  HistoryTeacherOptions draw = o.draw;
  draw.seed = o.seed;
  const FitClock teacher_clock;
  const ItemToItemData fit =
      DrawHistoryTeacherRows(teacher, layout, num_items, lines, fit_users, o.histories, draw).data;
  const HistoryTeacherRows held_rows =
      DrawHistoryTeacherRows(teacher, layout, num_items, lines, held_users, o.histories, draw);
  const ItemToItemData& held = held_rows.data;
  FitTimes times;
  times.teacher_seconds = teacher_clock.wall_seconds();

  ItemToItemOptions options = o.fit;
  options.seed = o.seed;
  const std::string context = o.histories + " with teacher " + o.model + ": ";
  if (o.search) {
    SearchOptions search =
        SearchFlags(o.search_metric, o.time_budget, o.tolerance, o.max_gzip_bytes);
    search.base.seed = o.seed;
    search.base.k = o.k;
    search.base.digits = o.digits;
    SearchResult result;
    try {
      result = SearchItemToItem(fit, held, options, search);
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument(context + "--search: " + e.what());
    }
    WriteSearchOutputs(result, search, {o.model, o.out, o.front, o.report});
    return;
  }
  const FitClock fit_clock;
  DistillResult result;
  try {
    result = DistillItemToItem(fit, held, options, o.k, o.digits);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(context + e.what());
  }
  times.fit_seconds = fit_clock.wall_seconds();
  times.fit_cpu_seconds = fit_clock.cpu_seconds();
  const ItemToItemModel model = ParseItemToItemJson(result.model_json, o.out);
  const size_t gzip_bytes = Gzip(result.model_json).size();
  WriteJson(result.model_json + "\n", o.out);
  if (!o.holdout_rows.empty()) {
    WriteHoldoutRows(held, held_rows.user, model, o.holdout_rows);
  }
  Json report = DistillReportJson({o.model, "item_to_item", o.seed, ""}, result);
  report.erase("pairs");
  report["pair_weights"] = model.Pairs();
  report["targets"] = model.targets.size();
  report["decay"] = model.decay;
  report["rank"] = model.rank;
  AddFitFields(report, gzip_bytes, times);
  report["users"] = {{"fitted", fit_users.size()}, {"held_out", held_users.size()}};
  report["histories"] = {{"fitted", fit.histories.size()}, {"held_out", held.histories.size()}};
  report["held_out_users"] = held_users;
  if (!o.report.empty()) WriteJson(report.dump(2) + "\n", o.report);

  std::cout << "distilled " << o.model << " into an item_to_item surrogate: " << model.Pairs()
            << " pair weights, rank " << model.rank << ", " << model.targets.size()
            << " targets, decay " << model.decay << "\nrows: " << result.train_rows << " fitted ("
            << fit_users.size() << " users), " << result.holdout_rows << " held out ("
            << held_users.size() << " users, " << held.histories.size() << " lists)\n";
  PrintFidelity(std::cout, result, gzip_bytes, times);
  std::cout << "wrote " << o.out << "\n";
}

}  // namespace whyrec
