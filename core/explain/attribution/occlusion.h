#pragma once

#include <Eigen/Core>
#include <cstdint>

#include "core/background.h"
#include "core/explain/explainer.h"
#include "core/explain/shapley/coalition_queue.h"
#include "core/link.h"
#include "core/schema.h"

namespace whyrec {

// Occlusion (leave one out): a player's value is how much the output drops when that player
// alone is absent, v(N) - v(N \ {g}). The cheap baseline of attribution methods: G + 2
// coalitions (the empty one gives the base value), no sampling, but no efficiency either, and
// blind to players that matter only together.
class Occlusion : public Explainer {
 public:
  Occlusion(Schema schema, const Eigen::VectorXf& instance, Background background,
            Link link = Link::kIdentity, int64_t max_batch_rows = 65536);
  Occlusion(const Occlusion&) = delete;
  Occlusion& operator=(const Occlusion&) = delete;

  RowBatch next() override;
  void tell(ConstMatrixView outputs) override;
  Explanation result() const override;

 private:
  Schema schema_;
  Background background_;
  Eigen::VectorXf instance_;
  Link link_;
  int64_t max_batch_rows_;
  CoalitionQueue queue_;  // 0: everyone, 1: no one, 2 + g: everyone but g
};

}  // namespace whyrec
