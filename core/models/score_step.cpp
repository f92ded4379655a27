#include "core/models/score_step.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace whyrec {
namespace {

// 10^n, exact for n <= 22.
double PowerOfTen(int n) {
  double p = 1.0;
  for (int i = 0; i < n; ++i) p *= 10.0;
  return p;
}

// Steps beyond 10^±30 are refused: no score needs them, and the decimals stay few.
constexpr int kMaxExponent = 30;

}  // namespace

ScoreStep ScoreStepFor(double share, double spread) {
  const double x = share * spread;
  if (!(x > 0.0) || !std::isfinite(x)) return {};
  // x = mantissa * 10^exponent with mantissa in [1, 10).
  const auto below = [x](int e) { return e >= 0 ? x < PowerOfTen(e) : x * PowerOfTen(-e) < 1.0; };
  int exponent = 0;
  while (!below(exponent + 1) && exponent <= kMaxExponent) ++exponent;
  while (below(exponent) && exponent >= -kMaxExponent) --exponent;
  if (exponent > kMaxExponent || exponent < -kMaxExponent) return {};
  const double mantissa = exponent >= 0 ? x / PowerOfTen(exponent) : x * PowerOfTen(-exponent);
  const double leading = mantissa >= 5.0 ? 5.0 : mantissa >= 2.0 ? 2.0 : 1.0;
  ScoreStep s;
  s.decimals = exponent >= 0 ? 0 : -exponent;
  s.step = exponent >= 0 ? leading * PowerOfTen(exponent) : leading / PowerOfTen(-exponent);
  return s;
}

double RoundToStep(double v, const ScoreStep& step) {
  // Beyond 2^53 steps from zero, v is already a multiple as far as a double can tell.
  if (step.step <= 0.0 || !(std::abs(v / step.step) < 9007199254740992.0)) return v;
  // The multiple printed with the step's decimals and read back: the shortest text for it.
  char text[400];
  std::snprintf(text, sizeof text, "%.*f", step.decimals, std::round(v / step.step) * step.step);
  const double rounded = std::strtod(text, nullptr);
  return rounded == 0.0 ? 0.0 : rounded;  // "-0.000" reads as -0, which JSON would write as -0.0
}

}  // namespace whyrec
