#pragma once

#include <cstdint>
#include <vector>

#include "core/background.h"
#include "core/explain/explainer.h"
#include "core/explain/shapley/coalition_queue.h"
#include "core/random.h"
#include "core/schema.h"

namespace whyrec {

// shap 0.49's KernelExplainer coalition sampling, transcribed for benchmarks only: it is the
// baseline whyrec's Kernel SHAP is measured against. Subset sizes are enumerated from the edges
// inward while nsamples * (remaining kernel weight) covers them; the rest is drawn with
// replacement by kernel weight, paired except for the middle size, duplicates adding weight, and
// the random part rescaled to the kernel weight left. Solved like shap with l1_reg off.
class ShapKernelReference : public Explainer {
 public:
  ShapKernelReference(const Schema& schema, const Eigen::VectorXf& instance,
                      const Background& background, int64_t nsamples, uint64_t seed);

  RowBatch next() override;
  void tell(ConstMatrixView outputs) override { queue_.Tell(outputs); }
  Explanation result() const override;

 private:
  void Add(const std::vector<uint8_t>& mask, double weight);

  const Schema& schema_;
  int players_;
  CoalitionQueue queue_;
  std::vector<double> weights_;  // per queued coalition after the first two
};

}  // namespace whyrec
