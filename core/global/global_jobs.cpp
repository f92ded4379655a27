#include "core/global/global_jobs.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <utility>

#include "core/background.h"
#include "core/explain/settings.h"
#include "core/global/accumulated_local_effects.h"
#include "core/global/accumulated_local_effects_pair.h"
#include "core/global/fidelity_curves.h"
#include "core/global/partial_dependence.h"
#include "core/global/permutation_importance.h"
#include "core/models/output_column.h"
#include "core/random.h"

namespace whyrec {
namespace {

using Json = nlohmann::ordered_json;

Json Vector(const Eigen::VectorXd& v) { return std::vector<double>(v.data(), v.data() + v.size()); }

Json Rows(const Eigen::MatrixXd& m) {
  Json rows = Json::array();
  for (Eigen::Index i = 0; i < m.rows(); ++i) rows.push_back(Vector(m.row(i).transpose()));
  return rows;
}

// `job` told one column of the model's output: the methods read one score per row, and an output
// of several columns (a class each) must name the one (OutputColumn).
class OutputColumnJob : public GlobalJob {
 public:
  OutputColumnJob(std::unique_ptr<GlobalJob> job, int column)
      : job_(std::move(job)), column_(column) {}

  RowBatch next() override { return job_->next(); }
  void tell(ConstMatrixView outputs) override {
    const Eigen::Index column =
        OutputColumn(outputs.cols(), column_, "the model's output", kColumnSetting);
    // An output of one column (the usual case) is told as it is, without a copy.
    if (outputs.cols() == 1) return job_->tell(outputs);
    const RowMatrixF chosen = outputs.col(column);
    job_->tell(ConstMatrixView(chosen.data(), chosen.rows(), 1));
  }
  Json result() const override { return job_->result(); }

 private:
  std::unique_ptr<GlobalJob> job_;
  int column_;
};

// A row job whose result `to_json` appends to `head`, the fields before the method's own.
template <typename Job, typename ToJson>
class JsonJob : public GlobalJob {
 public:
  JsonJob(std::unique_ptr<Job> job, Json head, ToJson to_json)
      : job_(std::move(job)), head_(std::move(head)), to_json_(std::move(to_json)) {}

  RowBatch next() override { return job_->next(); }
  void tell(ConstMatrixView outputs) override { job_->tell(outputs); }
  Json result() const override {
    Json out = head_;
    to_json_(job_->result(), out);
    return out;
  }

 private:
  std::unique_ptr<Job> job_;  // on the heap: jobs fill their batches through `this`
  Json head_;
  ToJson to_json_;
};

template <typename Job, typename ToJson>
std::unique_ptr<GlobalJob> Wrap(std::unique_ptr<Job> job, Json head, ToJson to_json) {
  return std::make_unique<JsonJob<Job, ToJson>>(std::move(job), std::move(head),
                                                std::move(to_json));
}

std::vector<int> FeatureColumns(const Schema& schema, const ImportanceSettings& s) {
  if (s.features.empty() || s.features.size() > 2) {
    throw std::invalid_argument("method " + s.method + " needs feature NAME or a pair A,B");
  }
  std::vector<int> columns;
  for (const auto& name : s.features) columns.push_back(schema.FeatureIndex(name));
  return columns;
}

std::unique_ptr<GlobalJob> Permutation(const ImportanceSettings& s, Json head, const Schema& schema,
                                       RowMatrixF rows, std::optional<Eigen::VectorXd> labels) {
  PermutationImportanceOptions options;
  options.repeats = s.repeats;
  options.seed = s.seed;
  options.metric = MetricFromName(s.metric);
  options.max_batch_rows = s.max_batch_rows;
  auto job =
      std::make_unique<PermutationImportance>(schema, std::move(rows), std::move(labels), options);
  return Wrap(std::move(job), std::move(head),
              [s](const PermutationImportanceResult& r, Json& out) {
                out["method"] = "permutation";
                out["metric"] = r.metric;
                out["target"] = s.target.empty() ? Json(nullptr) : Json(s.target);
                out["feature_names"] = r.player_names;
                out["baseline"] = r.baseline;
                out["importance"] = Vector(r.importance);
                out["std"] = Vector(r.std_dev);
                out["ci_low"] = Vector(r.ci_low);
                out["ci_high"] = Vector(r.ci_high);
                out["per_repeat"] = Rows(r.per_repeat);
                out["repeats"] = s.repeats;
                out["seed"] = s.seed;
                out["evaluations"] = r.evaluations;
              });
}

std::unique_ptr<GlobalJob> Dependence(const ImportanceSettings& s, Json head, const Schema& schema,
                                      RowMatrixF rows) {
  auto job = std::make_unique<PartialDependence>(schema, std::move(rows), FeatureColumns(schema, s),
                                                 s.grid_resolution, s.max_batch_rows);
  return Wrap(std::move(job), std::move(head), [](const PartialDependenceResult& r, Json& out) {
    out["method"] = "pd";
    out["features"] = r.features;
    out["grid"] = r.grids;
    Json average = Json::array();
    for (Eigen::Index i = 0; i < r.average.rows(); ++i) {
      average.push_back(r.average.cols() == 1 ? Json(r.average(i, 0))
                                              : Vector(r.average.row(i).transpose()));
    }
    out["average"] = std::move(average);
    out["evaluations"] = r.evaluations;
  });
}

std::unique_ptr<GlobalJob> Ale(const ImportanceSettings& s, Json head, const Schema& schema,
                               RowMatrixF rows) {
  const std::vector<int> columns = FeatureColumns(schema, s);
  if (columns.size() == 2) {
    auto job = std::make_unique<AlePair>(schema, std::move(rows), columns[0], columns[1], s.bins,
                                         s.max_batch_rows);
    return Wrap(std::move(job), std::move(head), [](const AlePairResult& r, Json& out) {
      out["method"] = "ale";
      out["features"] = r.features;
      out["edges"] = {r.edges[0], r.edges[1]};
      Json counts = Json::array();
      for (Eigen::Index i = 0; i < r.counts.rows(); ++i) {
        counts.push_back(std::vector<int>(r.counts.row(i).begin(), r.counts.row(i).end()));
      }
      out["effect"] = Rows(r.effect);
      out["counts"] = std::move(counts);
      out["evaluations"] = r.evaluations;
    });
  }
  auto job = std::make_unique<AccumulatedLocalEffects>(schema, std::move(rows), columns[0], s.bins,
                                                       s.max_batch_rows);
  return Wrap(std::move(job), std::move(head), [](const AleResult& r, Json& out) {
    out["method"] = "ale";
    out["feature"] = r.feature;
    out["edges"] = r.edges;
    out["effect"] = r.effect;
    out["counts"] = r.counts;
    out["evaluations"] = r.evaluations;
  });
}

// Row r of an explanation's values: one number per feature, or for a model of several outputs one
// array per feature, of which the output `column` (OutputColumn) is read.
Eigen::VectorXd RowValues(const Json& row, size_t features, int column, size_t r) {
  const std::string where = "row " + std::to_string(r) + " of the explanation's values";
  if (!row.is_array() || row.size() != features) {
    throw std::invalid_argument(where + " is not one number (or one per output) per feature");
  }
  Eigen::VectorXd v(static_cast<Eigen::Index>(features));
  for (size_t f = 0; f < features; ++f) {
    const Json& cell = row[f];
    const auto outputs = static_cast<Eigen::Index>(cell.is_array() ? cell.size() : 1);
    const Eigen::Index c =
        OutputColumn(outputs, column, "the explanation's output", kColumnSetting);
    const Json& value = cell.is_array() ? cell[static_cast<size_t>(c)] : cell;
    if (!value.is_number()) throw std::invalid_argument(where + " is not numbers");
    v[static_cast<Eigen::Index>(f)] = value.get<double>();
  }
  return v;
}

// One FidelityCurves job per explained row, then one per random order of that row, in turn.
class CurvesJob : public GlobalJob {
 public:
  CurvesJob(const Json& explanation, CurvesSettings settings, const std::vector<std::string>& names,
            RowMatrixF rows, const RowMatrixF& background, Eigen::Index first)
      : settings_(std::move(settings)),
        schema_(Schema::FromNames(names)),
        rows_(std::move(rows)),
        reference_(Background::Uniform(background)),
        random_(settings_.seed) {
    const Json& values = explanation["values"];
    for (size_t r = 0; r < values.size(); ++r) {
      const Eigen::VectorXd v = RowValues(values[r], names.size(), settings_.column, r);
      orders_.push_back(OrderByAttribution(v));
    }
    out_["method"] = "curves";
    out_["source_method"] = explanation.value("method", "");
    out_["output"] = settings_.output;
    if (settings_.column >= 0) out_["column"] = settings_.column;
    out_["feature_names"] = names;
    out_["rows"] = {first, first + rows_.rows()};
    for (const char* key : {"order", "deletion", "insertion", "deletion_area", "insertion_area"}) {
      out_[key] = Json::array();
    }
  }

  RowBatch next() override {
    for (;;) {
      if (!current_ && !Start()) return RowBatch();
      RowBatch batch = current_->next();
      if (batch.rows() > 0) return batch;
      Finish(current_->result());
      current_.reset();
    }
  }

  void tell(ConstMatrixView outputs) override { current_->tell(outputs); }

  Json result() const override {
    if (current_ || row_ < static_cast<Eigen::Index>(orders_.size())) {
      throw std::logic_error("the curves are not finished: keep calling next()");
    }
    Json out = out_;
    if (settings_.random_orders > 0) {
      out["random_orders"] = settings_.random_orders;
      out["random_deletion_area"] = random_deletion_;
      out["random_insertion_area"] = random_insertion_;
    }
    out["evaluations"] = evaluations_;
    return out;
  }

 private:
  // The next job: the row's attribution order (k = -1), then its random orders.
  bool Start() {
    if (row_ == static_cast<Eigen::Index>(orders_.size())) return false;
    std::vector<int> order = orders_[row_];
    if (k_ >= 0) {
      std::iota(order.begin(), order.end(), 0);
      for (size_t i = order.size() - 1; i > 0; --i)
        std::swap(order[i], order[random_.Below(i + 1)]);
    }
    current_ = std::make_unique<FidelityCurves>(schema_, rows_.row(row_).transpose(), reference_,
                                                std::move(order), settings_.max_batch_rows);
    return true;
  }

  void Finish(const FidelityCurvesResult& c) {
    evaluations_ += c.evaluations;
    const int n = settings_.random_orders;
    if (k_ < 0) {
      out_["order"].push_back(c.order);
      out_["deletion"].push_back(Vector(c.deletion));
      out_["insertion"].push_back(Vector(c.insertion));
      out_["deletion_area"].push_back(c.deletion_area);
      out_["insertion_area"].push_back(c.insertion_area);
      deletion_sum_ = insertion_sum_ = 0;
    } else {
      deletion_sum_ += c.deletion_area / n;
      insertion_sum_ += c.insertion_area / n;
    }
    if (++k_ < n) return;
    if (n > 0) {
      random_deletion_.push_back(deletion_sum_);
      random_insertion_.push_back(insertion_sum_);
    }
    k_ = -1;
    ++row_;
  }

  CurvesSettings settings_;
  Schema schema_;
  RowMatrixF rows_;
  Background reference_;
  Random random_;
  std::vector<std::vector<int>> orders_;  // per row, by attribution
  Eigen::Index row_ = 0;
  int k_ = -1;  // -1: the attribution order; 0..random_orders-1: random orders
  std::unique_ptr<FidelityCurves> current_;
  Json out_;
  std::vector<double> random_deletion_, random_insertion_;
  double deletion_sum_ = 0, insertion_sum_ = 0;
  int64_t evaluations_ = 0;
};

}  // namespace

ImportanceSettings ImportanceSettingsFromJson(const Json& json) {
  if (!json.is_object()) throw std::invalid_argument("the settings must be a JSON object");
  const Settings settings(json);
  ImportanceSettings s;
  s.method = settings.Choice("method", s.method, {"permutation", "pd", "ale"});
  if (settings.Has("feature")) {
    const Json& feature = json["feature"];
    if (feature.is_string()) {
      s.features = {feature.get<std::string>()};
    } else if (feature.is_array() && std::all_of(feature.begin(), feature.end(),
                                                 [](const Json& f) { return f.is_string(); })) {
      s.features = feature.get<std::vector<std::string>>();
    } else {
      throw std::invalid_argument("setting 'feature' must be a name or a pair of names, got " +
                                  feature.dump());
    }
  }
  s.metric = settings.Choice("metric", s.metric, {"logloss", "auc", "rmse"});
  if (settings.Has("target")) {
    if (!json["target"].is_string()) {
      throw std::invalid_argument("setting 'target' must be a string, got " +
                                  json["target"].dump());
    }
    s.target = json["target"].get<std::string>();
  }
  s.repeats = static_cast<int>(settings.Int("repeats", s.repeats, 1, 1 << 20));
  s.seed = settings.Seed().value_or(0);
  s.grid_resolution =
      static_cast<int>(settings.Int("grid_resolution", s.grid_resolution, 2, 10000));
  s.bins = static_cast<int>(settings.Int("bins", s.bins, 1, 10000));
  s.max_batch_rows = settings.Int("max_batch_rows", s.max_batch_rows, 1);
  if (settings.Has("output")) s.output = json["output"].get<std::string>();
  s.column = static_cast<int>(settings.Int("column", s.column, 0, 1 << 20));
  return s;
}

std::unique_ptr<GlobalJob> MakeImportanceJob(const ImportanceSettings& s, const Schema& schema,
                                             RowMatrixF rows,
                                             std::optional<Eigen::VectorXd> labels) {
  if (labels && s.method != "permutation") {
    throw std::invalid_argument("labels (a target) are for method permutation");
  }
  Json head;
  head["output"] = s.output;
  if (s.column >= 0) head["column"] = s.column;
  head["rows"] = {s.first_row, s.first_row + rows.rows()};
  std::unique_ptr<GlobalJob> job;
  if (s.method == "permutation") {
    job = Permutation(s, std::move(head), schema, std::move(rows), std::move(labels));
  } else if (s.method == "pd") {
    job = Dependence(s, std::move(head), schema, std::move(rows));
  } else if (s.method == "ale") {
    job = Ale(s, std::move(head), schema, std::move(rows));
  } else {
    throw std::invalid_argument("unknown importance method '" + s.method + "'");
  }
  return std::make_unique<OutputColumnJob>(std::move(job), s.column);
}

CurvesSettings CurvesSettingsFromJson(const Json& json) {
  if (!json.is_object()) throw std::invalid_argument("the settings must be a JSON object");
  const Settings settings(json);
  CurvesSettings s;
  s.random_orders = static_cast<int>(settings.Int("random_orders", 0, 0, 1 << 20));
  s.seed = settings.Seed().value_or(0);
  s.max_batch_rows = settings.Int("max_batch_rows", s.max_batch_rows, 1);
  if (settings.Has("output")) s.output = json["output"].get<std::string>();
  s.column = static_cast<int>(settings.Int("column", s.column, 0, 1 << 20));
  return s;
}

std::unique_ptr<GlobalJob> MakeCurvesJob(const Json& explanation, const CurvesSettings& settings,
                                         const std::vector<std::string>& names,
                                         const RowMatrixF& data, const RowMatrixF& background) {
  if (!explanation.is_object() || !explanation.contains("values") ||
      !explanation["values"].is_array() || !explanation.contains("feature_names")) {
    throw std::invalid_argument("the explanation is not an explanation JSON (whyrec explain)");
  }
  if (explanation["feature_names"].get<std::vector<std::string>>() != names) {
    throw std::invalid_argument(
        "the explanation's feature_names, the columns of the data and of the background must be "
        "the same features (groups are not supported)");
  }
  if (background.rows() == 0 || background.cols() != static_cast<Eigen::Index>(names.size())) {
    throw std::invalid_argument("the background must have at least one row of every feature");
  }
  Eigen::Index first = 0;
  const Json& explained = explanation.value("settings", Json::object());
  if (explained.contains("rows")) first = explained["rows"][0].get<Eigen::Index>();
  const auto count = static_cast<Eigen::Index>(explanation["values"].size());
  if (first + count > data.rows()) {
    throw std::invalid_argument("the explanation covers rows past the end of the data");
  }
  return std::make_unique<OutputColumnJob>(
      std::make_unique<CurvesJob>(explanation, settings, names, data.middleRows(first, count),
                                  background, first),
      settings.column);
}

}  // namespace whyrec
