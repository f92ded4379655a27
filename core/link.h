#pragma once

#include <string>

namespace whyrec {

// The space a model output is explained in. kLogit explains a probability in log-odds, like
// shap's link="logit": applied to each coalition's expected output, after averaging over the
// background.
enum class Link { kIdentity, kLogit };

// "identity" or "logit"; anything else is an error naming the choices.
Link ParseLink(const std::string& name);
std::string LinkName(Link link);

// Throws std::invalid_argument when a logit is asked of a value outside (0, 1).
double ApplyLink(Link link, double value);

}  // namespace whyrec
