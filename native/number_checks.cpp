#include "native/number_checks.h"

#include <cmath>
#include <string>

namespace whyrec {
namespace {

// The value as a finite number, or nothing when the text is not one.
bool ReadNumber(const std::string& text, double* value) {
  return CLI::detail::lexical_cast(text, *value) && std::isfinite(*value);
}

}  // namespace

CLI::Validator PositiveNumber() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        double value = 0;
        if (!ReadNumber(text, &value) || value <= 0) return "must be positive, got " + text;
        return {};
      },
      "POSITIVE");
}

CLI::Validator NonNegativeNumber() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        double value = 0;
        if (!ReadNumber(text, &value) || value < 0) return "must be 0 or more, got " + text;
        return {};
      },
      "NONNEGATIVE");
}

CLI::Validator IntegerRange(long long low, long long high) {
  const std::string rule =
      "must be an integer from " + std::to_string(low) + " to " + std::to_string(high);
  return CLI::Validator(
      [=](std::string& text) -> std::string {
        long long value = 0;
        if (!CLI::detail::lexical_cast(text, value) || value < low || value > high) {
          return rule + ", got " + text;
        }
        return {};
      },
      "[" + std::to_string(low) + " - " + std::to_string(high) + "]");
}

}  // namespace whyrec
