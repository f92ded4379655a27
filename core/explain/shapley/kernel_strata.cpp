#include "core/explain/shapley/kernel_strata.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace whyrec {
namespace {

double Choose(int n, int k) {
  return std::exp(std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0));
}

double Share(const KernelStratum& stratum, int players, KernelSampling sampling) {
  const double sizes = stratum.middle(players) ? 1.0 : 2.0;
  return sampling == KernelSampling::kKernel ? sizes * stratum.kernel_mass : sizes;
}

}  // namespace

KernelSampling ParseKernelSampling(const std::string& name) {
  if (name == "kernel") return KernelSampling::kKernel;
  if (name == "leverage") return KernelSampling::kLeverage;
  throw std::invalid_argument("sampling must be kernel or leverage, got '" + name + "'");
}

std::string KernelSamplingName(KernelSampling sampling) {
  return sampling == KernelSampling::kKernel ? "kernel" : "leverage";
}

double KernelStratum::coalition_weight(int players) const {
  // k(S) * population / pairs: C(M, s) cancels against the kernel weight of one coalition.
  return kernel_mass / static_cast<double>(pairs) / (middle(players) ? 2.0 : 1.0);
}

std::vector<KernelStratum> MakeKernelStrata(int players) {
  std::vector<KernelStratum> strata;
  for (int s = 1; 2 * s <= players; ++s) {
    KernelStratum stratum;
    stratum.size = s;
    const double coalitions = std::round(Choose(players, s));
    stratum.population = 2 * s == players ? coalitions / 2 : coalitions;
    stratum.kernel_mass = (players - 1.0) / (s * (players - s));
    strata.push_back(stratum);
  }
  return strata;
}

void AllocatePairs(std::vector<KernelStratum>* strata, int players, int64_t total,
                   KernelSampling sampling) {
  auto& all = *strata;
  std::vector<int64_t> before;
  for (const auto& stratum : all) before.push_back(stratum.pairs);
  std::vector<bool> open(all.size(), true);
  double budget = static_cast<double>(total);
  // Water-filling: strata whose proportional share covers their population are enumerated
  // completely and the rest is shared again among the others.
  for (bool changed = true; changed;) {
    changed = false;
    double share_sum = 0;
    for (size_t h = 0; h < all.size(); ++h) {
      if (open[h]) share_sum += Share(all[h], players, sampling);
    }
    for (size_t h = 0; h < all.size() && share_sum > 0; ++h) {
      if (open[h] && budget * Share(all[h], players, sampling) / share_sum >= all[h].population) {
        open[h] = false;
        budget -= all[h].population;
        all[h].pairs = static_cast<int64_t>(all[h].population);
        changed = true;
      }
    }
  }
  double share_sum = 0;
  for (size_t h = 0; h < all.size(); ++h) {
    if (open[h]) share_sum += Share(all[h], players, sampling);
  }
  if (share_sum <= 0 || budget <= 0) return;
  // Largest remainders keep the total exact.
  std::vector<std::pair<double, size_t>> remainders;
  int64_t given = 0;
  std::vector<int64_t> target(all.size(), 0);
  for (size_t h = 0; h < all.size(); ++h) {
    if (!open[h]) continue;
    const double exact = budget * Share(all[h], players, sampling) / share_sum;
    target[h] = static_cast<int64_t>(std::floor(exact));
    given += target[h];
    remainders.emplace_back(exact - std::floor(exact), h);
  }
  std::sort(remainders.begin(), remainders.end(), std::greater<>());
  const int64_t left = static_cast<int64_t>(std::floor(budget)) - given;
  for (int64_t i = 0; i < left && i < static_cast<int64_t>(remainders.size()); ++i) {
    ++target[remainders[i].second];
  }
  int64_t sum = 0;
  for (size_t h = 0; h < all.size(); ++h) {
    if (open[h]) all[h].pairs = std::max(all[h].pairs, target[h]);
    sum += all[h].pairs;
  }
  // Counts never drop below what was drawn; take any excess back from the largest increases.
  while (sum > total) {
    size_t worst = all.size();
    for (size_t h = 0; h < all.size(); ++h) {
      if (open[h] && all[h].pairs > before[h] &&
          (worst == all.size() || all[h].pairs - before[h] > all[worst].pairs - before[worst])) {
        worst = h;
      }
    }
    if (worst == all.size()) break;
    --all[worst].pairs;
    --sum;
  }
}

}  // namespace whyrec
