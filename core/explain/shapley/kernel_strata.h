#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace whyrec {

// How Kernel SHAP spreads its coalitions over coalition sizes. kKernel follows the Shapley
// kernel's mass (as shap does); kLeverage gives every size the same share, which is
// proportional to the regression's leverage scores (Musco & Witter, ICLR 2025).
enum class KernelSampling { kKernel, kLeverage };

KernelSampling ParseKernelSampling(const std::string& name);
std::string KernelSamplingName(KernelSampling sampling);

// Coalitions of size s and M - s, sampled as pairs (S, complement of S): one stratum.
struct KernelStratum {
  int size = 0;            // s, with s <= M - s
  double population = 0;   // pairs in the stratum: C(M, s), or C(M, s) / 2 when s == M - s
  double kernel_mass = 0;  // Shapley-kernel mass of one size: (M - 1) / (s (M - s))
  int64_t pairs = 0;       // pairs allocated so far

  bool middle(int players) const { return 2 * size == players; }
  bool complete() const { return static_cast<double>(pairs) >= population; }
  // Regression weight of each sampled coalition: its kernel weight over its inclusion
  // probability, so that the sampled normal equations estimate the complete ones.
  double coalition_weight(int players) const;
};

std::vector<KernelStratum> MakeKernelStrata(int players);

// Raises the strata's pair counts so that they add up to `total` (or to every pair there is),
// in proportion to each stratum's share under `sampling`, capped at its population, never
// lowering a count already drawn.
void AllocatePairs(std::vector<KernelStratum>* strata, int players, int64_t total,
                   KernelSampling sampling);

}  // namespace whyrec
