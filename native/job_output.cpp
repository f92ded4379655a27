#include "native/job_output.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <vector>

namespace whyrec {
namespace {

std::runtime_error WriteError(const std::string& path) {
  return std::runtime_error("cannot write '" + path + "': " + std::strerror(errno));
}

bool Exists(const std::string& path) { return access(path.c_str(), F_OK) == 0; }

}  // namespace

JobOutput::JobOutput(const std::string& path, bool resume)
    : path_(path), partial_path_(path.empty() ? "" : path + ".partial") {
  if (path.empty()) return;
  if (resume && !Exists(partial_path_) && Exists(path_)) {
    already_complete_ = true;
    return;
  }
  if (resume && Exists(partial_path_)) KeepCompleteLines();
  file_ = std::fopen(partial_path_.c_str(), resume ? "ab" : "wb");
  if (!file_) throw WriteError(partial_path_);
}

JobOutput::~JobOutput() {
  if (file_) std::fclose(file_);
  if (!committed_ && !keep_on_error_ && !partial_path_.empty() && !already_complete_) {
    std::remove(partial_path_.c_str());
  }
}

// Reads the partial file in chunks (it may be larger than memory), counting its complete lines
// and remembering the first and last, then cuts it after the last newline.
void JobOutput::KeepCompleteLines() {
  std::ifstream in(partial_path_, std::ios::binary);
  if (!in) throw std::invalid_argument("cannot read '" + partial_path_ + "' to resume");
  std::vector<char> chunk(size_t{1} << 20);
  int64_t offset = 0, complete_bytes = 0;
  std::string line;
  while (in.read(chunk.data(), static_cast<std::streamsize>(chunk.size())) || in.gcount() > 0) {
    const auto got = static_cast<size_t>(in.gcount());
    for (size_t i = 0; i < got; ++i) {
      if (chunk[i] != '\n') {
        line += chunk[i];
        continue;
      }
      if (kept_lines_ == 0) first_line_ = line;
      last_line_ = std::move(line);
      line.clear();
      ++kept_lines_;
      complete_bytes = offset + static_cast<int64_t>(i) + 1;
    }
    offset += static_cast<int64_t>(got);
  }
  if (truncate(partial_path_.c_str(), complete_bytes) != 0) throw WriteError(partial_path_);
}

void JobOutput::Append(std::string_view text) {
  std::FILE* target = file_ ? file_ : stdout;
  if (std::fwrite(text.data(), 1, text.size(), target) != text.size() || std::fflush(target) != 0) {
    throw WriteError(file_ ? partial_path_ : std::string("standard output"));
  }
}

void JobOutput::Commit() {
  if (!file_) return;
  const int closed = std::fclose(file_);
  file_ = nullptr;
  if (closed != 0) throw WriteError(partial_path_);
  if (std::rename(partial_path_.c_str(), path_.c_str()) != 0) {
    throw std::runtime_error("cannot rename '" + partial_path_ + "' to '" + path_ +
                             "': " + std::strerror(errno));
  }
  committed_ = true;
}

}  // namespace whyrec
