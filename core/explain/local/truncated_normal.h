#pragma once

#include "core/random.h"

namespace whyrec {

// Standard normal CDF and its inverse (Acklam's rational approximation refined by one Halley
// step: about 1e-15 relative error).
double NormalCdf(double x);
double NormalQuantile(double p);

// A draw from N(mean, sd^2) restricted to [low, high] by inverting the CDF (scipy's truncnorm,
// which lime's discretizers sample bins with). With sd == 0 or low == high it returns the mean
// clamped to the interval.
double TruncatedNormal(double mean, double sd, double low, double high, Random& random);

}  // namespace whyrec
