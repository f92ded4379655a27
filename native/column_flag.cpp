#include "native/column_flag.h"

namespace whyrec {

void AddColumnFlag(CLI::App* command, int& column, const std::string& use) {
  command
      ->add_option("--column", column,
                   "The column of the output " + use +
                       ", from 0: needed when it has several (a classifier's probabilities, a "
                       "multiclass model's scores)")
      ->check(CLI::NonNegativeNumber);
}

}  // namespace whyrec
