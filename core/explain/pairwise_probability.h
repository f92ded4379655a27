#pragma once

#include <Eigen/Core>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "core/background.h"
#include "core/explain/explainer.h"
#include "core/schema.h"

namespace whyrec {

// The methods that play the pairwise-probability game: the model-agnostic Shapley ones (a
// closed form explains the margin, not its sigmoid).
bool PlaysPairwiseProbability(const std::string& method);

// "Why is A above B" as a ranker's pairwise probability P(A above B) = sigmoid(f(A) - f(B))
// (RankNet). The sigmoid is not linear, so this is not the difference of A's and B's
// explanations: it is the game
//   v(S) = E_z sigmoid(f(A_S, z) - f(B_S, z)),
// where a present player takes A's values in A and B's values in B, and an absent player takes
// the same background row z's values in both (v(empty) = 1/2, v(all) = sigmoid(f(A) - f(B))).
// It is played by a model-agnostic Shapley method (exact, kernel, permutation, auto) over rows
// twice as wide, [A, B] against the background [z, z], with each player owning its columns in
// both halves; each asked row is split into its A and B halves for the model (two model rows per
// coalition row), and the method is told the sigmoid of their outputs' difference. The result is
// the method's explanation of that game: base value 1/2, model output sigmoid(f(A) - f(B)),
// evaluations counting model rows, settings.contrast_output "prob".
class PairwiseProbability : public Explainer {
 public:
  PairwiseProbability(const std::string& method, const nlohmann::ordered_json& settings,
                      const Schema& schema, const Eigen::VectorXf& a, const Eigen::VectorXf& b,
                      const Background& background);

  RowBatch next() override;
  void tell(ConstMatrixView outputs) override;
  Explanation result() const override;

 private:
  int width_;
  std::unique_ptr<Explainer> paired_;
  Eigen::Index asked_ = 0;  // paired rows of the last next()
};

}  // namespace whyrec
