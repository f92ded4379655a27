#include "core/models/distilled_model.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "core/json_dom.h"
#include "core/models/distilled_bins.h"
#include "core/models/distilled_json.h"

namespace whyrec {
namespace {

using Json = DistilledJson;

// Reads a term's JSON: its types and names; CheckDistilledTerm checks its values.
DistilledTerm ParseTerm(const Json& t, const std::vector<std::string>& names,
                        const std::string& source, const std::string& where) {
  if (!t.is_object()) FailDistilled(source, where + " must be an object");
  const Json& features = DistilledField(t, "features", source, where);
  if (!features.is_array() || features.empty() || features.size() > 2) {
    FailDistilled(source, where + " \"features\" must name 1 or 2 features");
  }
  DistilledTerm term;
  for (const Json& name : features) {
    term.features.push_back(FeatureIndex(name, names, source, where));
  }
  const Json& cuts = DistilledField(t, "cuts", source, where);
  if (!cuts.is_array() || cuts.size() != features.size()) {
    FailDistilled(source, where + " \"cuts\" must hold one array per feature (" +
                              std::to_string(features.size()) + ")");
  }
  for (size_t k = 0; k < cuts.size(); ++k) {
    const std::string cut_where = where + " cuts of " + features[k].dump();
    if (!cuts[k].is_array()) FailDistilled(source, cut_where + " must be an array of numbers");
    std::vector<float> c;
    for (const Json& v : cuts[k]) {
      c.push_back(static_cast<float>(FiniteNumber(v, source, cut_where)));
    }
    term.cuts.push_back(std::move(c));
  }
  const Json& scores = DistilledField(t, "scores", source, where);
  if (!scores.is_array()) FailDistilled(source, where + " \"scores\" must be an array of numbers");
  for (size_t i = 0; i < scores.size(); ++i) {
    term.scores.push_back(FiniteNumber(scores[i], source, where + " score " + std::to_string(i)));
  }
  CheckDistilledTerm(term, names, source, where);
  return term;
}

}  // namespace

void CheckDistilledTerm(const DistilledTerm& term, const std::vector<std::string>& names,
                        const std::string& source, const std::string& where) {
  const size_t arity = term.features.size();
  if (arity < 1 || arity > 2 || term.cuts.size() != arity) {
    FailDistilled(source, where + " must have 1 or 2 features and one array of cuts per feature");
  }
  const auto quoted = [&](int feature) { return "\"" + names[feature] + "\""; };
  if (arity == 2 && term.features[0] == term.features[1]) {
    FailDistilled(source, where + " pairs feature " + quoted(term.features[0]) + " with itself");
  }
  size_t cells = 1;
  for (size_t k = 0; k < arity; ++k) {
    const std::vector<float>& c = term.cuts[k];
    const std::string cut_where = where + " cuts of " + quoted(term.features[k]);
    if (c.size() > 65534) FailDistilled(source, cut_where + " has more than 65534 cuts");
    for (size_t i = 0; i < c.size(); ++i) {
      if (!std::isfinite(c[i])) FailDistilled(source, cut_where + " overflow float32");
      if (i > 0 && !(c[i - 1] < c[i])) {
        FailDistilled(source, cut_where + " must be strictly ascending");
      }
    }
    cells *= c.size() + 2;
  }
  if (term.scores.size() != cells) {
    FailDistilled(source, where + " \"scores\" must hold " + std::to_string(cells) +
                              " numbers (bins incl. the missing bin 0" +
                              (cells > 1 && arity == 2 ? ", row-major" : "") + "), got " +
                              std::to_string(term.scores.size()));
  }
  for (size_t i = 0; i < term.scores.size(); ++i) {
    if (!std::isfinite(term.scores[i])) {
      FailDistilled(source, where + " score " + std::to_string(i) + " must be finite");
    }
  }
}

Ga2mHead ReadGa2mHead(const DistilledJson& doc, const std::string& source) {
  DistilledHeader header = ReadDistilledHeader(doc, source);
  if (header.family != "ga2m") {
    FailDistilled(source, "family \"" + header.family +
                              "\" is not an additive model (ga2m): `whyrec explain` and the Python "
                              "package explain tree and rule_list models, as trees");
  }
  const double intercept =
      FiniteNumber(DistilledField(doc, "intercept", source, "the model"), source, "\"intercept\"");
  return {std::move(header), intercept};
}

int BinOf(const std::vector<float>& cuts, float v) {
  if (std::isnan(v)) return 0;
  return 1 + static_cast<int>(std::upper_bound(cuts.begin(), cuts.end(), v) - cuts.begin());
}

size_t DistilledTerm::Cell(const float* x) const {
  const int a = BinOf(cuts[0], x[features[0]]);
  return features.size() == 1 ? a : CellOf(a, BinOf(cuts[1], x[features[1]]));
}

DistilledModel::DistilledModel(std::vector<std::string> feature_names, double intercept,
                               std::vector<DistilledTerm> terms, Link link)
    : feature_names_(std::move(feature_names)),
      intercept_(intercept),
      terms_(std::move(terms)),
      link_(link) {
  if (feature_names_.empty()) throw std::invalid_argument("a distilled model needs features");
}

DistilledModel DistilledModel::FromJson(std::string_view text, const std::string& source) {
  const Json doc = ParseJsonDom(text, source);
  Ga2mHead head = ReadGa2mHead(doc, source);
  const std::vector<std::string>& names = head.header.feature_names;
  const Json& terms_json = DistilledField(doc, "terms", source, "the model");
  if (!terms_json.is_array()) FailDistilled(source, "\"terms\" must be an array");
  std::vector<DistilledTerm> terms;
  for (size_t i = 0; i < terms_json.size(); ++i) {
    terms.push_back(ParseTerm(terms_json[i], names, source, "term " + std::to_string(i)));
  }
  return DistilledModel(std::move(head.header.feature_names), head.intercept, std::move(terms),
                        head.header.link);
}

std::string DistilledModel::ToJson(int digits, const ScoreStep& step) const {
  Json doc = DistilledHeaderJson("ga2m", link_, feature_names_);
  doc["intercept"] = RoundDigits(intercept_, 17);
  DistilledModel rounded = *this;
  rounded.RoundScores(digits, step);
  Json terms = Json::array();
  for (DistilledTerm& rounded_term : rounded.terms_) {
    const DistilledTerm term = MergeEqualBins(std::move(rounded_term));
    Json t;
    t["features"] = Json::array();
    t["cuts"] = Json::array();
    for (size_t k = 0; k < term.features.size(); ++k) {
      t["features"].push_back(feature_names_[term.features[k]]);
      Json cuts = Json::array();
      for (float c : term.cuts[k]) cuts.push_back(FloatJson(c));
      t["cuts"].push_back(std::move(cuts));
    }
    t["scores"] = term.scores;
    terms.push_back(std::move(t));
  }
  doc["terms"] = std::move(terms);
  return doc.dump();
}

void DistilledModel::RoundScores(int digits, const ScoreStep& step) {
  for (DistilledTerm& term : terms_) {
    for (double& s : term.scores) s = RoundDigits(RoundToStep(s, step), digits);
  }
}

std::vector<std::string> DistilledModel::output_names() const {
  if (link_ == Link::kLogit) return {"margin", "prob"};
  return {"prediction"};
}

double DistilledModel::Margin(const float* x) const {
  double margin = intercept_;
  for (const DistilledTerm& term : terms_) margin += term.scores[term.Cell(x)];
  return margin;
}

Eigen::VectorXd DistilledModel::TermValues(const float* x) const {
  Eigen::VectorXd values(terms_.size());
  for (size_t t = 0; t < terms_.size(); ++t) values[t] = terms_[t].scores[terms_[t].Cell(x)];
  return values;
}

RowMatrixF DistilledModel::Predict(ConstMatrixView rows, int output) {
  if (rows.cols() != input_width()) {
    throw std::invalid_argument("the distilled model expects " + std::to_string(input_width()) +
                                " inputs, got " + std::to_string(rows.cols()));
  }
  RowMatrixF out(rows.rows(), 1);
  for (Eigen::Index r = 0; r < rows.rows(); ++r) {
    const double margin = Margin(rows.data() + r * rows.cols());
    out(r, 0) = static_cast<float>(output == 1 ? 1.0 / (1.0 + std::exp(-margin)) : margin);
  }
  return out;
}

int DistilledModel::num_pairs() const {
  return static_cast<int>(std::count_if(terms_.begin(), terms_.end(),
                                        [](const auto& t) { return t.features.size() == 2; }));
}

bool LooksLikeDistilledJson(std::string_view text) { return !DistilledFamily(text).empty(); }

}  // namespace whyrec
