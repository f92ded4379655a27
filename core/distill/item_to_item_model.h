#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace whyrec {

// The self-explaining surrogate of a history model (a next-item recommender): the score of a
// target item t after a history h_0..h_{n-1} (oldest first) is
//   b_t + sum_p w(h_p -> t) * decay^(n - 1 - p),
// with w(i -> t) = u_i . v_t (a low-rank part of `rank`, when rank > 0) plus a sparse pair
// weight, so the most recent item counts with weight 1 and each later item multiplies an earlier
// one's weight by decay (0^0 = 1: with decay 0 only the last item counts). Pairs not stored and
// items without factors weigh 0 (in the part they lack); targets not stored score default_bias. Its
// explanation of a score is its terms: one contribution per history position, which with b_t add up
// to the score.
struct ItemToItemModel {
  struct Target {
    double bias = 0;
    std::vector<int64_t> sources;  // strictly ascending item ids
    std::vector<double> weights;   // sparse w(source -> target), one per source
    std::vector<double> factors;   // v_t: rank entries, or none
  };
  double decay = 1;
  double default_bias = 0;
  std::map<int64_t, Target> targets;
  int rank = 0;
  std::map<int64_t, std::vector<double>> source_factors;  // u_i: rank entries each

  // The score of `target` after `history`: Bias plus the Contributions, summed in order.
  double Score(const std::vector<int64_t>& history, int64_t target) const;
  // b_t (the score of the empty history): the target's bias, else default_bias.
  double Bias(int64_t target) const;
  // Each history position's term w(h_p -> t) * decay^(n - 1 - p).
  std::vector<double> Contributions(const std::vector<int64_t>& history, int64_t target) const;
  // w(source -> target): u_source . v_target (0 without either) plus the sparse weight (0 for a
  // pair the model does not store).
  double Weight(int64_t source, int64_t target) const;
  // Stored numbers that explain: the biases, the non-zero pair weights and the factors' entries.
  int Terms() const;
  int Pairs() const;
};

// The whyrec-distilled JSON of the model (family "item_to_item", README "Distilling a history
// model"), its numbers written to `digits` significant digits.
std::string ItemToItemJson(const ItemToItemModel& model, int digits);

// Reads that JSON back. Errors name the field: a wrong format or family, a missing or
// non-finite number, a decay outside [0, 1], sources not strictly ascending, sources and weights
// of different lengths, a target or source listed twice, factors not of `rank` entries.
ItemToItemModel ParseItemToItemJson(const std::string& text, const std::string& source);

}  // namespace whyrec
