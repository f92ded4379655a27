// Fuzz target for the numeric CSV parser: any bytes give a table or std::invalid_argument. A
// table holds no infinity, and no NaN (a missing value) when missing values are refused. Lines
// the reader splits itself must read as libcsv reads them: the text fed whole must give what it
// gives fed a byte at a time (libcsv then reads every line but empty ones).
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>

#include "native/csv_table.h"
#include "native/numeric_csv_reader.h"

namespace {

void Parse(std::string_view text, const whyrec::MissingCells& missing) {
  try {
    const auto table = whyrec::ParseNumericCsv(text, "fuzz.csv", {"label"},
                                               whyrec::DropPolicy::kIfPresent, missing);
    if (table.values.array().isInf().any()) __builtin_trap();
    if (!missing.allowed && table.values.hasNaN()) __builtin_trap();
  } catch (const std::invalid_argument&) {
  }
}

// The rows' bytes (NaN compares by its bits) and the error of `text` fed `piece` bytes at a time.
std::string Outcome(std::string_view text, size_t piece) {
  whyrec::NumericCsvReader reader("fuzz.csv", {"label"}, whyrec::DropPolicy::kIfPresent, {});
  for (size_t at = 0; at < text.size(); at += piece) reader.Feed(text.substr(at, piece));
  reader.Finish();
  const whyrec::RowMatrixF rows = reader.TakeRows(reader.buffered_rows());
  std::string outcome(reinterpret_cast<const char*>(rows.data()), rows.size() * sizeof(float));
  for (const auto& name : reader.header()) outcome += "\n" + name;
  return outcome + "\n" + reader.error();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  whyrec::MissingCells allowed;
  whyrec::MissingCells refused;
  refused.allowed = false;
  Parse(text, allowed);
  Parse(text, refused);
  // A byte order mark is only seen in the first piece: fed a byte at a time, it is a cell.
  if (text.substr(0, 3) != "\xEF\xBB\xBF" && Outcome(text, size + 1) != Outcome(text, 1)) {
    __builtin_trap();
  }
  return 0;
}
