#pragma once

#include <csv.h>

#include <string>
#include <string_view>
#include <vector>

#include "native/csv_table.h"

namespace whyrec {

// Parses numeric CSV text fed in pieces of any size (a whole file, or a file read in chunks),
// reading numbers straight from libcsv's callbacks into one buffer with no string per cell; the
// first record is the header. Text is handed to libcsv one line at a time so that every error
// names its line; lines without quotes are split here instead (SplitPlainLine), as libcsv would.
// libcsv cannot be stopped from a callback, so the first error is kept and the rest of the input
// ignored; the complete rows before it stay available (TakeRows), and error() says what went wrong.
class NumericCsvReader {
 public:
  NumericCsvReader(std::string source, std::vector<std::string> drop, DropPolicy policy,
                   MissingCells missing);
  ~NumericCsvReader();
  NumericCsvReader(const NumericCsvReader&) = delete;
  NumericCsvReader& operator=(const NumericCsvReader&) = delete;

  // Parses the next piece of the text.
  void Feed(std::string_view text);
  // Ends the text (a last line without a newline is a row too) and checks there was a header.
  void Finish();

  // The first error so far, empty when none.
  const std::string& error() const { return error_; }
  bool header_read() const { return header_read_; }
  // The kept column names (after drop), once the header is read.
  const std::vector<std::string>& header() const { return kept_names_; }
  // The names of `drop` that were columns (and are gone), once the header is read.
  const std::vector<std::string>& dropped() const { return dropped_names_; }
  // Complete rows parsed and not yet taken.
  size_t buffered_rows() const { return rows_ - taken_; }
  // Moves the first `count` (at most buffered_rows()) buffered rows out.
  RowMatrixF TakeRows(size_t count);

 private:
  static bool IsPlainLine(std::string_view line);
  void SplitPlainLine(std::string_view line);
  static void OnField(void* field, size_t size, void* self);
  static void OnRecordEnd(int, void* self);
  void Field(std::string_view text);
  // A cell of a data row (the header read): stored when its column is kept. False once a cell
  // has failed.
  bool DataField(std::string_view text);
  void RecordEnd();
  void ReadHeader();
  float Cell(std::string_view cell, size_t column);
  std::string Where(size_t column) const;
  void FailOnLine(const std::string& message);
  void Fail(std::string message);

  const std::string source_;
  const std::vector<std::string> drop_;
  const DropPolicy policy_;
  const MissingCells missing_;
  csv_parser parser_;
  std::vector<std::string> header_;
  std::vector<std::string> kept_names_;
  std::vector<std::string> dropped_names_;
  std::vector<char> keep_;     // per header column (bytes: read for every cell)
  std::vector<float> values_;  // rows taken_.. and the fields of the row being read
  bool header_read_ = false;
  bool started_ = false;         // the first byte was seen (a byte order mark is skipped there)
  bool at_record_start_ = true;  // libcsv has no part of a record (the next line may be split)
  bool in_quotes_ = false;       // the text so far leaves a quoted field open
  size_t line_ = 1;              // 1-based line of the text being parsed
  size_t rows_ = 0;              // complete data rows so far
  size_t taken_ = 0;             // rows moved out by TakeRows
  size_t column_ = 0;            // fields of the current record so far
  std::string error_;
};

}  // namespace whyrec
