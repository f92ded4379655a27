#include "core/distill/distill.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <numeric>
#include <stdexcept>

#include "core/distill/synthetic_rows.h"
#include "core/models/distilled_model.h"
#include "core/models/distilled_tree.h"
#include "core/models/rule_list.h"
#include "core/random.h"

namespace whyrec {
namespace {

constexpr int kMinRows = 20;

// `part` names the rows in errors ("" for the whole data, "fitted", "held-out").
void CheckTeacher(const RowMatrixF& x, const Eigen::VectorXd& teacher,
                  const std::vector<std::string>& names, const std::vector<int>& lists,
                  const std::string& part, int min_rows) {
  const std::string of = part.empty() ? "" : " of the " + part + " data";
  if (x.rows() != teacher.size()) {
    throw std::invalid_argument("the data has " + std::to_string(x.rows()) + " rows but " +
                                std::to_string(teacher.size()) + " teacher scores");
  }
  if (static_cast<Eigen::Index>(names.size()) != x.cols()) {
    throw std::invalid_argument("the data has " + std::to_string(x.cols()) + " columns but " +
                                std::to_string(names.size()) + " feature names");
  }
  if (!lists.empty() && static_cast<Eigen::Index>(lists.size()) != x.rows()) {
    throw std::invalid_argument("one list id per row is needed");
  }
  if (!lists.empty() && *std::min_element(lists.begin(), lists.end()) < 0) {
    throw std::invalid_argument("list ids must be >= 0");
  }
  if (x.rows() < min_rows) {
    throw std::invalid_argument("distilling needs at least " + std::to_string(min_rows) + " rows" +
                                of + ", got " + std::to_string(x.rows()));
  }
  for (Eigen::Index r = 0; r < teacher.size(); ++r) {
    if (!std::isfinite(teacher[r])) {
      throw std::invalid_argument("the teacher's score for row " + std::to_string(r) +
                                  " (from 0 after the header)" + of + " is " +
                                  (std::isnan(teacher[r]) ? "NaN" : "infinite"));
    }
  }
  if (teacher.maxCoeff() == teacher.minCoeff()) {
    throw std::invalid_argument("the teacher's scores are all " + std::to_string(teacher[0]) + of +
                                ": a constant teacher has nothing to distil");
  }
}

// Rows fitted and held out: a seeded shuffle of the rows, or of the lists when given.
void Split(Eigen::Index rows, const std::vector<int>& lists, double holdout, uint64_t seed,
           std::vector<int>* fit, std::vector<int>* held) {
  std::vector<int> units;
  if (lists.empty()) {
    units.resize(rows);
    std::iota(units.begin(), units.end(), 0);
  } else {
    units = lists;
    std::sort(units.begin(), units.end());
    units.erase(std::unique(units.begin(), units.end()), units.end());
  }
  Random random(seed);
  for (int i = static_cast<int>(units.size()) - 1; i > 0; --i) {
    std::swap(units[i], units[random.Below(i + 1)]);
  }
  const size_t held_units = static_cast<size_t>(std::round(holdout * units.size()));
  std::vector<char> is_held(lists.empty() ? rows
                                          : *std::max_element(lists.begin(), lists.end()) + 1);
  for (size_t u = units.size() - held_units; u < units.size(); ++u) is_held[units[u]] = 1;
  for (Eigen::Index r = 0; r < rows; ++r) {
    (is_held[lists.empty() ? r : lists[r]] ? held : fit)->push_back(static_cast<int>(r));
  }
}

double StandardDeviation(const Eigen::VectorXd& v) {
  return std::sqrt((v.array() - v.mean()).square().mean());
}

RowMatrixF Rows(const RowMatrixF& x, const std::vector<int>& rows) {
  RowMatrixF out(rows.size(), x.cols());
  for (size_t i = 0; i < rows.size(); ++i) out.row(i) = x.row(rows[i]);
  return out;
}

Eigen::VectorXd Entries(const Eigen::VectorXd& v, const std::vector<int>& rows) {
  Eigen::VectorXd out(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) out[i] = v[rows[i]];
  return out;
}

Eigen::VectorXd Margins(Model& model, const RowMatrixF& x) {
  return model.Predict(ConstMatrixView(x.data(), x.rows(), x.cols()), 0).col(0).cast<double>();
}

std::string LinearJson(const LinearModel& m) {
  nlohmann::ordered_json doc;
  doc["type"] = "linear";
  doc["link"] = LinkName(m.link());
  doc["feature_names"] = m.feature_names();
  doc["coefficients"] = std::vector<double>(m.coefficients().data(),
                                            m.coefficients().data() + m.coefficients().size());
  doc["intercept"] = m.intercept();
  return doc.dump();
}

// Refuses synthetic rows that are not options.augment per fitted row, each with a finite score.
void CheckSynthetic(const SyntheticRows& synthetic, const DistillOptions& o,
                    const RowMatrixF& x_fit) {
  const Eigen::Index expected = x_fit.rows() * o.augment;
  if (synthetic.x.rows() != expected || synthetic.t.size() != expected ||
      (expected > 0 && synthetic.x.cols() != x_fit.cols())) {
    throw std::invalid_argument(
        "augment " + std::to_string(o.augment) + " needs " + std::to_string(expected) +
        " synthetic rows of " + std::to_string(x_fit.cols()) +
        " features, each with a teacher score; got " + std::to_string(synthetic.x.rows()) +
        " rows of " + std::to_string(synthetic.x.cols()) + " and " +
        std::to_string(synthetic.t.size()) + " scores");
  }
  for (Eigen::Index r = 0; r < expected; ++r) {
    if (!std::isfinite(synthetic.t[r])) {
      throw std::invalid_argument("the teacher's score for synthetic row " + std::to_string(r) +
                                  " is " + (std::isnan(synthetic.t[r]) ? "NaN" : "infinite"));
    }
  }
}

}  // namespace

RowMatrixF SyntheticRowsFor(const RowMatrixF& x_fit, const DistillOptions& o) {
  return CrossedRows(x_fit, o.augment, o.seed * 6364136223846793005ULL + 1442695040888963407ULL);
}

DistillSplit SplitForDistill(const RowMatrixF& x, const Eigen::VectorXd& teacher,
                             const std::vector<std::string>& feature_names,
                             const std::vector<int>& lists, const DistillOptions& o) {
  CheckTeacher(x, teacher, feature_names, lists, "", kMinRows);
  if (!(o.holdout > 0.0 && o.holdout < 1.0)) {
    throw std::invalid_argument("holdout must be in (0, 1), got " + std::to_string(o.holdout));
  }
  std::vector<int> fit_rows, held_rows;
  Split(x.rows(), lists, o.holdout, o.seed, &fit_rows, &held_rows);
  if (fit_rows.size() < kMinRows / 2 || held_rows.size() < 2) {
    throw std::invalid_argument("the holdout split leaves " + std::to_string(fit_rows.size()) +
                                " rows to fit and " + std::to_string(held_rows.size()) +
                                " to measure: give more rows" +
                                (lists.empty() ? "" : " or more lists") + " or change --holdout");
  }
  DistillSplit split;
  if (!lists.empty()) {
    for (int r : held_rows) split.held_lists.push_back(lists[r]);
  }
  split.x_fit = Rows(x, fit_rows);
  split.t_fit = Entries(teacher, fit_rows);
  split.x_held = Rows(x, held_rows);
  split.t_held = Entries(teacher, held_rows);
  return split;
}

DistillResult Distill(const RowMatrixF& x, const Eigen::VectorXd& teacher,
                      const std::vector<std::string>& feature_names, const std::vector<int>& lists,
                      const DistillOptions& o, const SyntheticRows& synthetic) {
  const DistillSplit s = SplitForDistill(x, teacher, feature_names, lists, o);
  return DistillOnSplit(s.x_fit, s.t_fit, s.x_held, s.t_held, s.held_lists, feature_names, o,
                        synthetic);
}

DistillResult DistillOnSplit(const RowMatrixF& x_fit, const Eigen::VectorXd& t_fit,
                             const RowMatrixF& x_held, const Eigen::VectorXd& t_held,
                             const std::vector<int>& held_lists,
                             const std::vector<std::string>& feature_names, const DistillOptions& o,
                             const SyntheticRows& synthetic) {
  CheckTeacher(x_fit, t_fit, feature_names, {}, "fitted", kMinRows / 2);
  CheckTeacher(x_held, t_held, feature_names, held_lists, "held-out", 2);
  if (o.family != "ga2m" && o.family != "linear" && o.family != "tree" && o.family != "rule_list") {
    throw std::invalid_argument("unknown family '" + o.family +
                                "'; available: ga2m, linear, tree, rule_list");
  }
  CheckSynthetic(synthetic, o, x_fit);
  // The fitted rows: the data's, then the synthetic rows (copied only when there are any).
  const bool augmented = synthetic.x.rows() > 0;
  RowMatrixF stacked_x;
  Eigen::VectorXd stacked_t;
  if (augmented) {
    stacked_x.resize(x_fit.rows() + synthetic.x.rows(), x_fit.cols());
    stacked_x << x_fit, synthetic.x;
    stacked_t.resize(t_fit.size() + synthetic.t.size());
    stacked_t << t_fit, synthetic.t;
  }
  const RowMatrixF& x_all = augmented ? stacked_x : x_fit;
  const Eigen::VectorXd& t_all = augmented ? stacked_t : t_fit;
  DistillResult result;
  result.train_rows = static_cast<int>(x_fit.rows());
  result.synthetic_rows = static_cast<int>(synthetic.x.rows());
  result.holdout_rows = static_cast<int>(x_held.rows());
  std::unique_ptr<Model> written;
  if (o.family == "ga2m") {
    Ga2mOptions ga2m = o.ga2m;
    ga2m.seed = o.seed;
    Ga2mFit fit = FitGa2m(x_all, t_all, feature_names, o.link, ga2m, x_fit.rows());
    result.model_json =
        fit.model.ToJson(o.digits, ScoreStepFor(o.score_step, StandardDeviation(t_fit)));
    auto model = std::make_unique<DistilledModel>(
        DistilledModel::FromJson(result.model_json, "the distilled model"));
    result.terms = static_cast<int>(model->terms().size());
    for (const DistilledTerm& term : model->terms()) {
      if (term.features.size() == 2) {
        result.pairs.push_back(feature_names[term.features[0]] + " x " +
                               feature_names[term.features[1]]);
      }
    }
    written = std::move(model);
  } else if (o.family == "linear") {
    LassoOptions lasso = o.lasso;
    lasso.seed = o.seed;
    const LassoFit fit = FitLasso(x_all, t_all, feature_names, o.link, lasso);
    result.model_json = LinearJson(fit.model);
    result.terms = fit.nonzero;
    written = std::make_unique<LinearModel>(LinearModel::FromJson(result.model_json, "linear"));
  } else {
    if (o.family == "tree") {
      const Tree tree = FitRegressionTree(x_all, t_all, o.tree);
      result.model_json = DistilledTreeJson(tree, feature_names, o.link, o.digits);
      result.terms = static_cast<int>(std::count_if(tree.nodes.begin(), tree.nodes.end(),
                                                    [](const TreeNode& n) { return n.is_leaf(); }));
    } else {
      const RuleList list = FitRuleList(x_all, t_all, feature_names, o.link, o.rule_list);
      result.model_json = RuleListJson(list, o.digits).dump();
      result.terms = static_cast<int>(list.rules.size());
    }
    written = std::make_unique<TreeEnsemble>(
        ReadDistilledTrees(result.model_json, "the distilled model"));
  }
  result.train_r2 = RSquared(t_fit, Margins(*written, x_fit));
  const Eigen::VectorXd s_held = Margins(*written, x_held);
  result.holdout_r2 = RSquared(t_held, s_held);
  if (!held_lists.empty()) {
    result.holdout_ranking = MeasureRanking(t_held, s_held, held_lists, o.k);
  }
  return result;
}

}  // namespace whyrec
