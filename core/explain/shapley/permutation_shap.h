#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <vector>

#include "core/background.h"
#include "core/explain/explainer.h"
#include "core/explain/shapley/coalition_queue.h"
#include "core/link.h"
#include "core/random.h"
#include "core/schema.h"

namespace whyrec {

struct PermutationShapOptions {
  int64_t budget = 0;  // coalitions per explained row; 0 means 2 G + 2048
  double tolerance = 0;
  Link link = Link::kIdentity;
  uint64_t seed = 0;
  int64_t max_batch_rows = 65536;
};

// Permutation sampling with antithetic pairs: each random order of the players is walked
// together with its reverse, and the pair's average marginal contributions are one sample.
// Efficiency holds exactly for every sample; standard errors come from the spread of the pairs.
class PermutationShap : public Explainer {
 public:
  PermutationShap(Schema schema, const Eigen::VectorXf& instance, Background background,
                  PermutationShapOptions options);
  PermutationShap(const PermutationShap&) = delete;
  PermutationShap& operator=(const PermutationShap&) = delete;

  RowBatch next() override;
  void tell(ConstMatrixView outputs) override;
  Explanation result() const override;

 private:
  struct Walk {
    std::vector<int> order;
    int64_t first;  // queue index of the first prefix of size 1
  };
  void StartRound();
  void Estimate();

  Schema schema_;
  Background background_;
  PermutationShapOptions options_;
  int players_;
  int64_t max_pairs_;
  int64_t round_pairs_ = 0;
  Random random_;
  CoalitionQueue queue_;
  std::vector<Walk> walks_;              // antithetic pairs are consecutive
  Eigen::MatrixXd values_, std_errors_;  // outputs x players
  bool finished_ = false;
};

}  // namespace whyrec
