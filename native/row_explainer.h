#pragma once

#include <Eigen/Core>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/background.h"
#include "core/explain/explanation.h"
#include "core/explain/trees/tree_shap.h"
#include "core/matrix.h"
#include "core/models/model.h"
#include "core/schema.h"

namespace whyrec {

// How rows are explained: the method (resolved: "tree", "linear", or a model-agnostic name
// MakeExplainer takes), its settings (the CLI's names, as MakeExplainer reads them), and, for
// tree and linear, the model output they explain (empty: the first).
struct RowMethod {
  std::string method;
  std::string model_name;  // the model's file, for messages
  nlohmann::ordered_json settings = nlohmann::ordered_json::object();
  std::string output;
  std::string tree_mode = "path";  // --method tree
  bool interactions = false;       // --method tree
  int64_t expected_rows = -1;      // --method tree: rows the job will explain, -1 if not known
  // When not empty, row B of a pairwise probability: each row A is explained as
  // P(A above B) = sigmoid(f(A) - f(B)) (core/explain/pairwise_probability.h).
  Eigen::VectorXf pairwise_against;
};

// The method a model gets when none (empty) or "auto" is asked for: its closed form for tree
// and linear models, else exact (none) or auto (core's choice by budget).
std::string ResolveMethod(const Model& model, const std::string& requested);

// The tree mode a model gets when none is asked for: "path", or "interventional" for trees
// without training covers (a distilled rule list), which path mode cannot weigh.
std::string DefaultTreeMode(const Model& model);
// For the error of a tree mode that needs a background and got none: why path mode, which reads
// none, is no way out for this model ("" when it is).
std::string WithoutPathMode(const Model& model);

class DistilledShapley;

// Explains single rows of one model against one background with one method; Explain is safe to
// call from several threads at once (TreeShap, LinearShap and DistilledShapley are const;
// model-agnostic methods build a fresh explainer per row, seeded by the settings, and share the
// model, whose Predict must then be thread-safe, as ONNX Runtime's Run is). A row's explanation
// therefore depends on the row and the settings only, not on the thread that computes it. Used by
// `whyrec explain` and by the Python package.
class RowExplainer {
 public:
  // The model and background must outlive the explainer. Throws std::invalid_argument when the
  // method does not fit the model (tree without trees, linear without a linear model, an output
  // that the closed forms do not explain).
  RowExplainer(Model& model, const Schema& schema, const Background& background,
               const RowMethod& method);
  ~RowExplainer();

  const std::string& method() const { return method_.method; }
  // Rows handed to a thread at a time: closed forms cost microseconds a row, so they go in
  // blocks; a model-agnostic row is much work on its own.
  int64_t rows_per_block() const;
  const std::string& output_name() const { return output_name_; }
  // The TreeSHAP state, for --method tree (GPU paths compute from it); null otherwise.
  const TreeShap* tree_shap() const { return tree_shap_.get(); }

  Explanation Explain(const Eigen::VectorXf& row) const;

  // Explain() of rows [first, last) of `rows`, bit for bit, into out[0, last - first), tree
  // ensembles' values a block at a time (TreeShap::ExplainRows). The error of the first failing
  // row r is rethrown as its kind (std::invalid_argument, std::runtime_error) prefixed with
  // describe_row(r) + ": ".
  void ExplainBlock(ConstMatrixView rows, int64_t first, int64_t last, Explanation* out,
                    const std::function<std::string(int64_t)>& describe_row) const;

 private:
  Model& model_;
  const Schema& schema_;
  const Background& background_;
  RowMethod method_;
  int output_ = 0;
  std::string output_name_;
  std::unique_ptr<TreeShap> tree_shap_;
  // A distilled GA2M's margin under --method additive: its closed form, the background's sums
  // made once for all rows.
  std::unique_ptr<DistilledShapley> distilled_;
};

// Explains rows.row(0..n-1) on `threads` threads (0: one per core), in row order. `on_row_done`
// runs after each row, one call at a time; `describe_row(i)` prefixes the error of a failing row
// (the lowest one, whatever the number of threads).
std::vector<Explanation> ExplainRows(const RowExplainer& explainer, const RowMatrixF& rows,
                                     int threads, const std::function<void()>& on_row_done,
                                     const std::function<std::string(Eigen::Index)>& describe_row);

}  // namespace whyrec
