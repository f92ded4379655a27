#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/explain/explanation.h"

namespace whyrec {

// Appends to `out` the document ExplanationsToJson builds, with `settings` in place of the first
// row's, written as it goes instead of as a tree of JSON values (one allocation per number made
// large outputs slow to write). Numbers get the shortest digits that read back to the same
// double, as std::to_chars writes them (WriteShortestNumber; native only, as the writer has
// always been: Emscripten 3.1.6's libc++ lacks to_chars for floating point); NaN and infinities are
// written as null, as nlohmann::json does. Throws std::invalid_argument when `rows` is empty or the
// rows disagree on method or players. `spill`, when given, is handed `out` whenever it holds more
// than a few hundred kilobytes, and must take the text (write it, then clear `out`): a large
// document is then written in pieces from one buffer rather than grown in memory (growing a 4 MB
// document by doubling touched twice its size in fresh pages, a tenth of a 128-feature TreeSHAP
// job's time).
using TextSpill = std::function<void(std::string& text)>;
void WriteExplanationsJson(const std::vector<Explanation>& rows, const std::string& output_name,
                           const nlohmann::ordered_json& settings, std::string& out,
                           const TextSpill& spill = {});

// Appends `value` as JSON text to `out`, numbers as above.
void WriteJson(const nlohmann::ordered_json& value, std::string& out);

// One row's explanation as one line of JSON (JSON Lines), self-contained so that any line reads
// alone: {"row": the row of --data, "method", "output", "feature_names", "base_value", "values",
// "std_errors", "model_output", "evaluations", "seed", then the method's extra fields}, with the
// document's field names and one row's entry of each of its per-row arrays. The fields every row
// of a job shares (method, output, feature names) come from ExplanationLineHead, written once per
// job rather than once per row. WriteExplanationLine appends the line and its newline.
std::string ExplanationLineHead(const Explanation& explanation, const std::string& output_name);
void WriteExplanationLine(int64_t row, const Explanation& explanation, const std::string& head,
                          std::string& out);

// Appends `x` with the shortest digits that read back to the same double; NaN and infinities as
// `not_finite`.
void WriteNumber(double x, std::string& out, const char* not_finite = "null");

}  // namespace whyrec
