#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/matrix.h"

namespace whyrec {

// A numeric table read from CSV: a header of column names, then one number per cell. A missing
// value is NaN.
struct CsvTable {
  std::vector<std::string> header;
  RowMatrixF values;
  // The columns removed by --drop (those of its names that were columns of the file).
  std::vector<std::string> dropped;
};

// kRequired: dropping a column that is not there is an error (it is probably a typo).
enum class DropPolicy { kRequired, kIfPresent };

// How cells without a number are read. An empty cell, or one whose trimmed text is one of
// `markers` (exact, case-sensitive), is a missing value (NaN) when `allowed`, else an error.
struct MissingCells {
  std::vector<std::string> markers = {"NA", "N/A", "NaN", "nan", "NULL", "null"};
  bool allowed = true;
};

// A --drop name that is a column of neither file is an error (it is probably a typo). Files read
// with kIfPresent: a label may be a column of the training rows given as background and not of
// the rows explained, or the other way round. `dropped_*`: the names each file had (CsvTable's
// dropped).
void RequireDroppedFromEither(const std::vector<std::string>& drop, const std::string& data,
                              const std::vector<std::string>& dropped_from_data,
                              const std::string& background,
                              const std::vector<std::string>& dropped_from_background);

// "row 3 (from 0 after the header, as --rows counts)": how every CSV message names a data row,
// so that the number it gives selects that row with --rows.
std::string CsvRowName(size_t row);

// Splits CSV text (RFC 4180: quoted fields, CRLF) into records of fields; malformed CSV is an
// error naming `source`.
std::vector<std::vector<std::string>> TokenizeCsv(std::string_view text, const std::string& source);

// Parses CSV text. `source` names the text in errors ("data.csv: row 4 (from 0 after the
// header, as --rows counts), column 'price': 'abc' is not a number"). Columns named in `drop` (e.g.
// a label) are removed; naming a column that is not there is an error unless the policy says
// kIfPresent. Missing cells are read as `missing` says; infinities and non-numeric cells are
// errors.
CsvTable ParseNumericCsv(std::string_view text, const std::string& source,
                         const std::vector<std::string>& drop = {},
                         DropPolicy policy = DropPolicy::kRequired,
                         const MissingCells& missing = MissingCells());

// Reads and parses a CSV file; a missing or unreadable file is an error naming it.
CsvTable ReadNumericCsv(const std::string& path, const std::vector<std::string>& drop = {},
                        DropPolicy policy = DropPolicy::kRequired,
                        const MissingCells& missing = MissingCells());

}  // namespace whyrec
