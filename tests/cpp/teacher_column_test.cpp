#include "core/distill/teacher_column.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace whyrec {
namespace {

std::string ErrorOf(const RowMatrixF& outputs, int column) {
  try {
    TeacherColumn(outputs, column, "margin", "--column");
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

TEST(TeacherColumn, FitsTheColumnChosen) {
  RowMatrixF outputs(2, 3);
  outputs << 1, 2, 3, 4, 5, 6;
  EXPECT_EQ(TeacherColumn(outputs, 2, "margin", "--column"), Eigen::Vector2d(3, 6));
  EXPECT_EQ(TeacherColumn(outputs, 0, "margin", "--column"), Eigen::Vector2d(1, 4));
}

TEST(TeacherColumn, OneColumnNeedsNoChoice) {
  const RowMatrixF outputs = RowMatrixF::Constant(3, 1, 0.25f);
  EXPECT_EQ(TeacherColumn(outputs, -1, "prob", "--column"), Eigen::Vector3d::Constant(0.25));
  EXPECT_EQ(TeacherColumn(outputs, 0, "prob", "--column"), Eigen::Vector3d::Constant(0.25));
}

TEST(TeacherColumn, SeveralColumnsNeedAChoiceInRange) {
  const RowMatrixF outputs = RowMatrixF::Zero(2, 3);
  EXPECT_EQ(ErrorOf(outputs, -1),
            "the teacher's output 'margin' has 3 columns (a class or a target each): choose the "
            "one to fit with --column (0 to 2)");
  EXPECT_EQ(ErrorOf(outputs, 3),
            "--column 3 is not a column of the teacher's output 'margin' (0 to 2)");
  EXPECT_EQ(ErrorOf(RowMatrixF::Zero(2, 1), 1),
            "--column 1 is not a column of the teacher's output 'margin' (0 to 0)");
  EXPECT_EQ(ErrorOf(RowMatrixF::Zero(2, 0), -1), "the teacher's output 'margin' is empty");
}

}  // namespace
}  // namespace whyrec
