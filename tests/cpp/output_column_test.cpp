#include "core/models/output_column.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace whyrec {
namespace {

std::string ErrorOf(Eigen::Index columns, int column) {
  try {
    OutputColumn(columns, column, "the teacher's output 'margin'", "--column");
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

TEST(OutputColumn, TakesTheColumnChosen) {
  EXPECT_EQ(OutputColumn(3, 2, "the output", "--column"), 2);
  EXPECT_EQ(OutputColumn(3, 0, "the output", "--column"), 0);
}

TEST(OutputColumn, OneColumnNeedsNoChoice) {
  EXPECT_EQ(OutputColumn(1, -1, "the output", "--column"), 0);
  EXPECT_EQ(OutputColumn(1, 0, "the output", "--column"), 0);
}

TEST(OutputColumn, SeveralColumnsNeedAChoiceInRange) {
  EXPECT_EQ(ErrorOf(3, -1),
            "the teacher's output 'margin' has 3 columns (a class or a target each): choose one "
            "with --column (0 to 2)");
  EXPECT_EQ(ErrorOf(3, 3), "--column 3 is not a column of the teacher's output 'margin' (0 to 2)");
  EXPECT_EQ(ErrorOf(1, 1), "--column 1 is not a column of the teacher's output 'margin' (0 to 0)");
  EXPECT_EQ(ErrorOf(0, -1), "the teacher's output 'margin' is empty");
}

}  // namespace
}  // namespace whyrec
