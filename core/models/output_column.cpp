#include "core/models/output_column.h"

#include <stdexcept>

namespace whyrec {

Eigen::Index OutputColumn(Eigen::Index columns, int column, const std::string& output,
                          const std::string& choose) {
  const std::string range = "0 to " + std::to_string(columns - 1);
  if (columns < 1) throw std::invalid_argument(output + " is empty");
  if (column < 0 && columns > 1) {
    throw std::invalid_argument(output + " has " + std::to_string(columns) +
                                " columns (a class or a target each): choose one with " + choose +
                                " (" + range + ")");
  }
  if (column >= columns) {
    throw std::invalid_argument(choose + " " + std::to_string(column) + " is not a column of " +
                                output + " (" + range + ")");
  }
  return column < 0 ? 0 : column;
}

}  // namespace whyrec
