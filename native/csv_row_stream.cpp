#include "native/csv_row_stream.h"

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace whyrec {
namespace {

// Large enough that a read costs little next to parsing it, small next to any memory budget.
constexpr size_t kChunkBytes = size_t{1} << 20;

}  // namespace

CsvRowStream::CsvRowStream(const std::string& path, const std::vector<std::string>& drop,
                           DropPolicy policy, const MissingCells& missing)
    : path_(path), file_(path, std::ios::binary), reader_(path, drop, policy, missing) {
  if (!file_) {
    throw std::invalid_argument("cannot open '" + path + "': " + std::strerror(errno));
  }
  // A pipe has no size: fraction_read() then says 1.
  file_.seekg(0, std::ios::end);
  file_bytes_ = static_cast<int64_t>(file_.tellg());
  file_.clear();
  file_.seekg(0, std::ios::beg);
  file_.clear();
  // A file smaller than a chunk gets a buffer of its size (one more byte, so that the first read
  // comes up short and ends the text): a 57 KB background file took a zero-filled megabyte.
  chunk_size_ = file_bytes_ >= 0 && static_cast<size_t>(file_bytes_) < kChunkBytes
                    ? static_cast<size_t>(file_bytes_) + 1
                    : kChunkBytes;
  chunk_.reset(new char[chunk_size_]);
  while (!reader_.header_read() && reader_.error().empty() && ReadChunk()) {
  }
  // An error in the rows waits for the rows before it to be read (Next).
  if (!reader_.header_read() || reader_.header().empty()) {
    throw std::invalid_argument(reader_.error());
  }
}

bool CsvRowStream::ReadChunk() {
  if (done_) return false;
  file_.read(chunk_.get(), static_cast<std::streamsize>(chunk_size_));
  const auto got = static_cast<size_t>(file_.gcount());
  if (file_.bad()) {
    throw std::runtime_error("cannot read '" + path_ + "': " + std::strerror(errno));
  }
  bytes_read_ += static_cast<int64_t>(got);
  reader_.Feed(std::string_view(chunk_.get(), got));
  if (got < chunk_size_) {
    reader_.Finish();
    done_ = true;
  }
  return true;
}

RowMatrixF CsvRowStream::Next(int64_t max_rows) {
  const auto wanted = static_cast<size_t>(max_rows);
  while (reader_.buffered_rows() < wanted && reader_.error().empty() && ReadChunk()) {
  }
  if (reader_.buffered_rows() == 0 && !reader_.error().empty()) {
    throw std::invalid_argument(reader_.error());
  }
  RowMatrixF rows = reader_.TakeRows(wanted);
  rows_read_ += rows.rows();
  return rows;
}

// The text read is ahead of the rows handed out (a chunk holds many rows): its share is scaled by
// the share of the parsed rows handed out.
double CsvRowStream::fraction_read() const {
  const auto parsed = static_cast<double>(rows_read_ + reader_.buffered_rows());
  if (file_bytes_ <= 0 || parsed == 0) return done_ ? 1.0 : 0.0;
  return static_cast<double>(bytes_read_) / static_cast<double>(file_bytes_) *
         static_cast<double>(rows_read_) / parsed;
}

int64_t CountCsvRows(const std::string& path, const std::vector<std::string>& drop,
                     DropPolicy policy, const MissingCells& missing) {
  CsvRowStream stream(path, drop, policy, missing);
  constexpr int64_t kBlock = 65536;
  while (stream.Next(kBlock).rows() > 0) {
  }
  return stream.rows_read();
}

}  // namespace whyrec
