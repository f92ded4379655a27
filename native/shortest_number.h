#pragma once

#include <cstddef>

namespace whyrec {

// The most characters of a number WriteShortestNumber writes ("-2.2250738585072014e-308").
constexpr size_t kMaxShortestNumberChars = 24;
// Room it needs at `p`: it copies digits in fixed-size blocks, past the number's end. Numbers
// written one after another need kMaxShortestNumberChars each, plus this room for the last.
constexpr size_t kShortestNumberRoom = 48;

// Writes at `p` exactly what std::to_chars(p, end, x) writes for a finite double: the shortest
// digits that read back to `x`, in fixed or scientific form, whichever is shorter (fixed on a
// tie). Returns the end. The digits come from fmt's Dragonbox, which takes about half of
// libstdc++'s to_chars instructions (300 against 560 a number, callgrind); values of 2^53 and
// beyond, whose fixed form libstdc++ writes from the exact binary value, go to std::to_chars.
char* WriteShortestNumber(double x, char* p);

}  // namespace whyrec
