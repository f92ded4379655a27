#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
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

// A model from values read elsewhere (its JSON text, by ParseItemToItemJson, or the document JS
// parsed, by the WebAssembly bindings), with the value checks a file's get: a decay in [0, 1], a
// non-negative rank, finite numbers, sources strictly ascending with one weight each, factors of
// `rank` entries, no target or source listed twice. Errors name `source` and the field as the
// JSON does ("targets[3].weights[0] must be finite").
class ItemToItemBuilder {
 public:
  ItemToItemBuilder(std::string source, double decay, double default_bias, int rank);
  // Entry `index` of "source_factors".
  void AddSourceFactors(size_t index, int64_t item, std::vector<double> u);
  // Entry `index` of "targets"; `factors` ("v") absent when the target has none.
  void AddTarget(size_t index, int64_t item, double bias, std::vector<int64_t> sources,
                 std::vector<double> weights, std::optional<std::vector<double>> factors);
  ItemToItemModel Take() { return std::move(model_); }

 private:
  // `where` names the vector in an error (made only then).
  void CheckFactors(const std::vector<double>& factors,
                    const std::function<std::string()>& where) const;

  std::string source_;
  ItemToItemModel model_;
};

}  // namespace whyrec
