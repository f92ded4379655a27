#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/background.h"
#include "core/explain/explainer.h"
#include "core/explain/shapley/coalition_queue.h"
#include "core/explain/shapley/kernel_regression.h"
#include "core/explain/shapley/kernel_strata.h"
#include "core/link.h"
#include "core/random.h"
#include "core/schema.h"

namespace whyrec {

// Kernel SHAP's control variate: a surrogate of the game, fitted on the sampled coalitions, whose
// Shapley values are exact; the regression then estimates only what it misses.
enum class KernelSurrogate {
  kNone,  // the plain regression
  // The regression's additive fit plus boosted trees on coalition indicators (the default).
  kTrees,
  // The additive fit together with a smooth curve of the coalition's size (free of Shapley value:
  // it absorbs games whose value drops as coalitions shrink, as a recommendation does when a
  // history is nearly empty), plus the trees. On games without such an effect its noise costs a
  // little accuracy (bench/README.md).
  kSizeTrees,
  // Presence, the size curve and each player's effect decaying with the present players after it
  // (players in time order: a history's items, oldest first), fitted together, no trees
  // (CoalitionLinearSurrogate): the shape of a sequence model's game under removal.
  kRecency,
};
KernelSurrogate ParseKernelSurrogate(const std::string& name);
std::string KernelSurrogateName(KernelSurrogate surrogate);

struct KernelShapOptions {
  // Coalitions per explained row besides the empty and the full one; 0 means shap's default,
  // 2 G + 2048. Capped at 2^G - 2, where every coalition is evaluated and values are exact.
  int64_t budget = 0;
  // Ask for more coalitions, doubling each round, until every standard error is below this or
  // the budget is spent; 0 spends the whole budget at once.
  double tolerance = 0;
  KernelSampling sampling = KernelSampling::kLeverage;
  // The cross-fitted control variate (EstimateWithSurrogate); used once there are
  // kMinPairsForSurrogate pairs and not every coalition was evaluated.
  KernelSurrogate surrogate = KernelSurrogate::kTrees;
  Link link = Link::kIdentity;
  uint64_t seed = 0;
  int64_t max_batch_rows = 65536;
};

// Kernel SHAP: the Shapley-kernel weighted regression with efficiency enforced exactly. Paired
// (complement) sampling, stratified by coalition size without replacement; sizes the budget
// covers are enumerated completely. Standard errors by linearisation.
class KernelShap : public Explainer {
 public:
  KernelShap(Schema schema, const Eigen::VectorXf& instance, Background background,
             KernelShapOptions options);
  KernelShap(const KernelShap&) = delete;
  KernelShap& operator=(const KernelShap&) = delete;

  RowBatch next() override;
  void tell(ConstMatrixView outputs) override;
  Explanation result() const override;

  static int64_t DefaultBudget(int players) { return 2 * static_cast<int64_t>(players) + 2048; }
  static constexpr size_t kMinPairsForSurrogate = 64;
  static constexpr int kSurrogateFolds = 5;

 private:
  struct Pair {
    int stratum;
    int64_t first;  // queue index of S; its complement is first + 1
  };
  void StartRound();
  void DrawPairs(int stratum, int64_t count);
  void Estimate();
  KernelEstimate EstimateWithSurrogate(Eigen::Index output) const;

  Schema schema_;
  Background background_;
  KernelShapOptions options_;
  int players_;
  int64_t budget_;
  int64_t round_pairs_ = 0;
  Random random_;
  CoalitionQueue queue_;
  std::vector<KernelStratum> strata_;
  std::vector<std::unordered_set<std::string>> drawn_;  // canonical coalitions per stratum
  std::vector<Pair> pairs_;
  std::vector<KernelEstimate> estimates_;  // per output, after the last finished round
  bool finished_ = false;
  bool surrogate_used_ = false;
};

}  // namespace whyrec
