#include "core/explain/counterfactual/feature_counterfactual.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>

#include "core/float_decimal.h"
#include "core/models/output_column.h"

namespace whyrec {
namespace {

std::set<int> FeaturesOf(const std::map<int, double>& changes) {
  std::set<int> features;
  for (const auto& [feature, value] : changes) features.insert(feature);
  return features;
}

bool Includes(const std::set<int>& a, const std::set<int>& b) {
  return std::includes(a.begin(), a.end(), b.begin(), b.end());
}

}  // namespace

FeatureCounterfactual::FeatureCounterfactual(FeatureSpace space, Eigen::VectorXf instance,
                                             RowMatrixF others,
                                             FeatureCounterfactualOptions options)
    : space_(std::move(space)),
      instance_(std::move(instance)),
      others_(std::move(others)),
      options_(options) {
  if (options_.k < 1 || options_.count < 1 || options_.max_changes < 1 || options_.beam_width < 1 ||
      options_.budget < 1 || options_.bisection_steps < 0) {
    throw std::invalid_argument(
        "a feature counterfactual needs k, count, max_changes, beam_width and budget >= 1");
  }
  if (others_.cols() != instance_.size()) {
    throw std::invalid_argument("the candidate list's rows have " + std::to_string(others_.cols()) +
                                " features, the row has " + std::to_string(instance_.size()));
  }
  pending_.resize(1 + others_.rows(), instance_.size());
  pending_.row(0) = instance_.transpose();
  pending_.bottomRows(others_.rows()) = others_;
}

RowBatch FeatureCounterfactual::next() {
  if (waiting_) throw std::logic_error("next() was called again before tell()");
  waiting_ = pending_.rows() > 0;
  return pending_;
}

void FeatureCounterfactual::tell(ConstMatrixView outputs) {
  if (!waiting_) throw std::logic_error("tell() was called without a batch");
  if (outputs.rows() != pending_.rows()) {
    throw std::invalid_argument("tell() expected one score for each of " +
                                std::to_string(pending_.rows()) + " rows");
  }
  const Eigen::Index column =
      OutputColumn(outputs.cols(), options_.column, "the model's output", kColumnSetting);
  // The rest of the search reads column 0 of what it is told: one column is told as it is.
  if (outputs.cols() == 1) return TellScores(outputs);
  const RowMatrixF chosen = outputs.col(column);
  TellScores(ConstMatrixView(chosen.data(), chosen.rows(), 1));
}

void FeatureCounterfactual::TellScores(ConstMatrixView outputs) {
  for (Eigen::Index r = 0; r < outputs.rows(); ++r) {
    if (!std::isfinite(outputs(r, 0))) {
      throw std::invalid_argument(
          "the model returned NaN or infinity for a row the "
          "counterfactual search asked about");
    }
  }
  waiting_ = false;
  evaluations_ += outputs.rows();
  const Phase phase = phase_;
  pending_.resize(0, instance_.size());
  switch (phase) {
    case Phase::kStart:
      return AfterStart(outputs);
    case Phase::kBeam:
      return AfterBeam(outputs);
    case Phase::kPrune:
      return AfterPrune(outputs);
    case Phase::kShrinkLine:
      return AfterLine(outputs);
    case Phase::kShrinkBisect:
      return AfterBisect(outputs);
    case Phase::kReport:
      return AfterReport(outputs);
    case Phase::kDone:
      return;
  }
}

Eigen::VectorXf FeatureCounterfactual::Apply(const Changes& changes) const {
  Eigen::VectorXf row = instance_;
  for (const auto& [feature, value] : changes) row[feature] = static_cast<float>(value);
  return row;
}

bool FeatureCounterfactual::Success(double output) const {
  return enter_ ? output > threshold_ : output <= threshold_;
}

double FeatureCounterfactual::Gap(double output) const {
  return enter_ ? threshold_ - output : output - threshold_;
}

int64_t FeatureCounterfactual::RankOf(double output) const {
  // Ties place the row below the other item: a tie does not win a place.
  return 1 + (other_scores_.array() >= output).count();
}

void FeatureCounterfactual::Ask(const Changes& changes) {
  const Eigen::Index row = pending_.rows();
  pending_.conservativeResize(row + 1, instance_.size());
  pending_.row(row) = Apply(changes).transpose();
  asked_.push_back(changes);
}

void FeatureCounterfactual::AfterStart(ConstMatrixView outputs) {
  output_ = outputs(0, 0);
  other_scores_ = outputs.col(0).tail(others_.rows()).cast<double>();
  rank_ = RankOf(output_);
  const bool in_top = rank_ <= options_.k;
  enter_ = options_.goal == RankGoal::kAuto ? !in_top : options_.goal == RankGoal::kEnter;
  const std::string k = std::to_string(options_.k);
  if (enter_ && in_top) {
    throw std::invalid_argument("the row is already in the top " + k + " (rank " +
                                std::to_string(rank_) + "): ask for goal 'leave'");
  }
  if (!enter_ && !in_top) {
    throw std::invalid_argument("the row is already outside the top " + k + " (rank " +
                                std::to_string(rank_) + "): ask for goal 'enter'");
  }
  // in_top is false only when at least k other items score at least as high.
  if (!enter_ && others_.rows() < options_.k) {
    throw std::invalid_argument("the candidate list has " + std::to_string(others_.rows()) +
                                " other items: the row cannot leave its top " + k);
  }
  std::vector<double> sorted(other_scores_.data(), other_scores_.data() + other_scores_.size());
  std::sort(sorted.begin(), sorted.end(), std::greater<>());
  threshold_ = sorted[options_.k - 1];

  asked_.clear();
  for (int j = 0; j < instance_.size(); ++j) {
    if (!space_.changeable[j]) continue;
    for (double v : space_.grid[j]) Ask({{j, v}});
  }
  if (asked_.empty()) {
    throw std::invalid_argument(
        "no feature may change: every feature is immutable or has no "
        "other value in its range");
  }
  if (pending_.rows() > options_.budget - evaluations_) {
    budget_spent_ = true;
    pending_.resize(0, instance_.size());
    phase_ = Phase::kDone;
    return;
  }
  exhaustive_round_ = true;
  phase_ = Phase::kBeam;  // the single changes are the beam's first round
}

void FeatureCounterfactual::AfterBeam(ConstMatrixView outputs) {
  std::vector<std::pair<Changes, double>> successes, others;
  for (size_t i = 0; i < asked_.size(); ++i) {
    const double output = outputs(static_cast<Eigen::Index>(i), 0);
    (Success(output) ? successes : others).emplace_back(asked_[i], Gap(output));
  }
  // An answer is minimal in its number of changes when every edit with fewer changes was tried
  // on the grid: all single changes always, all pairs when they fit exhaustive_rows.
  if (found_.empty() && !successes.empty()) minimal_proved_ = size_ <= enumerated_ + 1;
  if (size_ == enumerated_ + 1 && phase_ == Phase::kBeam && exhaustive_round_) ++enumerated_;
  CollectAnswers(successes);
  const bool enough = static_cast<int>(found_.size()) >= options_.count;
  if (enough || size_ >= options_.max_changes || others.empty()) return StartPolish();
  std::stable_sort(others.begin(), others.end(),
                   [](const auto& a, const auto& b) { return a.second < b.second; });
  // The closest partial answer of each feature set first, so that ties (a model flat around the
  // row) do not fill the beam with one feature's values.
  beam_.clear();
  std::set<std::set<int>> feature_sets;
  for (const auto& candidate : others) {
    if (static_cast<int>(beam_.size()) == options_.beam_width) break;
    if (feature_sets.insert(FeaturesOf(candidate.first)).second) beam_.push_back(candidate);
  }
  for (const auto& candidate : others) {
    if (static_cast<int>(beam_.size()) == options_.beam_width) break;
    if (std::find(beam_.begin(), beam_.end(), candidate) == beam_.end()) beam_.push_back(candidate);
  }
  ++size_;
  if (size_ == 2 && PairCount() <= options_.exhaustive_rows) return StartPairs();
  StartBeamRound();
}

int64_t FeatureCounterfactual::PairCount() const {
  int64_t pairs = 0;
  for (int a = 0; a < instance_.size(); ++a) {
    for (int b = a + 1; b < instance_.size(); ++b) {
      if (space_.changeable[a] && space_.changeable[b]) {
        pairs += static_cast<int64_t>(space_.grid[a].size() * space_.grid[b].size());
      }
    }
  }
  return pairs;
}

// Every pair of changes on the grid: answers of three changes are then minimal too, and a model
// flat around the row cannot hide a pair from the beam.
void FeatureCounterfactual::StartPairs() {
  asked_.clear();
  for (int a = 0; a < instance_.size(); ++a) {
    for (int b = a + 1; b < instance_.size(); ++b) {
      if (!space_.changeable[a] || !space_.changeable[b]) continue;
      for (double va : space_.grid[a]) {
        for (double vb : space_.grid[b]) {
          const Changes pair = {{a, va}, {b, vb}};
          const std::set<int> features = {a, b};
          const bool covers_answer =
              std::any_of(found_.begin(), found_.end(),
                          [&](const Changes& f) { return Includes(features, FeaturesOf(f)); });
          if (!covers_answer) Ask(pair);
        }
      }
    }
  }
  if (asked_.empty() || pending_.rows() > options_.budget - evaluations_) {
    pending_.resize(0, instance_.size());
    return StartBeamRound();
  }
  exhaustive_round_ = true;
  phase_ = Phase::kBeam;
}

void FeatureCounterfactual::StartBeamRound() {
  exhaustive_round_ = false;
  asked_.clear();
  std::set<Changes> seen;
  for (const auto& [changes, gap] : beam_) {
    for (int j = 0; j < instance_.size(); ++j) {
      if (!space_.changeable[j] || changes.count(j)) continue;
      for (double v : space_.grid[j]) {
        Changes grown = changes;
        grown[j] = v;
        const std::set<int> features = FeaturesOf(grown);
        const bool covers_answer = std::any_of(found_.begin(), found_.end(), [&](const Changes& a) {
          return Includes(features, FeaturesOf(a));
        });
        if (!covers_answer && seen.insert(grown).second) Ask(grown);
      }
    }
  }
  if (asked_.empty()) return StartPolish();
  if (pending_.rows() > options_.budget - evaluations_) {
    budget_spent_ = true;
    pending_.resize(0, instance_.size());
    return StartPolish();
  }
  phase_ = Phase::kBeam;
}

void FeatureCounterfactual::CollectAnswers(
    const std::vector<std::pair<Changes, double>>& successes) {
  std::vector<std::pair<double, Changes>> by_distance;
  for (const auto& [changes, gap] : successes) {
    by_distance.emplace_back(space_.Distance(instance_, Apply(changes)), changes);
  }
  std::stable_sort(by_distance.begin(), by_distance.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [distance, changes] : by_distance) {
    if (static_cast<int>(found_.size()) >= options_.count) return;
    const std::set<int> features = FeaturesOf(changes);
    // Diverse answers change different features; a superset of an answer adds nothing.
    const bool repeats = std::any_of(found_.begin(), found_.end(), [&](const Changes& a) {
      return Includes(features, FeaturesOf(a));
    });
    if (!repeats) found_.push_back(changes);
  }
}

void FeatureCounterfactual::StartPolish() {
  polishing_ = 0;
  if (found_.empty()) {
    phase_ = Phase::kDone;
    return;
  }
  current_ = found_[0];
  NextPolishStep();
}

// Pruning first: undo each change in turn, keep the closest edit that still works, repeat.
void FeatureCounterfactual::NextPolishStep() {
  if (current_.size() == 1) return StartShrink();
  asked_.clear();
  for (const auto& [feature, value] : current_) {
    Changes fewer = current_;
    fewer.erase(feature);
    Ask(fewer);
  }
  phase_ = Phase::kPrune;
}

void FeatureCounterfactual::AfterPrune(ConstMatrixView outputs) {
  double best = INFINITY;
  std::optional<Changes> kept;
  for (size_t i = 0; i < asked_.size(); ++i) {
    if (!Success(outputs(static_cast<Eigen::Index>(i), 0))) continue;
    const double distance = space_.Distance(instance_, Apply(asked_[i]));
    if (distance < best) best = distance, kept = asked_[i];
  }
  if (!kept) return StartShrink();
  current_ = *kept;
  NextPolishStep();
}

// Then each change shrinks toward the row's own value, the largest contribution first.
void FeatureCounterfactual::StartShrink() {
  found_[polishing_] = current_;
  shrink_order_.clear();
  for (const auto& [feature, value] : current_) shrink_order_.push_back(feature);
  const auto part = [&](int j) {
    return space_.cost[j] * std::abs(current_.at(j) - instance_[j]) / space_.scale[j];
  };
  std::stable_sort(shrink_order_.begin(), shrink_order_.end(),
                   [&](int a, int b) { return part(a) > part(b); });
  shrink_index_ = 0;
  StartLine();
}

double FeatureCounterfactual::ShrunkValue(int feature, double t) const {
  const double origin = instance_[feature];
  return space_.Snap(feature, origin + t * (found_[polishing_].at(feature) - origin), origin);
}

// A line search: the smallest of 1/8, 2/8, ..., 7/8 of the change that still works.
void FeatureCounterfactual::StartLine() {
  if (shrink_index_ >= shrink_order_.size()) return FinishAnswer();
  const int j = shrink_order_[shrink_index_];
  asked_.clear();
  for (int i = 1; i < kLineSteps; ++i) {
    Changes shorter = current_;
    shorter[j] = ShrunkValue(j, static_cast<double>(i) / kLineSteps);
    Ask(shorter);
  }
  phase_ = Phase::kShrinkLine;
}

void FeatureCounterfactual::AfterLine(ConstMatrixView outputs) {
  const int j = shrink_order_[shrink_index_];
  success_t_ = 1;
  failure_t_ = 0;
  for (Eigen::Index i = 0; i < outputs.rows(); ++i) {
    if (Success(outputs(i, 0))) success_t_ = std::min(success_t_, double(i + 1) / kLineSteps);
  }
  for (Eigen::Index i = 0; i < outputs.rows(); ++i) {
    const double t = double(i + 1) / kLineSteps;
    if (t < success_t_ && !Success(outputs(i, 0))) failure_t_ = std::max(failure_t_, t);
  }
  current_[j] = ShrunkValue(j, success_t_);
  bisections_ = 0;
  StepBisection();
}

// Then bisection between the largest fraction that failed and the smallest that worked, until
// the step grid or the number of halvings stops it.
void FeatureCounterfactual::StepBisection() {
  const int j = shrink_order_[shrink_index_];
  const double value = ShrunkValue(j, (failure_t_ + success_t_) / 2);
  const bool settled = value == ShrunkValue(j, success_t_) || value == ShrunkValue(j, failure_t_) ||
                       value == instance_[j];
  if (bisections_ >= options_.bisection_steps || settled) {
    ++shrink_index_;
    return StartLine();
  }
  asked_.clear();
  Changes shorter = current_;
  shorter[j] = value;
  Ask(shorter);
  phase_ = Phase::kShrinkBisect;
}

void FeatureCounterfactual::AfterBisect(ConstMatrixView outputs) {
  const int j = shrink_order_[shrink_index_];
  const double middle = (failure_t_ + success_t_) / 2;
  if (Success(outputs(0, 0))) {
    success_t_ = middle;
    current_[j] = ShrunkValue(j, middle);
  } else {
    failure_t_ = middle;
  }
  ++bisections_;
  StepBisection();
}

void FeatureCounterfactual::FinishAnswer() {
  found_[polishing_] = current_;
  if (++polishing_ < found_.size()) {
    current_ = found_[polishing_];
    return NextPolishStep();
  }
  // Every kept value came from a row that reached the goal; one last batch scores the polished
  // answers together for their outputs and ranks.
  asked_.clear();
  for (const Changes& changes : found_) Ask(changes);
  phase_ = Phase::kReport;
}

void FeatureCounterfactual::AfterReport(ConstMatrixView outputs) {
  for (size_t a = 0; a < found_.size(); ++a) {
    FeatureAnswer answer;
    for (const auto& [feature, value] : found_[a]) {
      answer.changes.push_back(
          {feature, FloatAsDecimal(instance_[feature]), FloatAsDecimal(static_cast<float>(value))});
    }
    answer.output = outputs(static_cast<Eigen::Index>(a), 0);
    answer.rank = RankOf(answer.output);
    answer.distance = space_.Distance(instance_, Apply(found_[a]));
    answers_.push_back(std::move(answer));
  }
  phase_ = Phase::kDone;
}

nlohmann::ordered_json FeatureCounterfactual::result() const {
  if (phase_ != Phase::kDone || waiting_) {
    throw std::logic_error("result() was called before the counterfactual search finished");
  }
  nlohmann::ordered_json out;
  out["goal"] = enter_ ? "enter" : "leave";
  out["k"] = options_.k;
  out["output_before"] = output_;
  out["rank_before"] = rank_;
  out["list_size"] = others_.rows() + 1;
  out["threshold"] = threshold_;
  out["found"] = !answers_.empty();
  out["counterfactuals"] = nlohmann::ordered_json::array();
  for (const FeatureAnswer& answer : answers_) {
    nlohmann::ordered_json changes = nlohmann::ordered_json::array();
    for (const FeatureChange& c : answer.changes) {
      changes.push_back({{"feature", space_.names[c.feature]}, {"from", c.from}, {"to", c.to}});
    }
    out["counterfactuals"].push_back({{"changes", std::move(changes)},
                                      {"output", answer.output},
                                      {"rank", answer.rank},
                                      {"sparsity", answer.changes.size()},
                                      {"proximity", answer.distance}});
  }
  out["sparsity_minimal"] = minimal_proved_ && !answers_.empty();
  out["budget_spent"] = budget_spent_;
  out["evaluations"] = evaluations_;
  return out;
}

}  // namespace whyrec
