#pragma once

#include <Eigen/Core>
#include <cstdint>

#include "core/background.h"
#include "core/matrix.h"
#include "core/schema.h"

namespace whyrec {

// Builds the model rows of interventional coalitions: for coalition S (bit g set when player g
// is present) and each background row b, the row takes the instance's values on S's columns and
// b's values elsewhere. Writes background.size() rows per mask into `out` starting at `first_row`.
class CoalitionRows {
 public:
  CoalitionRows(const Schema& schema, const Eigen::VectorXf& instance,
                const Background& background);

  void Fill(uint64_t mask, RowMatrixF* out, Eigen::Index first_row) const;
  // The same for a coalition of any size: present[g] != 0 when player g is in it.
  void Fill(const uint8_t* present, RowMatrixF* out, Eigen::Index first_row) const;

 private:
  const Schema& schema_;
  Eigen::RowVectorXf instance_;
  const Background& background_;
};

}  // namespace whyrec
