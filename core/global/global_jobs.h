#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/matrix.h"
#include "core/schema.h"

namespace whyrec {

// A global method as `whyrec importance` / `whyrec curves` and the JS API run it: rows are
// asked for and outputs told as for any row job, then result() is the JSON the CLI writes.
class GlobalJob {
 public:
  virtual ~GlobalJob() = default;
  virtual RowBatch next() = 0;  // no rows: done
  virtual void tell(ConstMatrixView outputs) = 0;
  virtual nlohmann::ordered_json result() const = 0;
};

struct ImportanceSettings {
  std::string method = "permutation";  // permutation | pd | ale
  std::vector<std::string> features;   // pd, ale: one feature, or a pair
  std::string metric = "rmse";         // permutation: logloss | auc | rmse
  std::string target;                  // permutation: the label column's name, only reported
  int repeats = 5;
  uint64_t seed = 0;
  int grid_resolution = 20;
  int bins = 20;
  int64_t max_batch_rows = 65536;
  std::string output;          // the model output's name, only reported
  int column = -1;             // its column that is read (-1: its only one; OutputColumn)
  Eigen::Index first_row = 0;  // the first row's index in the data, only reported
};

// From settings such as {"method": "ale", "feature": ["x"], "bins": 10}, validated; keys as the
// CLI's flags, underscored.
ImportanceSettings ImportanceSettingsFromJson(const nlohmann::ordered_json& json);

// Permutation importance (scored against `labels` when given), partial dependence or ALE over
// `rows`. Throws std::invalid_argument on settings that do not fit the schema.
std::unique_ptr<GlobalJob> MakeImportanceJob(const ImportanceSettings& settings,
                                             const Schema& schema, RowMatrixF rows,
                                             std::optional<Eigen::VectorXd> labels);

struct CurvesSettings {
  int random_orders = 0;  // also the mean areas of this many random orders per row
  uint64_t seed = 0;      // of the random orders
  int64_t max_batch_rows = 65536;
  std::string output;  // the model output's name, only reported
  int column = -1;     // its column that is read (-1: its only one; OutputColumn)
};

// From settings {"random_orders", "seed", "max_batch_rows", "output", "column"}, validated.
CurvesSettings CurvesSettingsFromJson(const nlohmann::ordered_json& json);

// Deletion and insertion curves of each row of an explanation JSON (whyrec explain): its rows
// are those of `data` from its settings.rows[0] (default 0) on; absent features take the
// `background` rows' values. `names` are the columns of data and background.
std::unique_ptr<GlobalJob> MakeCurvesJob(const nlohmann::ordered_json& explanation,
                                         const CurvesSettings& settings,
                                         const std::vector<std::string>& names,
                                         const RowMatrixF& data, const RowMatrixF& background);

}  // namespace whyrec
