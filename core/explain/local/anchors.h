#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "core/background.h"
#include "core/explain/explainer.h"
#include "core/explain/local/anchor_predicates.h"
#include "core/random.h"
#include "core/schema.h"
#include "core/weighted_index.h"

namespace whyrec {

// alibi's AnchorTabular defaults, so that results compare.
struct AnchorsOptions {
  double threshold = 0.95;  // the precision an anchor must reach
  double delta = 0.1;       // confidence: bounds hold with probability 1 - delta
  double tau = 0.15;        // KL-LUCB's tolerance (alibi's epsilon)
  // A rule chosen by KL-LUCB is confirmed on fresh samples (drawn after the choice, so free of
  // the winner's bias), until their lower bound reaches the threshold or their upper bound falls
  // below it, at most this many.
  int64_t max_verify_samples = 2000;
  int64_t batch_size = 100;
  int64_t coverage_samples = 10000;
  int64_t min_samples_start = 100;
  int beam_size = 1;
  // A rule counts as found only when at least this many distinct background rows satisfy it: its
  // samples borrow the rule's features from those rows, so with fewer its precision describes
  // near-copies of a handful of rows (bench/anchors_precision.mjs: without this check the worst
  // claimed rule held for 65% of the unseen rows it covers). Rules with less support are not
  // searched.
  int64_t min_support = 10;
  std::optional<int> max_anchor_size;  // default: no limit
  std::vector<double> percentiles = {25, 50, 75};
  // A row's "prediction": output > anchor_threshold for one output (e.g. a probability), the
  // largest output's index for several.
  double anchor_threshold = 0.5;
  uint64_t seed = 0;
};

// Anchors (Ribeiro et al. 2018) as alibi searches them: a beam search over rules made of
// percentile conditions, each round choosing the best candidates by KL-LUCB, then sampling the
// chosen ones until their precision is known to be above or below the threshold; among rules
// that reach it, the one with the largest coverage wins. Samples for a rule keep a random
// background row's values except on the rule's features, which come from one background row
// that satisfies the whole rule. Two departures from alibi make claimed precision hold on fresh
// samples (alibi's rules often reached only 0.92 on the demo): a rule counts only the samples
// drawn for it (a parent's samples that happen to satisfy a child follow another distribution),
// and the rule KL-LUCB chooses is accepted only when the lower bound of its precision on samples
// drawn after the choice reaches the threshold (alibi accepts a lower bound above threshold -
// 0.05 on the samples it chose by). Adaptive: it asks for small batches until it is done.
//
// values: 1 for features in the rule, else 0. extra: anchor (the rule as text), conditions
// ({feature, op, value}), precision and precision_lower_bound (on the confirmation samples of a
// found rule), coverage (share of a fixed sample of
// coverage_samples background rows that satisfy the rule), support (distinct background rows
// that satisfy it), anchor_found (false when no rule with enough support reached the threshold:
// the best rule found is returned), warning (why not, when the background is the cause),
// prediction, samples. Conditions on one feature are reported merged, as one interval.
class Anchors : public Explainer {
 public:
  Anchors(Schema schema, const Eigen::VectorXf& instance, Background background,
          AnchorsOptions options = {});

  RowBatch next() override;
  void tell(ConstMatrixView outputs) override;
  Explanation result() const override;

  // The fixed rows coverage is measured on, so that a test can count them itself.
  const RowMatrixF& coverage_rows() const { return coverage_rows_; }

 private:
  using Rule = std::vector<int>;  // sorted predicate indices
  struct RuleState {
    int64_t samples = 0;
    int64_t positives = 0;      // samples with the instance's prediction
    int64_t fresh_samples = 0;  // drawn to confirm the rule after KL-LUCB chose it
    int64_t fresh_positives = 0;
    double coverage = 0;
    double mean() const { return samples == 0 ? 0 : double(positives) / double(samples); }
    double fresh_mean() const {
      return fresh_samples == 0 ? 0 : double(fresh_positives) / double(fresh_samples);
    }
  };
  struct Request {
    Rule rule;
    int64_t count;
    bool fresh;  // confirmation samples
  };
  enum class Phase { kStart, kEmptyRule, kLucb, kVerify, kDone };

  void Advance();
  void Ask(const Rule& rule, int64_t count, bool fresh = false);
  void StartRound();
  void Finish();
  bool LucbStep();  // true when it asked for samples
  bool VerifyStep();
  RuleState& State(const Rule& rule);
  double Coverage(const Rule& rule) const;
  int64_t Support(const Rule& rule) const;
  bool Supported(const Rule& rule) const { return Support(rule) >= options_.min_support; }
  void DrawRows(const Rule& rule, int64_t count, RowMatrixF* out, Eigen::Index first);
  int Label(const Eigen::Ref<const Eigen::RowVectorXd>& outputs) const;

  Schema schema_;
  Background background_;
  Eigen::VectorXf instance_;
  AnchorsOptions options_;
  std::vector<Predicate> predicates_;
  Random random_;
  WeightedIndex background_draw_;
  RowMatrixF coverage_rows_;
  std::vector<std::vector<uint8_t>> covered_;  // predicate x coverage row

  std::map<Rule, RuleState> rules_;

  Phase phase_ = Phase::kStart;
  std::vector<Request> pending_;
  RowBatch pending_rows_;
  bool asked_ = false;
  int64_t evaluations_ = 0;
  int label_ = 0;
  Eigen::VectorXd model_output_, base_value_;

  int size_ = 0;
  int max_size_ = 0;
  double best_coverage_ = -1;
  std::optional<Rule> best_;
  bool found_ = false;
  std::vector<std::vector<Rule>> best_of_size_;
  std::vector<Rule> arms_;
  int top_n_ = 1;
  bool lucb_final_ = false;
  int lucb_stage_ = 0;
  int lucb_t_ = 1;
  std::vector<Rule> chosen_;
  size_t verify_index_ = 0;
};

}  // namespace whyrec
