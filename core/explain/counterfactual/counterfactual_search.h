#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/explain/counterfactual/counterfactual_config.h"
#include "core/explain/counterfactual/ranking.h"
#include "core/matrix.h"

namespace whyrec {

// What the search found. `players` are indices into the config's players, ascending.
struct Counterfactual {
  bool found = false;
  std::vector<int> players;
  std::vector<int64_t> history;  // the edited history (item ids, oldest first)
  Standing before, after;        // the target's standing on the whole and the edited history
  std::vector<int64_t> top_before, top_after;  // the k shown items, best first
  double output_before = 0, output_after = 0;  // the target's score or log-probability
  // Every smaller edit was evaluated and none reaches the goal.
  bool proved_minimal = false;
  // The budget ran out before the search was done.
  bool budget_spent = false;
  int64_t model_calls = 0;
  int64_t rounds = 0;
};

// The smallest edit of a history that changes whether the target is in the top k (see
// CounterfactualConfig), found by asking for edited histories and being told their item scores.
// Every answer is an evaluated history, so it is verified by construction. Rounds:
//  1. the whole history and every single edit (occlusion: one batch of P + 1 histories);
//  2. greedy: prefixes of the attribution order (occlusion's by default), in batches of doubling
//     size, until one reaches the goal;
//  3. shrinking: drop each chosen player (one batch), again while one of them still works;
//  4. beam search of width beam_width over edits smaller than the answer, growing the edits
//     closest to the goal (the target's score gap to the k-th shown item) by one player a round;
//  5. every edit of each smaller size, when they fit in exhaustive_rows and the budget: when no
//     smaller edit works, the answer is proved minimal.
// No randomness: the same request asks for the same histories in the same order.
class CounterfactualSearch {
 public:
  explicit CounterfactualSearch(CounterfactualConfig config);

  // Edited histories to score next (rows x the layout's length); empty when done.
  IdBatch next();
  // Item scores (rows x items) for the histories of the last next(). Throws
  // std::invalid_argument when the whole history already meets the goal (nothing to explain) or
  // when k leaves no item to rank the target below.
  void tell(ConstMatrixView scores);
  // Throws std::logic_error before the search is done.
  Counterfactual result() const;

  const History& history() const { return config_.base.history; }
  const CounterfactualConfig& config() const { return config_; }

 private:
  using Edit = std::vector<int>;  // player indices, ascending
  struct Outcome {
    double gap;  // > 0: short of the goal; <= 0 at or past it (ties are settled by rank)
    bool success;
  };
  enum class Phase { kStart, kGreedy, kShrink, kBeam, kExhaustive, kDone };

  void Schedule(const std::vector<Edit>& edits);
  void Advance();
  void AfterStart();
  void AfterGreedy();
  void StartShrink();
  void StartBeam();
  void AfterBeam();
  void StartExhaustive();
  std::vector<int64_t> EditedItems(const Edit& edit) const;
  void Write(const Edit& edit, int64_t* out) const;
  void Record(const Edit& edit, const float* scores, int64_t count);
  bool Tried(const Edit& edit) const { return outcomes_.count(edit) > 0; }
  double GapOf(const Edit& edit) const;
  int64_t BudgetLeft() const { return config_.budget - model_calls_; }
  int LevelsChecked() const;

  CounterfactualConfig config_;
  int players_;
  Phase phase_ = Phase::kStart;
  std::map<Edit, Outcome> outcomes_;
  std::vector<Edit> pending_;  // edits scheduled, not yet asked
  std::vector<Edit> asked_;    // edits of the last next()
  bool budget_cut_ = false;    // the budget left edits unasked
  std::vector<int> order_;     // greedy order of the players
  int greedy_next_ = 1, greedy_chunk_ = 4;
  std::vector<Edit> beam_;
  int shrink_from_ = 0;  // the answer's size when shrinking started
  int beam_size_ = 0;    // the size of the edits of the beam's last round
  int exhaustive_size_ = 0;
  int64_t exhaustive_spent_ = 0;
  std::optional<Counterfactual> best_;
  Counterfactual start_;  // the whole history's standing (found = false)
  int64_t model_calls_ = 0, rounds_ = 0;
};

}  // namespace whyrec
