#include "core/explain/shapley/coalition_rows.h"

namespace whyrec {

CoalitionRows::CoalitionRows(const Schema& schema, const Eigen::VectorXf& instance,
                             const Background& background)
    : schema_(schema), instance_(instance.transpose()), background_(background) {}

void CoalitionRows::Fill(uint64_t mask, RowMatrixF* out, Eigen::Index first_row) const {
  uint8_t present[64];
  const int players = schema_.num_players();
  for (int g = 0; g < players; ++g) present[g] = (mask >> g) & 1;
  Fill(present, out, first_row);
}

void CoalitionRows::Fill(const uint8_t* present, RowMatrixF* out, Eigen::Index first_row) const {
  const Eigen::Index m = background_.size();
  out->middleRows(first_row, m) = background_.rows();
  const auto& players = schema_.players();
  for (size_t g = 0; g < players.size(); ++g) {
    if (!present[g]) continue;
    for (int column : players[g].columns) {
      out->col(column).segment(first_row, m).setConstant(instance_[column]);
    }
  }
}

}  // namespace whyrec
