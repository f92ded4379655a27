#pragma once

#include <cstdint>
#include <string>

#include "core/explain/explanation.h"

namespace whyrec {

// Explanations as CSV for spreadsheets: one row per explained row, with the columns
// row, base_value, one per player (its value), model_output. A model with k > 1 outputs gets one
// column per output of each, suffixed [0]..[k-1]. Standard errors and the methods' extra fields
// are left to the JSON formats. Names are quoted as RFC 4180 says when they need it; a value
// that is not finite is an empty cell.

// The header line (with its newline) for explanations like `first`.
std::string ExplanationCsvHeader(const Explanation& first);

// Appends one explanation's line (with its newline).
void WriteExplanationCsvLine(int64_t row, const Explanation& explanation, std::string& out);

}  // namespace whyrec
