#include "native/row_explainer.h"

#include <stdexcept>

#include "core/explain/drive.h"
#include "core/explain/explainer_factory.h"
#include "core/explain/instance_check.h"
#include "core/explain/pairwise_probability.h"
#include "core/explain/shapley/distilled_shapley.h"
#include "core/explain/shapley/linear_shap.h"
#include "core/models/distilled_model.h"
#include "core/models/linear_model.h"
#include "core/models/tree_ensemble.h"
#include "native/error_context.h"
#include "native/parallel_rows.h"

namespace whyrec {
namespace {

// The closed forms explain a model's first output, its margin.
std::string ClosedFormOutput(const Model& model, const RowMethod& method) {
  const std::string name = model.output_names()[0];
  if (!method.output.empty() && method.output != name) {
    throw std::invalid_argument("--method " + method.method + " explains the model's '" + name +
                                "' (margin space), not '" + method.output + "'");
  }
  return name;
}

}  // namespace

std::string ResolveMethod(const Model& model, const std::string& requested) {
  const bool pick = requested.empty() || requested == "auto";
  if (pick && dynamic_cast<const TreeEnsemble*>(&model)) return "tree";
  if (pick && dynamic_cast<const LinearModel*>(&model)) return "linear";
  // A distilled model has at most pairwise interactions: its exact values in 2 + G + G(G-1)/2
  // coalitions.
  if (pick && dynamic_cast<const DistilledModel*>(&model)) return "additive";
  return requested.empty() ? "exact" : requested;
}

namespace {

bool HasTrainingCovers(const Model& model) {
  const auto* trees = dynamic_cast<const TreeEnsemble*>(&model);
  return trees == nullptr || EveryCoverKnown(*trees);
}

}  // namespace

std::string DefaultTreeMode(const Model& model) {
  return HasTrainingCovers(model) ? "path" : "interventional";
}

std::string WithoutPathMode(const Model& model) {
  return HasTrainingCovers(model) ? "" : ", and this model's trees have no training covers for it";
}

RowExplainer::RowExplainer(Model& model, const Schema& schema, const Background& background,
                           const RowMethod& method)
    : model_(model), schema_(schema), background_(background), method_(method) {
  if (method_.method == "tree") {
    const auto* trees = dynamic_cast<const TreeEnsemble*>(&model);
    if (!trees) {
      throw std::invalid_argument(
          "--method tree needs a tree ensemble (XGBoost JSON, LightGBM or ONNX TreeEnsemble*); " +
          method_.model_name + " is not one");
    }
    output_name_ = ClosedFormOutput(model, method_);
    tree_shap_ =
        std::make_unique<TreeShap>(*trees, schema, ParseTreeShapMode(method_.tree_mode), background,
                                   method_.interactions, method_.expected_rows);
  } else if (method_.interactions) {
    throw std::invalid_argument("--interactions needs --method tree");
  } else if (method_.method == "linear") {
    if (!dynamic_cast<const LinearModel*>(&model)) {
      throw std::invalid_argument("--method linear needs a linear model JSON; " +
                                  method_.model_name + " is not one: use --method exact");
    }
    output_name_ = ClosedFormOutput(model, method_);
  } else {
    output_ = FindOutput(model, method_.output);
    output_name_ = model.output_names()[output_];
    // A distilled GA2M's margin (its first output) has a closed form, exact and a lookup per term
    // a row; its probability, a logit link and --contrast's game are the model-agnostic
    // method's, which checks them.
    const auto* distilled = dynamic_cast<const DistilledModel*>(&model);
    if (distilled && method_.method == "additive" && output_ == 0 &&
        method_.pairwise_against.size() == 0 &&
        method_.settings.value("link", "identity") == "identity") {
      distilled_ = std::make_unique<DistilledShapley>(*distilled, background);
    }
  }
}

RowExplainer::~RowExplainer() = default;

int64_t RowExplainer::rows_per_block() const {
  if (method_.method == "tree") return LinearTreeShap::kRowBlock;
  return method_.method == "linear" || distilled_ ? 16 : 1;
}

Explanation RowExplainer::Explain(const Eigen::VectorXf& row) const {
  if (tree_shap_) {
    return method_.interactions ? tree_shap_->ExplainWithInteractions(row)
                                : tree_shap_->Explain(row);
  }
  if (method_.method == "linear") {
    return LinearShap(static_cast<const LinearModel&>(model_), schema_, row, background_);
  }
  if (distilled_) {
    RequireInstanceFits(schema_, row, background_);
    return DistilledExplanation(*distilled_, schema_, row.data());
  }
  const auto predict = [this](ConstMatrixView rows) { return model_.Predict(rows, output_); };
  if (method_.pairwise_against.size() > 0) {
    PairwiseProbability job(method_.method, method_.settings, schema_, row,
                            method_.pairwise_against, background_);
    return Drive(job, predict);
  }
  const auto job = MakeExplainer(method_.method, method_.settings, schema_, row, background_);
  return Drive(*job, predict);
}

void RowExplainer::ExplainBlock(ConstMatrixView rows, int64_t first, int64_t last, Explanation* out,
                                const std::function<std::string(int64_t)>& describe_row) const {
  if (tree_shap_ && !method_.interactions) {
    for (int64_t r = first; r < last; ++r) {
      WithContext([&] { return describe_row(r); },
                  [&] { tree_shap_->CheckInstance(rows.row(r).data(), rows.cols()); });
    }
    std::vector<Explanation> block =
        tree_shap_->ExplainRows(ConstMatrixView(rows.row(first).data(), last - first, rows.cols()));
    std::move(block.begin(), block.end(), out);
    return;
  }
  for (int64_t r = first; r < last; ++r) {
    WithContext([&] { return describe_row(r); },
                [&] { out[r - first] = Explain(rows.row(r).transpose()); });
  }
}

std::vector<Explanation> ExplainRows(const RowExplainer& explainer, const RowMatrixF& rows,
                                     int threads, const std::function<void()>& on_row_done,
                                     const std::function<std::string(Eigen::Index)>& describe_row) {
  std::vector<Explanation> explanations(static_cast<size_t>(rows.rows()));
  const ConstMatrixView view(rows.data(), rows.rows(), rows.cols());
  ParallelBlocks(
      0, rows.rows(), threads,
      [&](int64_t first, int64_t last) {
        explainer.ExplainBlock(view, first, last, &explanations[static_cast<size_t>(first)],
                               describe_row);
      },
      [&](int64_t count) {
        for (int64_t r = 0; r < count; ++r) on_row_done();
      },
      explainer.rows_per_block());
  return explanations;
}

}  // namespace whyrec
