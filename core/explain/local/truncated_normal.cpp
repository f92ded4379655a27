#include "core/explain/local/truncated_normal.h"

#include <algorithm>
#include <cmath>

namespace whyrec {
namespace {

constexpr double kSqrt2 = 1.4142135623730951;
constexpr double kSqrt2Pi = 2.5066282746310002;

// Draws from the standard normal restricted to [a, b] with a < 0 or b <= 0, so that the CDF
// values are computed in the lower tail where they keep their relative precision.
double LowerTailDraw(double a, double b, Random& random) {
  const double pa = NormalCdf(a), pb = NormalCdf(b);
  const double u = random.Uniform();
  if (!(pb > pa)) return a + u * (b - a);  // both bounds beyond double precision of the CDF
  return std::clamp(NormalQuantile(pa + u * (pb - pa)), a, b);
}

}  // namespace

double NormalCdf(double x) { return 0.5 * std::erfc(-x / kSqrt2); }

double NormalQuantile(double p) {
  if (p <= 0) return -INFINITY;
  if (p >= 1) return INFINITY;
  static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,  -2.759285104469687e+02,
                             1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                             6.680131188771972e+01, -1.328068155288572e+01};
  static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                             -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                             3.754408661907416e+00};
  const double low = 0.02425;
  double x;
  if (p < low) {
    const double q = std::sqrt(-2 * std::log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - low) {
    const double q = p - 0.5, r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const double q = std::sqrt(-2 * std::log(1 - p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  const double e = NormalCdf(x) - p;
  const double u = e * kSqrt2Pi * std::exp(x * x / 2);
  return x - u / (1 + x * u / 2);
}

double TruncatedNormal(double mean, double sd, double low, double high, Random& random) {
  if (!(sd > 0) || !(high > low)) return std::clamp(mean, low, high);
  const double a = (low - mean) / sd, b = (high - mean) / sd;
  const double z = a >= 0 ? -LowerTailDraw(-b, -a, random) : LowerTailDraw(a, b, random);
  return std::clamp(mean + sd * z, low, high);
}

}  // namespace whyrec
