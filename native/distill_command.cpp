#include "native/distill_command.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "core/distill/distill.h"
#include "core/distill/distill_report.h"
#include "core/models/output_column.h"
#include "native/column_flag.h"
#include "native/csv_table.h"
#include "native/distill_output.h"
#include "native/distill_search.h"
#include "native/gzip.h"
#include "native/labeled_table.h"
#include "native/model_loader.h"
#include "native/read_text.h"

namespace whyrec {
namespace {

using Json = nlohmann::ordered_json;

// Each row's list id: the --group column's text, numbered in order of first appearance.
std::vector<int> ListIds(const std::string& text, const DistillCommandOptions& o) {
  const auto records = TokenizeCsv(text, o.data);
  if (records.empty()) throw std::invalid_argument(o.data + " is empty");
  const auto& header = records[0];
  const auto it = std::find(header.begin(), header.end(), o.group);
  if (it == header.end()) {
    throw std::invalid_argument("--group column '" + o.group + "' is not in " + o.data);
  }
  const size_t column = it - header.begin();
  std::map<std::string, int> ids;
  std::vector<int> lists;
  for (size_t r = 1; r < records.size(); ++r) {
    if (records[r].size() == 1 && records[r][0].empty()) continue;  // a trailing blank line
    if (column >= records[r].size()) {
      throw std::invalid_argument(o.data + ": " + CsvRowName(r - 1) + " has no --group column '" +
                                  o.group + "'");
    }
    lists.push_back(ids.emplace(records[r][column], static_cast<int>(ids.size())).first->second);
  }
  return lists;
}

// How an error names row r of the rows scored.
using RowName = std::function<std::string(Eigen::Index)>;

RowName CsvRow(const std::string& path) {
  return [path](Eigen::Index r) { return path + " " + CsvRowName(r); };
}

// Synthetic rows (--augment, or the search's) by their index, as the core's errors name them.
std::string SyntheticRow(Eigen::Index r) { return "synthetic row " + std::to_string(r); }

// The teacher's scores on every row of x, in batches; with --teacher-logit, their logits.
Eigen::VectorXd TeacherScores(Model& teacher, const RowMatrixF& x, const RowName& row_name,
                              const DistillCommandOptions& o) {
  const int output = FindOutput(teacher, o.output);
  const std::string output_name = "the teacher's output '" + teacher.output_names()[output] + "'";
  Eigen::VectorXd scores(x.rows());
  constexpr Eigen::Index kBatch = 65536;
  for (Eigen::Index begin = 0; begin < x.rows(); begin += kBatch) {
    const Eigen::Index n = std::min(kBatch, x.rows() - begin);
    const RowMatrixF out =
        teacher.Predict(ConstMatrixView(x.row(begin).data(), n, x.cols()), output);
    if (out.rows() != n) {
      throw std::invalid_argument("the teacher " + o.model + " returned " +
                                  std::to_string(out.rows()) + " x " + std::to_string(out.cols()) +
                                  " scores for " + std::to_string(n) + " rows");
    }
    const Eigen::Index column = OutputColumn(out.cols(), o.column, output_name, "--column");
    scores.segment(begin, n) = out.col(column).cast<double>();
  }
  if (!o.teacher_logit) return scores;
  for (Eigen::Index r = 0; r < scores.size(); ++r) {
    const double p = scores[r];
    if (!(p > 0.0 && p < 1.0)) {
      throw std::invalid_argument("--teacher-logit: the teacher's output for " + row_name(r) +
                                  " is " + std::to_string(p) + ", not a probability in (0, 1)");
    }
    scores[r] = std::log(p / (1.0 - p));
  }
  return scores;
}

void PrintReport(const DistillCommandOptions& o, const DistillResult& r, size_t gzip_bytes,
                 const FitTimes& times) {
  const char* unit = o.family == "tree" ? " leaves" : o.family == "rule_list" ? " rules" : " terms";
  std::cout << "distilled " << o.model;
  if (o.column >= 0) {
    std::cout << " (column " << o.column << " of its output"
              << (o.output.empty() ? "" : " '" + o.output + "'") << ")";
  }
  std::cout << " into a " << o.family << " surrogate: " << r.terms << unit;
  if (!r.pairs.empty()) std::cout << " (" << r.pairs.size() << " pairs)";
  std::cout << "\nrows: " << r.train_rows << " fitted";
  if (r.synthetic_rows > 0) std::cout << " (and " << r.synthetic_rows << " synthetic)";
  std::cout << ", " << r.holdout_rows << " held out"
            << (o.holdout_data.empty() ? "" : " (" + o.holdout_data + ")")
            << (o.group.empty() || !o.holdout_data.empty() ? ""
                                                           : " (whole lists of " + o.group + ")")
            << "\n";
  PrintFidelity(std::cout, r, gzip_bytes, times);
  std::cout << "wrote " << o.out << "\n";
}

}  // namespace

void AddDistillCommand(CLI::App& app, DistillCommandOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "distill",
      "Distil a teacher model into a self-explaining surrogate (a GA2M or a sparse linear model) "
      "and report its held-out fidelity");
  cmd->add_option("--model", o.model, "The teacher: any model `whyrec explain` reads")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--data", o.data, "CSV of rows to distil on; the header names the features")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--drop", o.drop, "Columns of --data that are not model inputs")->delimiter(',');
  cmd->add_option("--output", o.output, "The teacher's output, by name (default: the first)");
  AddColumnFlag(cmd, o.column, "to fit");
  cmd->add_flag("--teacher-logit", o.teacher_logit,
                "Fit the logit of the teacher's output (a probability); the surrogate gets the "
                "logit link");
  cmd->add_option("--family", o.family,
                  "ga2m (shape functions + pairs), linear (L1 path), tree (CART) or rule_list "
                  "(an ordered decision list)")
      ->check(CLI::IsMember({"ga2m", "linear", "tree", "rule_list"}))
      ->capture_default_str();
  cmd->add_option("--interactions", o.interactions, "ga2m: pair terms, strongest by FAST first")
      ->check(CLI::Range(0, 100000))
      ->capture_default_str();
  cmd->add_option("--bags", o.bags, "ga2m: outer bags averaged")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  cmd->add_option("--max-bins", o.max_bins, "ga2m: quantile bins per feature (plus missing)")
      ->check(CLI::Range(2, 65000))
      ->capture_default_str();
  cmd->add_option("--max-pair-bins", o.max_pair_bins, "ga2m: quantile bins per feature of a pair")
      ->check(CLI::Range(2, 255))
      ->capture_default_str();
  cmd->add_option("--learning-rate", o.learning_rate, "ga2m: boosting step")
      ->check(CLI::Range(1e-6, 1.0))
      ->capture_default_str();
  cmd->add_option("--min-samples-leaf", o.min_samples_leaf,
                  "ga2m: fewest fitted rows on each side of a boosting split")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  cmd->add_option("--smoothing-rounds", o.smoothing_rounds,
                  "ga2m: first boosting rounds that cut at random (smoother shapes)")
      ->check(CLI::Range(0, 1000000))
      ->capture_default_str();
  cmd->add_option("--max-rounds", o.max_rounds,
                  "ga2m: most boosting rounds of each stage (fewer when early stopping ends it)")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  cmd->add_option("--max-terms", o.max_terms, "linear: most non-zero coefficients (0: no budget)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--max-depth", o.max_depth, "tree: most splits from the root to a leaf")
      ->check(CLI::Range(0, 64))
      ->capture_default_str();
  cmd->add_option("--min-leaf-rows", o.min_leaf_rows, "tree: fewest fitted rows in a leaf")
      ->check(CLI::Range(1, 100000000))
      ->capture_default_str();
  cmd->add_option("--max-rules", o.max_rules, "rule_list: rules before the default")
      ->check(CLI::Range(0, 1000))
      ->capture_default_str();
  cmd->add_option("--max-conditions", o.max_conditions,
                  "rule_list: most conditions per rule (the depth of each partial tree)")
      ->check(CLI::Range(1, 16))
      ->capture_default_str();
  cmd->add_option("--min-rule-rows", o.min_rule_rows,
                  "rule_list: fewest fitted rows a rule decides")
      ->check(CLI::Range(1, 100000000))
      ->capture_default_str();
  cmd->add_option("--digits", o.digits,
                  "ga2m, tree, rule_list: significant digits of the written scores")
      ->check(CLI::Range(3, 17))
      ->capture_default_str();
  cmd->add_option("--score-step", o.score_step,
                  "ga2m: write scores as multiples of this share of the teacher's standard "
                  "deviation, rounded down to 1, 2 or 5 times a power of ten (0: --digits alone)")
      ->check(CLI::Range(0.0, 0.1))
      ->capture_default_str();
  cmd->add_option("--seed", o.seed, "Seed of the holdout split and the bags")
      ->capture_default_str();
  cmd->add_option("--holdout", o.holdout, "Share of rows (of lists with --group) held out")
      ->check(CLI::Range(0.01, 0.9))
      ->capture_default_str();
  cmd->add_option("--holdout-data", o.holdout_data,
                  "CSV to measure fidelity on (same columns as --data); then all of --data is "
                  "fitted and --holdout is unused")
      ->check(CLI::ExistingFile);
  cmd->add_option("--augment", o.augment,
                  "Synthetic rows per fitted row for the teacher to score and the surrogate to fit "
                  "beside the data: each a fitted row with every feature, by a coin toss, from "
                  "another fitted row (0: the data alone)")
      ->check(CLI::Range(0, 100))
      ->capture_default_str();
  cmd->add_option("--group", o.group,
                  "Column of candidate-list ids (e.g. user_id): keeps lists whole in the split "
                  "and measures top-k agreement and NDCG@10 per list; not a model input");
  cmd->add_option("--k", o.k, "k of top-k agreement")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  cmd->add_option("--out", o.out, "Write the distilled model JSON here (with --search: the pick)")
      ->required();
  cmd->add_option("--report", o.report, "Also write the fidelity report as JSON here");
  AddDistillSearchOptions(*cmd, o);
  cmd->callback([&o] { RunDistill(o); });
}

namespace {

// One CSV's features and, with --group, each row's list id (the group column is not an input).
struct DistillTable {
  CsvTable data;
  std::vector<int> lists;
};

DistillOptions DistillOptionsOf(const DistillCommandOptions& o) {
  DistillOptions options;
  options.family = o.family;
  options.ga2m.interactions = o.interactions;
  options.ga2m.bags = o.bags;
  options.ga2m.max_bins = o.max_bins;
  options.ga2m.max_pair_bins = o.max_pair_bins;
  options.ga2m.boosting.learning_rate = o.learning_rate;
  options.ga2m.boosting.min_samples_leaf = o.min_samples_leaf;
  options.ga2m.boosting.smoothing_rounds = o.smoothing_rounds;
  options.ga2m.boosting.max_rounds = o.max_rounds;
  options.lasso.max_terms = o.max_terms;
  options.digits = o.digits;
  options.score_step = o.score_step;
  options.seed = o.seed;
  options.holdout = o.holdout;
  options.augment = o.augment;
  options.k = o.k;
  options.link = o.teacher_logit ? Link::kLogit : Link::kIdentity;
  options.tree.max_depth = o.max_depth;
  options.tree.min_leaf_rows = o.min_leaf_rows;
  options.rule_list.max_rules = o.max_rules;
  options.rule_list.max_conditions = o.max_conditions;
  options.rule_list.min_rule_rows = o.min_rule_rows;
  return options;
}

DistillTable ReadTable(const std::string& path, const Model& teacher,
                       const DistillCommandOptions& o) {
  DistillCommandOptions named = o;
  named.data = path;
  const std::string text = ReadText(path);
  std::vector<std::string> drop = o.drop;
  DistillTable table;
  if (!o.group.empty()) {
    table.lists = ListIds(text, named);
    if (std::find(drop.begin(), drop.end(), o.group) == drop.end()) drop.push_back(o.group);
  }
  table.data = ParseNumericCsv(text, path, drop);
  if (teacher.input_width() >= 0 && teacher.input_width() != table.data.values.cols()) {
    throw std::invalid_argument(path + " has " + std::to_string(table.data.values.cols()) +
                                " feature columns (after --drop and --group) but the teacher " +
                                o.model + " expects " + std::to_string(teacher.input_width()));
  }
  if (!table.lists.empty() &&
      static_cast<Eigen::Index>(table.lists.size()) != table.data.values.rows()) {
    throw std::invalid_argument(path + ": the --group column has " +
                                std::to_string(table.lists.size()) + " rows, the data " +
                                std::to_string(table.data.values.rows()));
  }
  return table;
}

}  // namespace

void RunDistill(const DistillCommandOptions& o) {
  auto teacher = LoadModel(o.model);
  const DistillTable fit = ReadTable(o.data, *teacher, o);
  DistillTable held;
  if (!o.holdout_data.empty()) {
    held = ReadTable(o.holdout_data, *teacher, o);
    if (held.data.header != fit.data.header) {
      throw std::invalid_argument(o.holdout_data + " does not have the columns of " + o.data);
    }
  }
  const FitClock teacher_clock;
  const Eigen::VectorXd scores = TeacherScores(*teacher, fit.data.values, CsvRow(o.data), o);
  const Eigen::VectorXd held_scores =
      o.holdout_data.empty() ? Eigen::VectorXd()
                             : TeacherScores(*teacher, held.data.values, CsvRow(o.holdout_data), o);
  FitTimes times;
  times.teacher_seconds = teacher_clock.wall_seconds();
  const FitClock fit_clock;

  const DistillOptions options = DistillOptionsOf(o);
  if (o.search) {
    RunDistillSearch(o, fit.data.values, scores, fit.data.header, fit.lists, options,
                     [&](const RowMatrixF& synthetic) {
                       return TeacherScores(*teacher, synthetic, SyntheticRow, o);
                     });
    return;
  }
  DistillResult result;
  try {
    // Split here (once: the synthetic rows are crossed from its fitted part) unless
    // --holdout-data gives the held-out rows.
    const bool split_here = o.holdout_data.empty();
    const DistillSplit split =
        split_here ? SplitForDistill(fit.data.values, scores, fit.data.header, fit.lists, options)
                   : DistillSplit();
    const RowMatrixF& x_fit = split_here ? split.x_fit : fit.data.values;
    const Eigen::VectorXd& t_fit = split_here ? split.t_fit : scores;
    const RowMatrixF& x_held = split_here ? split.x_held : held.data.values;
    const Eigen::VectorXd& t_held = split_here ? split.t_held : held_scores;
    const std::vector<int>& held_lists = split_here ? split.held_lists : held.lists;
    // Inside the fit's clock: scoring synthetic rows is a cost of fitting this way.
    SyntheticRows synthetic;
    if (options.augment > 0) {
      synthetic.x = SyntheticRowsFor(x_fit, options);
      synthetic.t = TeacherScores(*teacher, synthetic.x, SyntheticRow, o);
    }
    result = DistillOnSplit(x_fit, t_fit, x_held, t_held, held_lists, fit.data.header, options,
                            synthetic);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(o.data + (o.holdout_data.empty() ? "" : " / " + o.holdout_data) +
                                " with teacher " + o.model + ": " + e.what());
  }
  times.fit_seconds = fit_clock.wall_seconds();
  times.fit_cpu_seconds = fit_clock.cpu_seconds();
  const size_t gzip_bytes = Gzip(result.model_json).size();
  WriteJson(result.model_json + "\n", o.out);
  if (!o.report.empty()) {
    Json report = DistillReportJson({o.model, o.family, o.seed, o.group}, result);
    AddFitFields(report, gzip_bytes, times);
    WriteJson(report.dump(2) + "\n", o.report);
  }
  PrintReport(o, result, gzip_bytes, times);
}

}  // namespace whyrec
