#include "core/explain/contrast.h"

#include <stdexcept>
#include <utility>

namespace whyrec {

Explanation Contrast(Explanation a, const Explanation& b, int64_t b_row) {
  if (a.method != b.method || a.player_names != b.player_names ||
      a.values.rows() != b.values.rows() || a.values.cols() != b.values.cols()) {
    throw std::invalid_argument(
        "a contrast needs two explanations of the same method, players "
        "and outputs");
  }
  a.values -= b.values;
  if (a.std_errors.size() == b.std_errors.size()) {
    a.std_errors = (a.std_errors.array().square() + b.std_errors.array().square()).sqrt();
  }
  a.base_value = b.model_output;
  a.settings["contrast_row"] = b_row;
  return a;
}

}  // namespace whyrec
