#include "core/link.h"

#include <cmath>
#include <stdexcept>

namespace whyrec {

Link ParseLink(const std::string& name) {
  if (name == "identity") return Link::kIdentity;
  if (name == "logit") return Link::kLogit;
  throw std::invalid_argument("link must be identity or logit, got '" + name + "'");
}

std::string LinkName(Link link) { return link == Link::kLogit ? "logit" : "identity"; }

double ApplyLink(Link link, double value) {
  if (link == Link::kIdentity) return value;
  if (!(value > 0.0 && value < 1.0)) {
    throw std::invalid_argument("link logit needs model outputs in (0, 1), got " +
                                std::to_string(value) +
                                "; explain a probability output or use link identity");
  }
  return std::log(value / (1.0 - value));
}

}  // namespace whyrec
