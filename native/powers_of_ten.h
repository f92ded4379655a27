#pragma once

#include <array>
#include <cstddef>

namespace whyrec {

// 10^0 .. 10^(N - 1) as T, computed at compile time (exact while T holds them exactly).
template <typename T, size_t N>
constexpr std::array<T, N> PowersOfTen() {
  std::array<T, N> powers{};
  T power = 1;
  for (T& p : powers) {
    p = power;
    power *= 10;
  }
  return powers;
}

}  // namespace whyrec
