#pragma once

#include <cmath>
#include <cstdint>
#include <random>

namespace whyrec {

// A seeded generator whose every draw is the same on every platform and compiler: the engine
// (mt19937_64) is fully specified by the standard, but std's distributions are not, so the
// transforms are written here. Same seed, same numbers, natively and in WebAssembly.
class Random {
 public:
  explicit Random(uint64_t seed) : engine_(seed) {}

  uint64_t Bits() { return engine_(); }

  // Uniform in [0, 1) with 53 random bits.
  double Uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }

  // Uniform integer in [0, n), without modulo bias (rejection of the short last interval).
  uint64_t Below(uint64_t n) {
    const uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    uint64_t x;
    do {
      x = engine_();
    } while (x >= limit);
    return x % n;
  }

  // Standard normal by Box-Muller; uses two uniforms per call for simplicity and determinism.
  double Normal() {
    const double u1 = 1.0 - Uniform();  // in (0, 1]: log stays finite
    const double u2 = Uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }

 private:
  std::mt19937_64 engine_;
};

}  // namespace whyrec
