#include "core/distill/teacher_column.h"

#include <stdexcept>

namespace whyrec {

Eigen::VectorXd TeacherColumn(const RowMatrixF& outputs, int column, const std::string& output,
                              const std::string& choose) {
  const auto columns = static_cast<int>(outputs.cols());
  const std::string range = "0 to " + std::to_string(columns - 1);
  if (columns < 1) throw std::invalid_argument("the teacher's output '" + output + "' is empty");
  if (column < 0 && columns > 1) {
    throw std::invalid_argument("the teacher's output '" + output + "' has " +
                                std::to_string(columns) +
                                " columns (a class or a target each): choose the one to fit with " +
                                choose + " (" + range + ")");
  }
  if (column >= columns) {
    throw std::invalid_argument(choose + " " + std::to_string(column) +
                                " is not a column of the teacher's output '" + output + "' (" +
                                range + ")");
  }
  return outputs.col(column < 0 ? 0 : column).cast<double>();
}

}  // namespace whyrec
