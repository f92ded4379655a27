#pragma once

#include <cstdint>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "native/csv_table.h"
#include "native/numeric_csv_reader.h"

namespace whyrec {

// A numeric CSV file read in chunks, a block of rows at a time: memory stays bounded by the block
// and one chunk of text whatever the file's size. Errors name the file and line.
class CsvRowStream {
 public:
  // Opens `path` and reads up to its header; a missing file or a bad header is an error.
  CsvRowStream(const std::string& path, const std::vector<std::string>& drop, DropPolicy policy,
               const MissingCells& missing);

  // The kept column names (after drop).
  const std::vector<std::string>& header() const { return reader_.header(); }
  // The names of drop that were columns of the file.
  const std::vector<std::string>& dropped() const { return reader_.dropped(); }
  // The next rows, at most `max_rows` of them; an empty block once the file is done. The rows
  // before a malformed line come out first, and the call after them throws its error.
  RowMatrixF Next(int64_t max_rows);
  // Rows handed out so far: the index of the next row Next returns.
  int64_t rows_read() const { return rows_read_; }
  // The share of the file's bytes that the rows handed out so far take, 0..1, estimated (a
  // progress estimate before the rows are counted).
  double fraction_read() const;
  // The file's rows where the whole file has been read (one under the 1 MB read chunk is read
  // whole by the constructor, up to a malformed line), else -1.
  int64_t rows_if_read() const {
    return done_ ? rows_read_ + static_cast<int64_t>(reader_.buffered_rows()) : -1;
  }

 private:
  // Feeds the next chunk of the file to the reader; false at the end of the file.
  bool ReadChunk();

  std::string path_;
  std::ifstream file_;
  NumericCsvReader reader_;
  std::unique_ptr<char[]> chunk_;  // not zero-filled: each read overwrites what it uses
  size_t chunk_size_ = 0;
  int64_t file_bytes_ = 0;
  int64_t bytes_read_ = 0;
  int64_t rows_read_ = 0;
  bool done_ = false;
};

// The number of data rows of a CSV file, read as CsvRowStream reads it (so a malformed line is an
// error here too).
int64_t CountCsvRows(const std::string& path, const std::vector<std::string>& drop,
                     DropPolicy policy, const MissingCells& missing);

}  // namespace whyrec
