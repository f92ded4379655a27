#include "native/explain_command.h"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <stdexcept>

#include "core/background.h"
#include "core/background_summary.h"
#include "core/explain/contrast.h"
#include "core/explain/pairwise_probability.h"
#include "core/explain/trees/tree_shap.h"
#include "core/groups_json.h"
#include "native/csv_row_stream.h"
#include "native/csv_table.h"
#include "native/explanation_sink.h"
#include "native/job_output.h"
#include "native/missing_flags.h"
#include "native/model_features.h"
#include "native/model_loader.h"
#include "native/number_checks.h"
#include "native/progress_bar.h"
#include "native/read_text.h"
#include "native/row_explainer.h"
#include "native/row_range.h"
#include "native/shard.h"
#ifdef WHYREC_HAS_CUDA
#include "native/cuda/cuda_explanations.h"
#endif

namespace whyrec {
namespace {

void RequireSameColumns(const std::vector<std::string>& data,
                        const std::vector<std::string>& background, const ExplainOptions& options) {
  if (data == background) return;
  if (data.size() != background.size()) {
    throw std::invalid_argument(options.background + " has " + std::to_string(background.size()) +
                                " feature columns, " + options.data + " has " +
                                std::to_string(data.size()) + " (after --drop)");
  }
  for (size_t c = 0; c < data.size(); ++c) {
    if (data[c] != background[c]) {
      throw std::invalid_argument("column " + std::to_string(c + 1) + " is '" + data[c] + "' in " +
                                  options.data + " but '" + background[c] + "' in " +
                                  options.background);
    }
  }
}

// --contrast's method checks: a Shapley method (LIME's and Anchors' answers are not additive
// games), no interaction values, on the CPU.
void CheckContrastMethod(const ExplainOptions& o, const std::string& method) {
  if (method == "lime" || method == "anchors") {
    throw std::invalid_argument(
        "--contrast needs a Shapley method (exact, kernel, permutation, "
        "auto, linear, tree), not " +
        method);
  }
  if (o.interactions)
    throw std::invalid_argument("--contrast does not combine with --interactions");
  if (o.device != "cpu") throw std::invalid_argument("--contrast runs on the CPU: drop --device");
  // sigmoid(f(A) - f(B)) is no difference of two explanations: it is a game of its own, played
  // by the model-agnostic methods (core/explain/pairwise_probability.h).
  if (o.contrast_output == "prob" && !PlaysPairwiseProbability(method)) {
    throw std::invalid_argument(
        "--contrast-output prob explains sigmoid(f(row) - f(B)), which is not the difference of "
        "two explanations: use --method exact, kernel, permutation or auto, not " +
        method);
  }
}

// A --drop name must be a column of --data, or with a background of either file.
DropPolicy DataDropPolicy(const ExplainOptions& o) {
  return o.background.empty() ? DropPolicy::kRequired : DropPolicy::kIfPresent;
}

// Row `index` of --data, read through the file (it may lie outside the explained rows).
Eigen::VectorXf ReadContrastRow(const ExplainOptions& o, int64_t index) {
  CsvRowStream stream(o.data, o.drop, DataDropPolicy(o), o.missing);
  for (;;) {
    const RowMatrixF block = stream.Next(o.chunk_rows);
    if (block.rows() == 0) break;
    const int64_t first = stream.rows_read() - block.rows();
    if (index >= first && index < stream.rows_read()) return block.row(index - first).transpose();
  }
  const int64_t rows = stream.rows_read();
  throw std::invalid_argument("--contrast " + std::to_string(index) + " is not a row of " + o.data +
                              " (rows 0.." + std::to_string(rows - 1) +
                              ", from 0 after the header)");
}

void RequireModelWidth(const Model& model, const std::vector<std::string>& header,
                       const ExplainOptions& options) {
  const int expected = model.input_width();
  const int got = static_cast<int>(header.size());
  if (expected >= 0 && expected != got) {
    throw std::invalid_argument(options.data + " has " + std::to_string(got) +
                                " feature columns (after --drop) but the model " + options.model +
                                " expects " + std::to_string(expected) + " inputs");
  }
  const std::vector<std::string> names = ModelFeatureNames(model);
  for (size_t c = 0; c < names.size() && c < header.size(); ++c) {
    if (!names[c].empty() && names[c] != header[c]) {
      throw std::invalid_argument("the model's feature " + std::to_string(c + 1) + " is '" +
                                  names[c] + "' but column " + std::to_string(c + 1) + " of " +
                                  options.data + " is '" + header[c] + "'");
    }
  }
}

// The rows a job explains: --rows, then --shard's part of them. The end is unknown (read to the
// end of the file) unless --rows gives one or --shard needed the rows counted.
struct JobRows {
  int64_t begin = 0;
  std::optional<int64_t> end;
};

// The rows the job explains, where known before they are read: --rows' range, within the file's
// rows once it has been read whole (a file under the read chunk); -1 when neither says.
int64_t ExpectedRows(const JobRows& rows, const CsvRowStream& data) {
  const int64_t in_file = data.rows_if_read();
  if (in_file < 0) return rows.end ? *rows.end - rows.begin : -1;
  return std::max<int64_t>(std::min(rows.end.value_or(in_file), in_file) - rows.begin, 0);
}

JobRows PlanRows(const ExplainOptions& o) {
  constexpr auto kUnbounded = std::numeric_limits<Eigen::Index>::max();
  const auto count = [&] { return CountCsvRows(o.data, o.drop, DataDropPolicy(o), o.missing); };
  RowRange range;
  try {
    range = ParseRowRange(o.rows, kUnbounded, o.data);
  } catch (const std::invalid_argument&) {
    // Only the number of rows says what is wrong with a selection ("5:5" of how many?).
    ParseRowRange(o.rows, count(), o.data);
    throw;
  }
  if (o.shard.empty()) {
    return {range.begin, range.end == kUnbounded ? std::nullopt : std::optional(range.end)};
  }
  const Shard shard = ParseShard(o.shard);
  const RowRange rows = ParseRowRange(o.rows, count(), o.data);
  const RowRange part = ShardRows(rows, shard);
  // A JSON document needs a row (its base value, its players); the line formats can be empty.
  if (part.size() == 0 && ParseOutputFormat(o.format) == OutputFormat::kJson) {
    throw std::invalid_argument("--shard " + o.shard + ": " + std::to_string(rows.size()) +
                                " rows leave this part empty; use fewer shards, or --format "
                                "jsonl or csv, whose empty parts are empty files");
  }
  return {part.begin, part.end};
}

// The rows an interrupted run already wrote (--resume), checked to be the first rows of this job.
int64_t KeptRows(OutputFormat format, const JobOutput& output, int64_t begin) {
  const int64_t header_lines = format == OutputFormat::kCsv ? 1 : 0;
  const int64_t kept = std::max<int64_t>(0, output.kept_lines() - header_lines);
  if (kept == 0) return 0;
  const int64_t last = StreamedLineRow(format, output.last_kept_line());
  if (last != begin + kept - 1) {
    throw std::invalid_argument(
        "--resume: " + output.partial_path() + " holds " + std::to_string(kept) +
        " rows, the last of them row " + std::to_string(last) + ", but this job's first " +
        std::to_string(kept) + " rows end at row " + std::to_string(begin + kept - 1) +
        ": it was written by another job (remove it or drop --resume)");
  }
  return kept;
}

// The flags that configure model-agnostic methods, under the names the JS API uses too.
nlohmann::ordered_json MethodSettings(const ExplainOptions& o) {
  nlohmann::ordered_json settings;
  settings["max_batch_rows"] = o.max_batch_rows;
  if (o.seed) settings["seed"] = *o.seed;
  if (o.budget > 0) settings["budget"] = o.budget;
  settings["tolerance"] = o.tolerance;
  settings["link"] = o.link;
  settings["sampling"] = o.sampling;
  settings["surrogate"] = o.surrogate;
  if (o.background_summary > 0) settings["background_summary"] = o.background_summary;
  AddLocalRuleSettings(o.local_rules, settings);
  return settings;
}

// --device cuda: TreeSHAP of the range's rows on the GPU, where this build has CUDA.
std::vector<Explanation> ExplainTreesOnGpu(const TreeShap& shap, const RowMatrixF& rows) {
#ifdef WHYREC_HAS_CUDA
  try {
    return ExplainTreesOnCuda(shap, rows, 0, rows.rows());
  } catch (const std::runtime_error& e) {
    throw std::runtime_error(std::string("--device cuda: ") + e.what());
  }
#else
  (void)shap, (void)rows;
  throw std::invalid_argument(
      "--device cuda: this build has no CUDA (nvcc was not found at configure time)");
#endif
}

}  // namespace

void AddExplainCommand(CLI::App& app, ExplainOptions& o) {
  CLI::App* cmd = app.add_subcommand("explain", "Explain model outputs for rows of a CSV file");
  cmd->add_option("--model", o.model,
                  "ONNX model (.onnx), XGBoost JSON, LightGBM model.txt or linear model JSON "
                  "(gzip-compressed too)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--data", o.data, "CSV with a header of feature names; one row per instance")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--background", o.background,
                  "CSV of reference rows, same columns as --data (not needed by --method tree "
                  "--tree-mode path)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--rows", o.rows,
                  "Rows of --data to explain, A:B = rows A..B-1 (0-based); "
                  "A:, :B and A also work. Default: all rows");
  cmd->add_option("--drop", o.drop, "Columns to ignore in --data and --background (e.g. label)")
      ->delimiter(',');
  cmd->add_option("--method", o.method,
                  "Explanation method (default: tree for tree models, linear for linear models, "
                  "additive for distilled models, else exact)")
      ->check(CLI::IsMember({"exact", "linear", "kernel", "permutation", "auto", "additive", "lime",
                             "anchors", "tree"}));
  cmd->add_option("--output", o.output,
                  "Model output to explain, by name (default: the first output)");
  cmd->add_option("--groups", o.groups,
                  "JSON file {\"player\": [\"feature\", ...]}: explain these columns together")
      ->check(CLI::ExistingFile);
  cmd->add_option("--budget", o.budget,
                  "Coalitions per row for kernel/permutation (default 2G+2048; kernel caps at "
                  "2^G-2, where it is exact); auto picks exact when 2^G <= budget")
      ->check(PositiveNumber());
  cmd->add_option("--tolerance", o.tolerance,
                  "Sample more coalitions until every standard error is below this (or the "
                  "budget is spent)")
      ->check(NonNegativeNumber());
  cmd->add_option("--link", o.link, "Explain the output as is or in log-odds (a probability)")
      ->check(CLI::IsMember({"identity", "logit"}))
      ->capture_default_str();
  cmd->add_option("--sampling", o.sampling,
                  "Kernel SHAP's coalition sizes: leverage (equal per size) or kernel (as shap)")
      ->check(CLI::IsMember({"leverage", "kernel"}))
      ->capture_default_str();
  cmd->add_option("--surrogate", o.surrogate,
                  "Kernel SHAP's control variate: a cross-fitted boosted-tree surrogate of the "
                  "game (trees), the same plus a function of the coalition's size (size_trees) "
                  "or none")
      ->check(CLI::IsMember({"trees", "size_trees", "none"}))
      ->capture_default_str();
  cmd->add_option("--background-summary", o.background_summary,
                  "Replace the background by K weighted k-means centroids (seeded by --seed)")
      ->check(PositiveNumber());
  cmd->add_option("--tree-mode", o.tree_mode,
                  "--method tree: 'path' (cover-weighted, like XGBoost's pred_contribs) or "
                  "'interventional' (against --background); default path, or interventional "
                  "for trees without training covers (a distilled rule list)")
      ->check(CLI::IsMember({"path", "interventional"}));
  cmd->add_option("--threads", o.threads,
                  "Threads over rows, for every method (0: one per core); results are the same "
                  "for any number")
      ->check(NonNegativeNumber())
      ->capture_default_str();
  cmd->add_option("--device", o.device,
                  "--method tree: compute on the cpu or on a cuda GPU (builds with nvcc)")
      ->check(CLI::IsMember({"cpu", "cuda"}))
      ->capture_default_str();
  cmd->add_flag("--interactions", o.interactions,
                "--method tree: add SHAP interaction values (rows x players x players)");
  cmd->add_option("--seed", o.seed, "Seed for randomized methods (recorded in the output)");
  cmd->add_option("--contrast", o.contrast,
                  "Row B of --data (from 0, as --rows counts): explain why each row scores above "
                  "or below B, f(row) - f(B), whose values are the row's minus B's");
  cmd->add_option("--contrast-output", o.contrast_output,
                  "--contrast's target: margin, f(row) - f(B), or prob, the pairwise probability "
                  "sigmoid(f(row) - f(B)) (RankNet) that the row ranks above B, a game of its own "
                  "(exact, kernel, permutation, auto)")
      ->check(CLI::IsMember({"margin", "prob"}))
      ->capture_default_str();
  cmd->add_option("--out", o.out,
                  "Write the output here instead of standard output (as OUT.partial, renamed to "
                  "OUT when the job succeeds)");
  cmd->add_option("--format", o.format,
                  "json: one document (small jobs); jsonl: one explanation per line, written as "
                  "computed; csv: row, base_value, one value per player, model_output")
      ->check(CLI::IsMember({"json", "jsonl", "csv"}))
      ->capture_default_str();
  cmd->add_flag("--resume", o.resume,
                "jsonl/csv with --out: continue an interrupted job from the rows OUT.partial "
                "holds (the same bytes as an uninterrupted run)");
  cmd->add_option("--shard", o.shard,
                  "i/n: explain the i-th (from 0) of n contiguous parts of the rows; the parts' "
                  "outputs in order make the whole job's");
  cmd->add_option("--chunk-rows", o.chunk_rows,
                  "Rows read, explained and written at a time (bounds memory)")
      ->check(PositiveNumber())
      ->capture_default_str();
  cmd->add_option("--progress-seconds", o.progress_seconds,
                  "When standard error is not a terminal, a progress line this often (0: none)")
      ->check(NonNegativeNumber())
      ->capture_default_str();
  cmd->add_option("--max-batch-rows", o.max_batch_rows, "Most model rows evaluated per batch")
      ->check(PositiveNumber())
      ->capture_default_str();
  AddLocalRuleFlags(cmd, o.local_rules);
  AddMissingFlags(cmd, o.missing);
  cmd->callback([&o] { RunExplain(o); });
}

void RunExplain(const ExplainOptions& o) {
  const OutputFormat format = ParseOutputFormat(o.format);
  if (o.resume && (!IsStreamed(format) || o.out.empty())) {
    throw std::invalid_argument(
        "--resume continues a --format jsonl or csv job written with --out");
  }
  if (o.interactions && format == OutputFormat::kCsv) {
    throw std::invalid_argument(
        "--interactions are a matrix per row: use --format json or jsonl, not csv");
  }
  // Threads go over rows: one ONNX Runtime thread per call, so the rows' threads do not compete.
  auto model = LoadModel(o.model, 1);
  const std::string method = ResolveMethod(*model, o.method);
  const std::string tree_mode = o.tree_mode.value_or(DefaultTreeMode(*model));
  const bool reads_background = method != "tree" || tree_mode != "path";
  if (o.background.empty() && reads_background) {
    throw std::invalid_argument(
        "--method " + method + (method == "tree" ? " --tree-mode " + tree_mode : "") +
        " needs --background (only --tree-mode path reads none" + WithoutPathMode(*model) + ")");
  }
  if (o.device != "cpu" && method != "tree") {
    throw std::invalid_argument("--device " + o.device + " needs --method tree");
  }
  if (o.device == "cuda" && o.interactions) {
    throw std::invalid_argument("--interactions are computed on the CPU only: drop --device cuda");
  }
  if (o.contrast) CheckContrastMethod(o, method);
  if (!o.contrast && o.contrast_output != "margin") {
    throw std::invalid_argument("--contrast-output needs --contrast B");
  }
  const bool pairwise_probability = o.contrast && o.contrast_output == "prob";
  CsvRowStream data(o.data, o.drop, DataDropPolicy(o), o.missing);
  RowMatrixF background_rows;
  if (o.background.empty()) {
    // TreeShap takes a background in every mode but reads it in interventional mode only.
    background_rows = RowMatrixF::Zero(1, static_cast<Eigen::Index>(data.header().size()));
  } else {
    CsvTable background = ReadNumericCsv(o.background, o.drop, DropPolicy::kIfPresent, o.missing);
    RequireDroppedFromEither(o.drop, o.data, data.dropped(), o.background, background.dropped);
    RequireSameColumns(data.header(), background.header, o);
    background_rows = std::move(background.values);
  }
  RequireModelWidth(*model, data.header(), o);
  const JobRows rows = PlanRows(o);

  Schema schema = Schema::FromNames(data.header());
  if (!o.groups.empty()) schema = schema.WithGroups(ParseGroups(ReadText(o.groups), o.groups));
  RowMethod row_method;
  row_method.method = method;
  row_method.model_name = o.model;
  row_method.settings = MethodSettings(o);
  row_method.output = o.output;
  row_method.tree_mode = tree_mode;
  row_method.interactions = o.interactions;
  row_method.expected_rows = ExpectedRows(rows, data);
  if (pairwise_probability) row_method.pairwise_against = ReadContrastRow(o, *o.contrast);
  const Background reference =
      BackgroundForSettings(Background::Uniform(std::move(background_rows)), row_method.settings);
  const RowExplainer explainer(*model, schema, reference, row_method);
  std::optional<Explanation> contrast;
  if (o.contrast && !pairwise_probability) {
    contrast = explainer.Explain(ReadContrastRow(o, *o.contrast));
  }

  JobOutput output(o.out, o.resume);
  if (output.already_complete()) {
    std::fprintf(stderr, "whyrec: %s is complete (no %s): nothing to resume\n", o.out.c_str(),
                 output.partial_path().c_str());
    return;
  }
  const int64_t kept = KeptRows(format, output, rows.begin);
  int64_t next = rows.begin + kept;
  const auto sink =
      MakeExplanationSink(format, explainer.output_name(), output.first_kept_line(), o.threads);
  // Rows already written stay for --resume (jsonl, csv); a half-done document is worth nothing.
  if (IsStreamed(format)) output.KeepOnError();
  ProgressBar progress(rows.end ? *rows.end - next : -1, "explaining", o.progress_seconds);
  std::string text;
  while (!rows.end || next < *rows.end) {
    RowMatrixF block = data.Next(o.chunk_rows);
    if (block.rows() == 0) break;
    const int64_t first = data.rows_read() - block.rows();
    const int64_t end = std::min(data.rows_read(), rows.end.value_or(data.rows_read()));
    if (next >= end) continue;  // rows before the job's
    // Most blocks are explained whole: moved, not copied.
    const RowMatrixF part = next == first && end - first == block.rows()
                                ? std::move(block)
                                : RowMatrixF(block.middleRows(next - first, end - next));
    std::vector<Explanation> explained;
    if (o.device == "cuda") {
      explained = ExplainTreesOnGpu(*explainer.tree_shap(), part);
      for (size_t r = 0; r < explained.size(); ++r) progress.Advance();
    } else {
      explained = ExplainRows(
          explainer, part, o.threads, [&] { progress.Advance(); },
          [&](Eigen::Index r) {
            return o.data + ": " + CsvRowName(static_cast<size_t>(next + r));
          });
    }
    for (Explanation& e : explained) {
      if (contrast) e = Contrast(std::move(e), *contrast, *o.contrast);
      if (pairwise_probability) e.settings["contrast_row"] = *o.contrast;
      // Randomized methods record the seed they used (0 unless --seed is given).
      if (o.seed) e.seed = o.seed;
    }
    text.clear();
    sink->Write(next, std::move(explained), text);
    output.Append(text);
    next = end;
    if (!rows.end && data.fraction_read() > 0) {
      const auto file_rows = static_cast<double>(data.rows_read()) / data.fraction_read();
      progress.SetEstimatedTotal(static_cast<int64_t>(file_rows) - rows.begin - kept);
    }
  }
  // --rows past the end of the file: clamped as a slice is, or an error (a single row, nothing).
  if (o.shard.empty()) ParseRowRange(o.rows, data.rows_read(), o.data);
  text.clear();
  sink->Finish({{"rows", {rows.begin, next}}}, text, [&](std::string& piece) {
    output.Append(piece);
    piece.clear();
  });
  output.Append(text);
  output.Commit();
}

}  // namespace whyrec
