#pragma once

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/explain/explanation.h"
#include "native/explanation_writer.h"

namespace whyrec {

// --format: the single JSON document (json), one JSON line per row (jsonl), or CSV of values.
enum class OutputFormat { kJson, kJsonLines, kCsv };
OutputFormat ParseOutputFormat(const std::string& name);
// jsonl and csv: rows are written as they are computed, and a job can be resumed.
bool IsStreamed(OutputFormat format);

// Turns explained rows, handed over in row order a block at a time, into the text of a format.
class ExplanationSink {
 public:
  virtual ~ExplanationSink() = default;
  // Appends the text of `rows`, whose first is row `first_row` of the data, to `out`.
  virtual void Write(int64_t first_row, std::vector<Explanation> rows, std::string& out) = 0;
  // Appends what ends the output; `settings` are the document's (json only). A long ending may be
  // handed to `spill` in pieces on the way (see WriteExplanationsJson).
  virtual void Finish(const nlohmann::ordered_json& settings, std::string& out,
                      const TextSpill& spill = {}) = 0;
};

// `output_name` is the explained model output. `resumed_first_line` is the first line of an
// output being resumed (empty when none): a CSV header must match it, so rows of two different
// jobs never share a file. Streamed formats format rows on `threads` threads (0: one per core).
std::unique_ptr<ExplanationSink> MakeExplanationSink(OutputFormat format,
                                                     const std::string& output_name,
                                                     const std::string& resumed_first_line,
                                                     int threads = 1);

// The row a line of a streamed format explains (its "row" field or first cell), or -1 when the
// line is not one (a CSV header, anything else).
int64_t StreamedLineRow(OutputFormat format, const std::string& line);

}  // namespace whyrec
