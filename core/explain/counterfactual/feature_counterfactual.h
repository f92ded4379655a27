#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <vector>

#include "core/explain/counterfactual/feature_space.h"
#include "core/matrix.h"

namespace whyrec {

// Which way the row must move: into the top k of its candidate list, or out of it. kAuto: the
// opposite of where it stands.
enum class RankGoal { kAuto, kEnter, kLeave };

struct FeatureCounterfactualOptions {
  int64_t k = 1;
  RankGoal goal = RankGoal::kAuto;
  int count = 1;            // answers wanted, each changing a different set of features
  int max_changes = 3;      // most features one answer changes
  int beam_width = 4;       // partial answers grown per round
  int64_t budget = 100000;  // most rows evaluated
  // Every pair of changes on the grid is tried when there are at most this many (else the beam
  // grows pairs too).
  int64_t exhaustive_rows = 30000;
  int bisection_steps = 8;  // proximity: halvings of each change after the line search
  int column = -1;          // the model's output column that ranks (-1: its only one)
};

// One answer: the changed features and where the row then stands.
struct FeatureChange {
  int feature;
  double from, to;
};
struct FeatureAnswer {
  std::vector<FeatureChange> changes;  // by feature index
  double output = 0;                   // the model's score of the changed row
  int64_t rank = 0;                    // its rank among the list's other items (1 = top)
  double distance = 0;                 // FeatureSpace::Distance (proximity; lower is closer)
};

// The smallest change to a row's changeable features that moves it into (or out of) the top k of
// its candidate list, the list's other items keeping their scores. Ask/tell: the first batch is
// the row and the other items; then every single change on the space's grid (so an answer of
// one or two changes is proved minimal in the number of changes, over the grid); then a beam
// search that grows the closest partial answers by one change a round until `count` answers
// with different feature sets reach the goal; each answer is then pruned (a change that is not
// needed is undone) and each change is shrunk toward the row's own value (a line search on the
// grid, then bisection) while the goal still holds. Every answer is an evaluated row. No
// randomness: the same request asks for the same rows.
class FeatureCounterfactual {
 public:
  FeatureCounterfactual(FeatureSpace space, Eigen::VectorXf instance, RowMatrixF others,
                        FeatureCounterfactualOptions options);

  // Rows to score next; empty when done.
  RowBatch next();
  // The model's output for each row of the last next(): its options' column, which an output of
  // several columns must name (OutputColumn). Throws std::invalid_argument for a NaN score, a
  // column not chosen or out of range, or a goal the row already meets.
  void tell(ConstMatrixView outputs);
  // Throws std::logic_error before the search is done.
  nlohmann::ordered_json result() const;

 private:
  using Changes = std::map<int, double>;  // feature -> new value
  enum class Phase { kStart, kBeam, kPrune, kShrinkLine, kShrinkBisect, kReport, kDone };
  static constexpr int kLineSteps = 8;

  // tell() on one column of scores.
  void TellScores(ConstMatrixView outputs);
  Eigen::VectorXf Apply(const Changes& changes) const;
  bool Success(double output) const;
  double Gap(double output) const;  // > 0 short of the goal
  int64_t RankOf(double output) const;
  void Ask(const Changes& changes);
  void AfterStart(ConstMatrixView outputs);
  void AfterBeam(ConstMatrixView outputs);
  void StartBeamRound();
  int64_t PairCount() const;
  void StartPairs();
  void CollectAnswers(const std::vector<std::pair<Changes, double>>& successes);
  void StartPolish();
  void NextPolishStep();
  void AfterPrune(ConstMatrixView outputs);
  void StartShrink();
  double ShrunkValue(int feature, double t) const;  // t of the answer's change, on the grid
  void StartLine();
  void AfterLine(ConstMatrixView outputs);
  void StepBisection();
  void AfterBisect(ConstMatrixView outputs);
  void FinishAnswer();
  void AfterReport(ConstMatrixView outputs);

  FeatureSpace space_;
  Eigen::VectorXf instance_;
  RowMatrixF others_;
  FeatureCounterfactualOptions options_;
  Eigen::VectorXd other_scores_;
  double output_ = 0, threshold_ = 0;
  int64_t rank_ = 0;
  bool enter_ = true;

  Phase phase_ = Phase::kStart;
  std::vector<Changes> asked_;
  RowBatch pending_;
  bool waiting_ = false;
  int64_t evaluations_ = 0;
  bool budget_spent_ = false;

  std::vector<std::pair<Changes, double>> beam_;  // partial answers and their gaps
  int size_ = 1;
  std::vector<Changes> found_;  // answers before polishing, distinct feature sets
  bool minimal_proved_ = false;
  int enumerated_ = 0;             // edits of up to this many changes were all tried
  bool exhaustive_round_ = false;  // the round in flight tries every edit of its size

  // Polishing one answer at a time.
  size_t polishing_ = 0;
  Changes current_;
  std::vector<int> shrink_order_;
  size_t shrink_index_ = 0;
  double success_t_ = 1, failure_t_ = 0;  // shrink: fractions of the change known to work / not
  int bisections_ = 0;
  std::vector<FeatureAnswer> answers_;  // polished and scored
};

}  // namespace whyrec
