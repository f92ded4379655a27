#include "core/explain/coalition_rows.h"

namespace whyrec {

CoalitionRows::CoalitionRows(const Schema& schema, const Eigen::VectorXf& instance,
                             const Background& background)
    : schema_(schema), instance_(instance.transpose()), background_(background) {}

void CoalitionRows::Fill(uint64_t mask, RowMatrixF* out, Eigen::Index first_row) const {
  const Eigen::Index m = background_.size();
  out->middleRows(first_row, m) = background_.rows();
  const auto& players = schema_.players();
  for (size_t g = 0; g < players.size(); ++g) {
    if (!((mask >> g) & 1)) continue;
    for (int column : players[g].columns) {
      out->col(column).segment(first_row, m).setConstant(instance_[column]);
    }
  }
}

}  // namespace whyrec
