#pragma once

#include <Eigen/Core>
#include <string>
#include <string_view>
#include <vector>

#include "core/link.h"
#include "core/models/distilled_json.h"
#include "core/models/model.h"
#include "core/models/score_step.h"

namespace whyrec {

// One binned term of a distilled additive model: a shape function of one feature or a table
// over a pair. Each feature's bins: bin 0 holds missing values (NaN); a value v goes to bin
// 1 + (number of cuts c with v >= c), compared in float32, so k cuts make k + 2 bins.
struct DistilledTerm {
  std::vector<int> features;             // 1 or 2 feature indices
  std::vector<std::vector<float>> cuts;  // per feature, strictly ascending
  // Row-major over the features' bins (the first feature's bin is the slow index).
  std::vector<double> scores;

  int bins(int k) const { return static_cast<int>(cuts[k].size()) + 2; }
  // Index into `scores` of the cell that row `x` falls in.
  size_t Cell(const float* x) const;
  // Index into `scores` of the bin pair (a, b), or of bin a for a main term.
  size_t CellOf(int a, int b) const { return features.size() == 1 ? a : a * bins(1) + b; }
};

// Checks a term's values, however it was read (FromJson, or the browser's JSON.parse through
// wasm/distilled_bindings.cpp): 1 or 2 distinct features, each with float32 cuts, finite,
// strictly ascending, at most 65,534; one finite score per cell. `names` are the model's
// features; errors name `source` and `where` (e.g. "term 3").
void CheckDistilledTerm(const DistilledTerm& term, const std::vector<std::string>& names,
                        const std::string& source, const std::string& where);

// A GA2M document's header and intercept, checked (the family must be "ga2m").
struct Ga2mHead {
  DistilledHeader header;
  double intercept;
};
Ga2mHead ReadGa2mHead(const DistilledJson& doc, const std::string& source);

// Bin of v among ascending cuts: 0 for NaN, else 1 + #cuts <= v.
int BinOf(const std::vector<float>& cuts, float v);

// A self-explaining additive model distilled from a teacher (a GA2M):
// margin(x) = intercept + sum over terms of term.scores[term.Cell(x)]; with the logit link,
// prob = sigmoid(margin). Outputs as for linear models: "prediction" (identity link), or
// "margin" and "prob" (logit link). The JSON format is documented in the README ("Distilled
// models").
class DistilledModel : public Model {
 public:
  DistilledModel(std::vector<std::string> feature_names, double intercept,
                 std::vector<DistilledTerm> terms, Link link);
  // `source` names the text in error messages.
  static DistilledModel FromJson(std::string_view text, const std::string& source);
  // Scores are written rounded to a multiple of `step` (when it has one) and to `digits`
  // significant digits, neighbouring bins that then score the same as one (MergeEqualBins);
  // RoundScores makes the model in memory predict as what it writes.
  std::string ToJson(int digits = 6, const ScoreStep& step = {}) const;
  void RoundScores(int digits, const ScoreStep& step = {});

  int input_width() const override { return static_cast<int>(feature_names_.size()); }
  std::vector<std::string> output_names() const override;
  RowMatrixF Predict(ConstMatrixView rows, int output) override;

  double Margin(const float* x) const;
  // Each term's value at x (its contribution in the model's own, training-centred terms).
  Eigen::VectorXd TermValues(const float* x) const;

  const std::vector<std::string>& feature_names() const { return feature_names_; }
  double intercept() const { return intercept_; }
  const std::vector<DistilledTerm>& terms() const { return terms_; }
  Link link() const { return link_; }
  int num_pairs() const;

 private:
  std::vector<std::string> feature_names_;
  double intercept_;
  std::vector<DistilledTerm> terms_;
  Link link_;
};

// True when `text` is a JSON object with "format": "whyrec-distilled" (cheap: looks at the
// text only up to the key).
bool LooksLikeDistilledJson(std::string_view text);

}  // namespace whyrec
