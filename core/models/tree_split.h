#pragma once

// How one split of a decision tree sends a value left or right, written once for the model's
// own walk, TreeSHAP's path conditions and CUDA kernels: plain functions, no allocation.

#include <cmath>
#include <cstdint>

#ifdef __CUDACC__
#define WHYREC_HOST_DEVICE __host__ __device__
#else
#define WHYREC_HOST_DEVICE
#endif

namespace whyrec {

// LightGBM's kZeroThreshold: with its missing type Zero, values in [-1e-35, 1e-35] are missing.
constexpr float kZeroThreshold = 1e-35f;

WHYREC_HOST_DEVICE inline bool IsMissing(float x) {
#ifdef __CUDA_ARCH__
  return isnan(x);
#else
  return std::isnan(x);
#endif
}

// Whether x takes a split's default direction: NaN always, and (for LightGBM's missing type
// Zero) values indistinguishable from zero.
WHYREC_HOST_DEVICE inline bool TakesDefault(float x, bool zero_is_missing) {
  return IsMissing(x) || (zero_is_missing && x >= -kZeroThreshold && x <= kZeroThreshold);
}

// Whether x's category is in a bitset of `size` 32-bit words (bit c of word c / 32 for category
// c). Categories are x truncated toward zero, as LightGBM casts them, so x in (-1, 0) is
// category 0; negative categories and categories past the last word are in no set.
WHYREC_HOST_DEVICE inline bool InCategorySet(const uint32_t* words, int size, float x) {
  if (!(x > -1.0f) || x >= 32.0f * static_cast<float>(size)) return false;
  const int c = static_cast<int>(x);
  return ((words[c / 32] >> (c % 32)) & 1u) != 0;
}

}  // namespace whyrec
