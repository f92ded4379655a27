#include "native/csv_table.h"

#include <csv.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>
#include <stdexcept>

#include "core/byte_order_mark.h"

namespace whyrec {
namespace {

// libcsv hands fields and record ends to callbacks; this collects them into string rows.
struct Records {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> current;
  static void OnField(void* field, size_t size, void* self) {
    static_cast<Records*>(self)->current.emplace_back(static_cast<const char*>(field), size);
  }
  static void OnRecordEnd(int, void* self) {
    auto* records = static_cast<Records*>(self);
    records->rows.push_back(std::move(records->current));
    records->current.clear();
  }
};

std::string_view Trim(std::string_view s) {
  const auto begin = s.find_first_not_of(" \t\r");
  if (begin == std::string_view::npos) return {};
  return s.substr(begin, s.find_last_not_of(" \t\r") - begin + 1);
}

// Runs libcsv over `text`, handing fields and record ends to `sink`'s static callbacks; malformed
// CSV is an error naming `source`.
template <typename Sink>
void ParseCsv(std::string_view text, const std::string& source, Sink& sink) {
  text = WithoutByteOrderMark(text);
  csv_parser parser;
  if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
    throw std::runtime_error("cannot initialise the CSV parser");
  }
  const size_t used =
      csv_parse(&parser, text.data(), text.size(), Sink::OnField, Sink::OnRecordEnd, &sink);
  const bool ok =
      used == text.size() && csv_fini(&parser, Sink::OnField, Sink::OnRecordEnd, &sink) == 0;
  const std::string error = csv_strerror(csv_error(&parser));
  csv_free(&parser);
  if (!ok) throw std::invalid_argument(source + ": malformed CSV: " + error);
}

// Parses the whole of `text` as one number with std::from_chars (several times faster than
// strtod, and no locale); false when it is not one.
bool ParseNumber(std::string_view text, double* value) {
  const char* begin = text.data();
  const char* end = begin + text.size();
  // from_chars takes no leading '+', which CSV writers may emit.
  if (text.size() > 1 && *begin == '+' && begin[1] != '-' && begin[1] != '+') ++begin;
  const auto [ptr, error] = std::from_chars(begin, end, *value);
  if (ptr != end) return false;
  if (error == std::errc::result_out_of_range) {
    // Overflow or underflow: strtod says which (infinity, or a zero/denormal), as before.
    const std::string copy(begin, end);
    *value = std::strtod(copy.c_str(), nullptr);
    return true;
  }
  return error == std::errc();
}

// Reads numbers straight from libcsv's callbacks into one buffer, with no string per cell; the
// first record is the header. libcsv cannot be stopped from a callback, so the first error is
// kept, later fields are skipped, and Finish() throws it.
class NumericReader {
 public:
  NumericReader(const std::string& source, const std::vector<std::string>& drop, DropPolicy policy,
                const MissingCells& missing)
      : source_(source), drop_(drop), policy_(policy), missing_(missing) {}

  static void OnField(void* field, size_t size, void* self) {
    static_cast<NumericReader*>(self)->Field(std::string_view(static_cast<char*>(field), size));
  }
  static void OnRecordEnd(int, void* self) { static_cast<NumericReader*>(self)->RecordEnd(); }

  CsvTable Finish() {
    if (!error_.empty()) throw std::invalid_argument(error_);
    if (!header_read_) throw std::invalid_argument(source_ + ": empty file, expected a header");
    CsvTable table;
    table.header = std::move(kept_names_);
    const auto width = static_cast<Eigen::Index>(table.header.size());
    table.values = Eigen::Map<RowMatrixF>(values_.data(), static_cast<Eigen::Index>(rows_), width);
    return table;
  }

 private:
  void Field(std::string_view text) {
    if (!error_.empty()) return;
    if (!header_read_) {
      header_.emplace_back(Trim(text));
    } else if (column_ < keep_.size()) {
      if (keep_[column_]) values_.push_back(Cell(text, column_));
    }
    ++column_;
  }

  void RecordEnd() {
    if (!error_.empty()) return;
    if (!header_read_) {
      ReadHeader();
      header_read_ = true;
    } else if (column_ != header_.size()) {
      Fail(source_ + ": " + CsvRowName(rows_) + " has " + std::to_string(column_) +
           " cells, the header has " + std::to_string(header_.size()));
    } else {
      ++rows_;
    }
    column_ = 0;
  }

  void ReadHeader() {
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
      for (size_t c = 0; c < header_.size(); ++c) keep_[c] = keep_[c] && header_[c] != name;
    }
    for (size_t c = 0; c < header_.size(); ++c) {
      if (keep_[c]) kept_names_.push_back(header_[c]);
    }
    if (kept_names_.empty()) Fail(source_ + ": no columns left");
  }

  float Cell(std::string_view cell, size_t column) {
    const std::string_view text = Trim(cell);
    double value = 0;
    if (!text.empty() && ParseNumber(text, &value) && !std::isnan(value)) {
      if (std::isinf(value) || std::isinf(static_cast<float>(value))) {
        Fail(Where(column) + "'" + std::string(text) + "' is infinite or out of float range");
      }
      return static_cast<float>(value);
    }
    const bool marker = text.empty() || std::find(missing_.markers.begin(), missing_.markers.end(),
                                                  text) != missing_.markers.end();
    if (!marker) {
      Fail(Where(column) + "'" + std::string(text) +
           "' is not a number (nor a missing-value marker)");
    } else if (!missing_.allowed) {
      Fail(Where(column) + "missing value (" +
           (text.empty() ? std::string("empty cell") : "'" + std::string(text) + "'") +
           "), refused by --missing error");
    }
    return std::numeric_limits<float>::quiet_NaN();
  }

  std::string Where(size_t column) const {
    return source_ + ": " + CsvRowName(rows_) + ", column '" + header_[column] + "': ";
  }

  void Fail(std::string message) {
    if (error_.empty()) error_ = std::move(message);
  }

  const std::string& source_;
  const std::vector<std::string>& drop_;
  const DropPolicy policy_;
  const MissingCells& missing_;
  std::vector<std::string> header_;
  std::vector<std::string> kept_names_;
  std::vector<bool> keep_;
  std::vector<float> values_;
  bool header_read_ = false;
  size_t rows_ = 0;    // complete data rows so far
  size_t column_ = 0;  // fields of the current record so far
  std::string error_;
};

}  // namespace

std::string CsvRowName(size_t row) {
  return "row " + std::to_string(row) + " (from 0 after the header, as --rows counts)";
}

std::vector<std::vector<std::string>> TokenizeCsv(std::string_view text,
                                                  const std::string& source) {
  Records records;
  ParseCsv(text, source, records);
  return std::move(records.rows);
}

CsvTable ParseNumericCsv(std::string_view text, const std::string& source,
                         const std::vector<std::string>& drop, DropPolicy policy,
                         const MissingCells& missing) {
  NumericReader reader(source, drop, policy, missing);
  ParseCsv(text, source, reader);
  return reader.Finish();
}

CsvTable ReadNumericCsv(const std::string& path, const std::vector<std::string>& drop,
                        DropPolicy policy, const MissingCells& missing) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    throw std::invalid_argument("cannot open '" + path + "': " + std::strerror(errno));
  }
  std::ostringstream text;
  text << file.rdbuf();
  return ParseNumericCsv(text.str(), path, drop, policy, missing);
}

}  // namespace whyrec
