#include "native/numeric_csv_reader.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <set>
#include <stdexcept>

#include "core/byte_order_mark.h"
#include "native/parse_number.h"

namespace whyrec {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

std::string_view Trim(std::string_view s) {
  // Most cells have nothing to trim: two compares instead of two searches per cell.
  if (!s.empty() && !IsBlank(s.front()) && !IsBlank(s.back())) return s;
  const auto begin = s.find_first_not_of(" \t\r");
  if (begin == std::string_view::npos) return {};
  return s.substr(begin, s.find_last_not_of(" \t\r") - begin + 1);
}

// A line without its newline, and without the carriage return before it.
std::string_view WithoutLineEnd(std::string_view line) {
  line.remove_suffix(1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

}  // namespace

NumericCsvReader::NumericCsvReader(std::string source, std::vector<std::string> drop,
                                   DropPolicy policy, MissingCells missing)
    : source_(std::move(source)),
      drop_(std::move(drop)),
      policy_(policy),
      missing_(std::move(missing)) {
  if (csv_init(&parser_, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
    throw std::runtime_error("cannot initialise the CSV parser");
  }
}

NumericCsvReader::~NumericCsvReader() { csv_free(&parser_); }

void NumericCsvReader::Feed(std::string_view text) {
  if (!started_ && !text.empty()) {
    text = WithoutByteOrderMark(text);
    started_ = true;
  }
  while (!text.empty() && error_.empty()) {
    const size_t newline = text.find('\n');
    const std::string_view line = text.substr(0, newline == text.npos ? text.size() : newline + 1);
    if (newline != text.npos && at_record_start_ && IsPlainLine(line)) {
      SplitPlainLine(line);
    } else {
      if (csv_parse(&parser_, line.data(), line.size(), OnField, OnRecordEnd, this) !=
          line.size()) {
        FailOnLine(source_ + ": malformed CSV: " + csv_strerror(csv_error(&parser_)));
      }
      // Valid CSV opens and closes quoted fields with its quotes (an escaped quote is two): an
      // odd count leaves a field open on the next line. Strict libcsv refuses any other quote.
      in_quotes_ = in_quotes_ != (std::count(line.begin(), line.end(), '"') % 2 == 1);
      at_record_start_ = newline != text.npos && !in_quotes_;
    }
    if (newline != text.npos) ++line_;
    text.remove_prefix(line.size());
  }
}

// A whole line, not inside a quoted field, with no quote and no carriage return but one before
// its newline: libcsv would cut it at its commas, trim spaces and tabs from the fields (Field
// trims them too) and skip it when blank. Most numeric files are all such lines; on the wide
// job (1,797 rows x 128 cells, callgrind) the splitting takes 14.7 M instructions (libcsv's took
// 45 M; this reader's first version, with find_first_of and Field per cell, 32 M).
bool NumericCsvReader::IsPlainLine(std::string_view line) {
  // Two memchr scans: find_first_of tests each character against the set, 17 instructions a
  // character (callgrind: 18.0 M on the wide job's 1.08 MB).
  line = WithoutLineEnd(line);
  return std::memchr(line.data(), '"', line.size()) == nullptr &&
         std::memchr(line.data(), '\r', line.size()) == nullptr;
}

// Always inlined: SplitPlainLine calls it for every cell, and clang left it a call (4.7 M more
// instructions on the wide job, callgrind).
[[gnu::always_inline]] inline bool NumericCsvReader::DataField(std::string_view text) {
  if (column_ < keep_.size() && keep_[column_]) values_.push_back(Cell(text, column_));
  ++column_;
  return error_.empty();
}

void NumericCsvReader::SplitPlainLine(std::string_view line) {
  line = WithoutLineEnd(line);
  if (line.find_first_not_of(" \t") == std::string_view::npos) return;  // blank: no record
  // A data row's cells skip Field's checks of the reader's state (the header is read and nothing
  // has failed), and a comma is found without a memchr call for a cell of a few bytes.
  const bool data_row = header_read_ && error_.empty();
  const char* cell = line.data();
  const char* const end = cell + line.size();
  for (;;) {
    const char* comma = cell;
    while (comma != end && *comma != ',') ++comma;
    const std::string_view text(cell, static_cast<size_t>(comma - cell));
    if (!data_row) {
      Field(text);
    } else if (!DataField(text)) {
      return;  // as Field: nothing is read after a failed cell
    }
    if (comma == end) break;
    cell = comma + 1;
  }
  RecordEnd();
}

void NumericCsvReader::Finish() {
  if (!error_.empty()) return;
  // The one error libcsv finds only here: a quoted field still open when the text ends.
  if (csv_fini(&parser_, OnField, OnRecordEnd, this) != 0) {
    Fail(source_ + ": malformed CSV: " + csv_strerror(csv_error(&parser_)) +
         " (a quote still open at the end of the text, line " + std::to_string(line_) + ")");
  }
  if (!header_read_) Fail(source_ + ": empty file, expected a header");
}

RowMatrixF NumericCsvReader::TakeRows(size_t count) {
  count = std::min(count, buffered_rows());
  const auto width = static_cast<Eigen::Index>(kept_names_.size());
  RowMatrixF rows =
      Eigen::Map<const RowMatrixF>(values_.data(), static_cast<Eigen::Index>(count), width);
  values_.erase(values_.begin(), values_.begin() + static_cast<std::ptrdiff_t>(rows.size()));
  taken_ += count;
  return rows;
}

void NumericCsvReader::OnField(void* field, size_t size, void* self) {
  static_cast<NumericCsvReader*>(self)->Field(std::string_view(static_cast<char*>(field), size));
}

void NumericCsvReader::OnRecordEnd(int, void* self) {
  static_cast<NumericCsvReader*>(self)->RecordEnd();
}

void NumericCsvReader::Field(std::string_view text) {
  if (!error_.empty()) return;
  if (header_read_) {
    DataField(text);
    return;
  }
  header_.emplace_back(Trim(text));
  ++column_;
}

void NumericCsvReader::RecordEnd() {
  if (!error_.empty()) return;
  if (!header_read_) {
    ReadHeader();
    header_read_ = true;
  } else if (column_ != header_.size()) {
    FailOnLine(source_ + ": " + CsvRowName(rows_) + " has " + std::to_string(column_) +
               " cells, the header has " + std::to_string(header_.size()));
  } else {
    ++rows_;
  }
  column_ = 0;
}

void NumericCsvReader::ReadHeader() {
  std::set<std::string> names;
  for (const auto& name : header_) {
    if (name.empty()) return Fail(source_ + ": the header has an empty name");
    if (!names.insert(name).second) {
      return Fail(source_ + ": column '" + name + "' appears twice in the header");
    }
  }
  keep_.assign(header_.size(), true);
  for (const auto& name : drop_) {
    if (!names.count(name) && policy_ == DropPolicy::kRequired) {
      return Fail("--drop names '" + name + "', which is not a column of " + source_);
    }
    if (names.count(name)) dropped_names_.push_back(name);
    for (size_t c = 0; c < header_.size(); ++c) keep_[c] = keep_[c] && header_[c] != name;
  }
  for (size_t c = 0; c < header_.size(); ++c) {
    if (keep_[c]) kept_names_.push_back(header_[c]);
  }
  if (kept_names_.empty()) Fail(source_ + ": no columns left");
}

float NumericCsvReader::Cell(std::string_view cell, size_t column) {
  const std::string_view text = Trim(cell);
  double value = 0;
  if (!text.empty() && ParseNumber(text, &value) && !std::isnan(value)) {
    if (std::isinf(value) || std::isinf(static_cast<float>(value))) {
      FailOnLine(Where(column) + "'" + std::string(text) + "' is infinite or out of float range");
    }
    return static_cast<float>(value);
  }
  const bool marker = text.empty() || std::find(missing_.markers.begin(), missing_.markers.end(),
                                                text) != missing_.markers.end();
  if (!marker) {
    FailOnLine(Where(column) + "'" + std::string(text) +
               "' is not a number (nor a missing-value marker)");
  } else if (!missing_.allowed) {
    FailOnLine(Where(column) + "missing value (" +
               (text.empty() ? std::string("empty cell") : "'" + std::string(text) + "'") +
               "), refused by --missing error");
  }
  return std::numeric_limits<float>::quiet_NaN();
}

std::string NumericCsvReader::Where(size_t column) const {
  return source_ + ": " + CsvRowName(rows_) + ", column '" + header_[column] + "': ";
}

// The line goes last so that messages read as before it was added, which scripts may match.
void NumericCsvReader::FailOnLine(const std::string& message) {
  Fail(message + " (line " + std::to_string(line_) + ")");
}

void NumericCsvReader::Fail(std::string message) {
  if (error_.empty()) error_ = std::move(message);
}

}  // namespace whyrec
