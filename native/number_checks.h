#pragma once

#include <CLI/CLI.hpp>

namespace whyrec {

// Flag checks whose messages name the rule and the value ("must be positive, got -5"); CLI11's
// PositiveNumber and NonNegativeNumber print their range, up to 1.8e308 written out in full.
CLI::Validator PositiveNumber();
CLI::Validator NonNegativeNumber();
// An integer in [low, high], e.g. "must be an integer from 1 to 10000, got 0".
CLI::Validator IntegerRange(long long low, long long high);

}  // namespace whyrec
