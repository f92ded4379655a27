#include "core/models/model.h"

#include <stdexcept>

namespace whyrec {

int FindOutput(const Model& model, const std::string& name) {
  const auto names = model.output_names();
  if (names.empty()) throw std::invalid_argument("the model has no outputs");
  if (name.empty()) return 0;
  std::string available;
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return static_cast<int>(i);
    available += (i ? ", " : "") + names[i];
  }
  throw std::invalid_argument("the model has no output named '" + name +
                              "'; its outputs are: " + available);
}

}  // namespace whyrec
