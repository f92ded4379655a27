#pragma once

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/background.h"
#include "core/explain/explanation.h"
#include "core/matrix.h"
#include "core/models/model.h"
#include "core/schema.h"
#include "native/row_explainer.h"

namespace whyrec {

// Where BatchExplainer::Explain writes rows [begin, end): caller-owned row-major buffers that
// cover every row of the batch (row r starts at r * the row's stride), so results land in the
// caller's arrays (numpy's, for the Python package) without a copy. k is output_width().
struct BatchOutputs {
  double* values;        // rows x players x k
  double* std_errors;    // rows x players x k
  double* base_values;   // rows x k
  double* model_output;  // rows x k
  int64_t* evaluations;  // rows
};

// What Explain returns besides the buffers.
struct BatchRecord {
  // The settings the first row's explanation records (the CLI writes the first row's too).
  nlohmann::ordered_json settings;
  // The method each row reports (auto's choice), from the first row.
  std::string method;
  // The seed recorded: the settings' seed when given, else the method's (0 for a random method
  // without one, none for a deterministic method).
  std::optional<uint64_t> seed;
  // Per row from begin, the explanation's method-specific fields (LIME's intercept, an
  // anchor's rule, interaction values) as JSON text; empty when no row has any.
  std::vector<std::string> extras;
};

// One model, background, method and settings, explaining any number of rows like `whyrec
// explain` does (the same core calls, so the same numbers), on several threads at once. The
// model is loaded once, here; a tree explainer's tables are built once, here.
class BatchExplainer {
 public:
  // `method`: as the CLI's --method, empty for its default. `settings`: a JSON object whose keys
  // are the CLI's flags with underscores (budget, seed, tree_mode, output, groups, ...). An empty
  // `background` (0 rows) is allowed for method tree with tree_mode path only, as in the CLI.
  // Empty `feature_names`: the model's own names, else f0, f1, ...
  // Throws std::invalid_argument naming the problem (bad model file, widths, names, settings).
  BatchExplainer(const std::string& model_path, RowMatrixF background,
                 std::vector<std::string> feature_names, const std::string& method,
                 const nlohmann::ordered_json& settings);
  ~BatchExplainer();

  // Explains rows [begin, end) of `rows` (n x features) on `threads` threads (0: one per core),
  // writing into `out`. Each row is explained alone (random methods are seeded per row by the
  // settings' seed), so results do not depend on the thread count or on how rows are batched.
  // An error names the row.
  BatchRecord Explain(ConstMatrixView rows, int64_t begin, int64_t end, int threads,
                      const BatchOutputs& out) const;

  const std::string& method() const { return method_; }
  std::vector<std::string> player_names() const { return schema_.player_names(); }
  const std::vector<std::string>& feature_names() const { return feature_names_; }
  const std::string& output_name() const { return output_name_; }
  int output_width() const { return output_width_; }

 private:
  std::unique_ptr<Model> model_;
  std::vector<std::string> feature_names_;
  Schema schema_;
  std::string method_;
  nlohmann::ordered_json method_settings_;
  std::optional<uint64_t> seed_;
  std::optional<Background> reference_;
  std::unique_ptr<RowExplainer> rows_;  // over model_, schema_ and reference_
  std::string output_name_;
  int output_width_ = 1;
};

}  // namespace whyrec
