#include "core/explain/local/anchors.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

#include "core/explain/instance_check.h"
#include "core/explain/local/kl_bounds.h"
#include "core/explain/local/percentile_bins.h"

namespace whyrec {
namespace {

std::vector<double> WeightsOf(const Background& background) {
  const Eigen::VectorXd& w = background.weights();
  return std::vector<double>(w.data(), w.data() + w.size());
}

void RequireOpenUnit(double x, const char* name) {
  if (!(x > 0 && x < 1)) {
    throw std::invalid_argument(std::string("setting '") + name + "' must be in (0, 1), got " +
                                nlohmann::json(x).dump());
  }
}

}  // namespace

Anchors::Anchors(Schema schema, const Eigen::VectorXf& instance, Background background,
                 AnchorsOptions options)
    : schema_(std::move(schema)),
      background_(std::move(background)),
      instance_(instance),
      options_(std::move(options)),
      random_(options_.seed),
      background_draw_(WeightsOf(background_)) {
  RequireCompleteInstance(schema_, instance_, background_, "Anchors");
  RequireOpenUnit(options_.threshold, "threshold");
  RequireOpenUnit(options_.delta, "delta");
  RequireOpenUnit(options_.tau, "tau");
  if (options_.batch_size < 1 || options_.coverage_samples < 1 || options_.min_samples_start < 1 ||
      options_.beam_size < 1 || (options_.max_anchor_size && *options_.max_anchor_size < 1) ||
      options_.min_support < 1) {
    throw std::invalid_argument(
        "anchors' batch_size, coverage_samples, min_samples_start, beam_size, max_anchor_size "
        "and min_support must be >= 1");
  }
  predicates_ = AnchorPredicates(schema_, background_, instance_, options_.percentiles);
  const int num_predicates = static_cast<int>(predicates_.size());
  max_size_ = options_.max_anchor_size.value_or(num_predicates);

  coverage_rows_.resize(options_.coverage_samples, schema_.width());
  for (Eigen::Index c = 0; c < coverage_rows_.rows(); ++c) {
    coverage_rows_.row(c) = background_.rows().row(background_draw_.Draw(random_));
  }
  covered_.assign(predicates_.size(), std::vector<uint8_t>(coverage_rows_.rows()));
  for (int p = 0; p < num_predicates; ++p) {
    for (Eigen::Index c = 0; c < coverage_rows_.rows(); ++c) {
      covered_[p][c] = predicates_[p].Holds(coverage_rows_(c, predicates_[p].feature));
    }
  }
  State({}).coverage = 1.0;

  // The first batch: the instance (its prediction), the background (base_value) and the first
  // samples of the empty rule.
  pending_rows_.resize(1 + background_.size(), schema_.width());
  pending_rows_ << instance_.transpose(), background_.rows();
  Ask({}, options_.min_samples_start);
}

RowBatch Anchors::next() {
  if (asked_) {
    throw std::logic_error("next() was called again before tell() answered the last batch");
  }
  asked_ = pending_rows_.rows() > 0;
  return pending_rows_;
}

void Anchors::tell(ConstMatrixView outputs) {
  if (!asked_) throw std::logic_error("tell() was called without a batch");
  if (outputs.rows() != pending_rows_.rows()) {
    throw std::invalid_argument("tell() expected outputs for " +
                                std::to_string(pending_rows_.rows()) + " rows, got " +
                                std::to_string(outputs.rows()));
  }
  if (outputs.cols() < 1) throw std::invalid_argument("the model returned no output values");
  if (!outputs.allFinite()) {
    throw std::invalid_argument("the model returned NaN or infinity for a row anchors sampled");
  }
  const Eigen::MatrixXd told = outputs.cast<double>();
  Eigen::Index row = 0;
  if (phase_ == Phase::kStart) {
    model_output_ = told.row(0).transpose();
    label_ = Label(told.row(0));
    base_value_ = told.middleRows(1, background_.size()).transpose() * background_.weights();
    row = 1 + background_.size();
    phase_ = Phase::kEmptyRule;
  } else if (told.cols() != model_output_.size()) {
    throw std::invalid_argument("the model returned " + std::to_string(told.cols()) +
                                " outputs per row, earlier " +
                                std::to_string(model_output_.size()));
  }
  for (const Request& request : pending_) {
    RuleState& state = State(request.rule);
    for (int64_t i = 0; i < request.count; ++i, ++row) {
      const bool agrees = Label(told.row(row)) == label_;
      ++state.samples;
      state.positives += agrees;
      if (request.fresh) {
        ++state.fresh_samples;
        state.fresh_positives += agrees;
      }
    }
  }
  evaluations_ += told.rows();
  pending_.clear();
  pending_rows_.resize(0, schema_.width());
  asked_ = false;
  Advance();
}

void Anchors::Advance() {
  while (pending_.empty() && phase_ != Phase::kDone) {
    switch (phase_) {
      case Phase::kEmptyRule: {
        const RuleState& s = State({});
        const double mean = s.mean();
        const double lb = KlLowerBound(mean, std::log(1 / options_.delta) / s.samples);
        if (mean > options_.threshold && lb < options_.threshold - options_.tau) {
          Ask({}, options_.batch_size);
        } else if (lb > options_.threshold && Supported({})) {
          best_ = Rule{};
          found_ = true;
          phase_ = Phase::kDone;
        } else {
          size_ = 1;
          best_of_size_ = {{}};
          StartRound();
        }
        break;
      }
      case Phase::kLucb:
        LucbStep();
        break;
      case Phase::kVerify:
        VerifyStep();
        break;
      case Phase::kStart:
      case Phase::kDone:
        return;
    }
  }
}

void Anchors::StartRound() {
  if (size_ > max_size_) return Finish();
  std::vector<Rule> candidates;
  const int num_predicates = static_cast<int>(predicates_.size());
  const auto add = [&](Rule rule) {
    if (std::find(candidates.begin(), candidates.end(), rule) != candidates.end()) return;
    RuleState state;
    state.coverage = Coverage(rule);
    if (state.coverage <= best_coverage_ || !Supported(rule)) return;
    rules_[rule] = std::move(state);
    candidates.push_back(std::move(rule));
  };
  if (size_ == 1) {
    for (int p = 0; p < num_predicates; ++p) add({p});
  } else {
    for (int p = 0; p < num_predicates; ++p) {
      for (const Rule& parent : best_of_size_[size_ - 1]) {
        if (std::binary_search(parent.begin(), parent.end(), p)) continue;
        Rule rule = parent;
        rule.insert(std::upper_bound(rule.begin(), rule.end(), p), p);
        add(std::move(rule));
      }
    }
  }
  if (candidates.empty()) return Finish();
  arms_ = std::move(candidates);
  top_n_ = std::min<int>(options_.beam_size, static_cast<int>(arms_.size()));
  lucb_final_ = false;
  lucb_stage_ = 0;
  lucb_t_ = 1;
  phase_ = Phase::kLucb;
}

void Anchors::Finish() {
  if (found_) {
    phase_ = Phase::kDone;
    return;
  }
  // No rule reached the threshold: KL-LUCB picks the most precise of each round's best.
  arms_.clear();
  for (size_t size = 1; size < best_of_size_.size(); ++size) {
    arms_.insert(arms_.end(), best_of_size_[size].begin(), best_of_size_[size].end());
  }
  if (arms_.empty()) {
    best_ = Rule{};
    phase_ = Phase::kDone;
    return;
  }
  top_n_ = 1;
  lucb_final_ = true;
  lucb_stage_ = 0;
  lucb_t_ = 1;
  phase_ = Phase::kLucb;
}

bool Anchors::LucbStep() {
  if (lucb_stage_ == 0) {
    lucb_stage_ = 1;
    for (const Rule& rule : arms_) {
      if (State(rule).samples == 0) Ask(rule, 1);
    }
    if (!pending_.empty()) return true;
  }
  const int arms = static_cast<int>(arms_.size());
  std::vector<double> means(arms);
  for (int a = 0; a < arms; ++a) means[a] = State(arms_[a]).mean();
  std::vector<int> order(arms);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return means[a] < means[b]; });
  const std::vector<int> best(order.end() - top_n_, order.end());
  if (arms > top_n_) {
    const double beta = LucbBeta(arms, lucb_t_, options_.delta);
    int upper_arm = -1, lower_arm = -1;
    double upper = -1, lower = 2;
    for (int i = 0; i < arms - top_n_; ++i) {
      const int a = order[i];
      const double ub = KlUpperBound(means[a], beta / State(arms_[a]).samples);
      if (ub > upper) upper = ub, upper_arm = a;
    }
    for (int a : best) {
      const double lb = KlLowerBound(means[a], beta / State(arms_[a]).samples);
      if (lb < lower) lower = lb, lower_arm = a;
    }
    if (upper - lower > options_.tau) {
      Ask(arms_[upper_arm], options_.batch_size);
      Ask(arms_[lower_arm], options_.batch_size);
      ++lucb_t_;
      return true;
    }
  }
  chosen_.clear();
  for (int a : best) chosen_.push_back(arms_[a]);
  if (lucb_final_) {
    best_ = chosen_.back();
    phase_ = Phase::kDone;
    return false;
  }
  best_of_size_.push_back(chosen_);
  verify_index_ = 0;
  phase_ = Phase::kVerify;
  return false;
}

bool Anchors::VerifyStep() {
  const double t = options_.threshold;
  const double beta =
      std::log(1 / (options_.delta /
                    (1 + (options_.beam_size - 1) * static_cast<double>(predicates_.size()))));
  const auto lower_bound = [&](const RuleState& s) {
    return KlLowerBound(s.fresh_mean(), beta / s.fresh_samples);
  };
  for (; verify_index_ < chosen_.size(); ++verify_index_) {
    const RuleState& s = State(chosen_[verify_index_]);
    const bool undecided =
        s.fresh_samples == 0 ||
        (lower_bound(s) < t && KlUpperBound(s.fresh_mean(), beta / s.fresh_samples) >= t);
    if (undecided && s.fresh_samples < options_.max_verify_samples) {
      Ask(chosen_[verify_index_], options_.batch_size, true);
      return true;
    }
  }
  const Rule* better = nullptr;
  for (const Rule& rule : chosen_) {
    const RuleState& s = State(rule);
    if (lower_bound(s) >= t && s.coverage > best_coverage_) {
      best_coverage_ = s.coverage;
      better = &rule;
    }
  }
  if (better) {
    best_ = *better;
    found_ = true;
    if (best_coverage_ == 1.0) {
      Finish();
      return false;
    }
  }
  ++size_;
  StartRound();
  return false;
}

void Anchors::Ask(const Rule& rule, int64_t count, bool fresh) {
  const Eigen::Index first = pending_rows_.rows();
  pending_rows_.conservativeResize(first + count, schema_.width());
  DrawRows(rule, count, &pending_rows_, first);
  pending_.push_back({rule, count, fresh});
}

Anchors::RuleState& Anchors::State(const Rule& rule) { return rules_[rule]; }

int64_t Anchors::Support(const Rule& rule) const {
  std::vector<Eigen::Index> satisfying;
  for (Eigen::Index b = 0; b < background_.size(); ++b) {
    bool holds = background_.weights()[b] > 0;
    for (int p : rule)
      holds = holds && predicates_[p].Holds(background_.rows()(b, predicates_[p].feature));
    if (holds) satisfying.push_back(b);
  }
  // Duplicated background rows lend the same values: count each distinct row once.
  const auto row = [&](Eigen::Index b) { return background_.rows().row(b); };
  const auto less = [&](Eigen::Index a, Eigen::Index b) {
    return std::lexicographical_compare(row(a).begin(), row(a).end(), row(b).begin(), row(b).end());
  };
  std::sort(satisfying.begin(), satisfying.end(), less);
  const auto same = [&](Eigen::Index a, Eigen::Index b) { return row(a) == row(b); };
  return std::unique(satisfying.begin(), satisfying.end(), same) - satisfying.begin();
}

double Anchors::Coverage(const Rule& rule) const {
  int64_t count = 0;
  for (Eigen::Index c = 0; c < coverage_rows_.rows(); ++c) {
    bool holds = true;
    for (int p : rule) holds = holds && covered_[p][c];
    count += holds;
  }
  return static_cast<double>(count) / static_cast<double>(coverage_rows_.rows());
}

void Anchors::DrawRows(const Rule& rule, int64_t count, RowMatrixF* out, Eigen::Index first) {
  // Background rows that can lend the rule's features: all of them at once when some row
  // satisfies the whole rule, else feature by feature.
  const auto donors = [&](const std::vector<int>& conditions) -> std::optional<WeightedIndex> {
    std::vector<double> weights(static_cast<size_t>(background_.size()), 0.0);
    double total = 0;
    for (Eigen::Index b = 0; b < background_.size(); ++b) {
      bool holds = true;
      for (int p : conditions) {
        holds = holds && predicates_[p].Holds(background_.rows()(b, predicates_[p].feature));
      }
      if (holds) total += weights[b] = background_.weights()[b];
    }
    if (!(total > 0)) return std::nullopt;
    return WeightedIndex(weights);
  };
  std::vector<int> features;
  for (int p : rule) features.push_back(predicates_[p].feature);
  std::sort(features.begin(), features.end());
  features.erase(std::unique(features.begin(), features.end()), features.end());
  const std::optional<WeightedIndex> joint = rule.empty() ? std::nullopt : donors(rule);
  std::vector<std::optional<WeightedIndex>> per_feature;
  if (!rule.empty() && !joint) {
    for (int f : features) {
      std::vector<int> conditions;
      for (int p : rule) {
        if (predicates_[p].feature == f) conditions.push_back(p);
      }
      per_feature.push_back(donors(conditions));
    }
  }
  for (int64_t i = 0; i < count; ++i) {
    auto row = out->row(first + i);
    row = background_.rows().row(background_draw_.Draw(random_));
    if (joint) {
      const int donor = joint->Draw(random_);
      for (int f : features) row[f] = background_.rows()(donor, f);
    } else {
      for (size_t k = 0; k < per_feature.size(); ++k) {
        const int f = features[k];
        row[f] =
            per_feature[k] ? background_.rows()(per_feature[k]->Draw(random_), f) : instance_[f];
      }
    }
  }
}

int Anchors::Label(const Eigen::Ref<const Eigen::RowVectorXd>& outputs) const {
  if (outputs.size() == 1) return outputs[0] > options_.anchor_threshold ? 1 : 0;
  Eigen::Index largest;
  outputs.maxCoeff(&largest);
  return static_cast<int>(largest);
}

Explanation Anchors::result() const {
  if (phase_ != Phase::kDone) {
    throw std::logic_error("result() was called before the anchor search finished");
  }
  const Rule& rule = *best_;
  const RuleState& state = rules_.at(rule);
  const Eigen::Index k = model_output_.size();
  Explanation e;
  e.method = "anchors";
  e.player_names = schema_.player_names();
  e.values = Eigen::MatrixXd::Zero(k, schema_.num_players());
  e.std_errors = Eigen::MatrixXd::Zero(k, schema_.num_players());
  e.base_value = base_value_;
  e.model_output = model_output_;
  e.evaluations = evaluations_;
  e.seed = options_.seed;
  for (int p : rule) {
    for (int g = 0; g < schema_.num_players(); ++g) {
      const auto& columns = schema_.players()[g].columns;
      if (std::find(columns.begin(), columns.end(), predicates_[p].feature) != columns.end()) {
        e.values.col(g).setOnes();
      }
    }
  }
  std::vector<Predicate> in_rule;
  for (int p : rule) in_rule.push_back(predicates_[p]);
  const std::vector<Predicate> merged = MergeConditions(in_rule);
  nlohmann::ordered_json conditions = nlohmann::ordered_json::array();
  for (const Predicate& predicate : merged) {
    conditions.push_back({{"feature", schema_.features()[predicate.feature].name},
                          {"op", OpText(predicate.op)},
                          {"value", predicate.value}});
  }
  // A confirmed rule reports its confirmation samples; the empty rule and a rule that reached no
  // threshold report all the samples drawn for them.
  const bool confirmed = state.fresh_samples > 0 && found_;
  const int64_t samples = confirmed ? state.fresh_samples : state.samples;
  const double precision = confirmed ? state.fresh_mean() : state.mean();
  const double beta =
      std::log(1 / (options_.delta /
                    (1 + (options_.beam_size - 1) * static_cast<double>(predicates_.size()))));
  e.extra["anchor"] = RuleText(merged, schema_);
  e.extra["conditions"] = std::move(conditions);
  e.extra["precision"] = precision;
  e.extra["precision_lower_bound"] = KlLowerBound(precision, beta / samples);
  e.extra["coverage"] = state.coverage;
  e.extra["support"] = Support(rule);
  e.extra["anchor_found"] = found_;
  if (!found_) {
    e.extra["warning"] = "no rule that at least " + std::to_string(options_.min_support) +
                         " distinct background rows satisfy (min_support) reached precision " +
                         FormatThreshold(options_.threshold) +
                         "; narrower rules cannot be checked on " + std::to_string(Support({})) +
                         " distinct background rows: a larger background may find one";
  }
  e.extra["prediction"] = label_;
  e.extra["samples"] = samples;
  e.settings["threshold"] = options_.threshold;
  e.settings["delta"] = options_.delta;
  e.settings["tau"] = options_.tau;
  e.settings["batch_size"] = options_.batch_size;
  e.settings["coverage_samples"] = options_.coverage_samples;
  e.settings["min_samples_start"] = options_.min_samples_start;
  e.settings["beam_size"] = options_.beam_size;
  e.settings["min_support"] = options_.min_support;
  e.settings["max_verify_samples"] = options_.max_verify_samples;
  e.settings["max_anchor_size"] = max_size_;
  e.settings["anchor_threshold"] = options_.anchor_threshold;
  e.settings["percentiles"] = options_.percentiles;
  e.settings["background_rows"] = background_.size();
  return e;
}

}  // namespace whyrec
