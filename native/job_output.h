#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace whyrec {

// Where a job writes its results: standard output, or a file first written under a temporary
// name beside it, `<out>.partial`, and renamed to `<out>` by Commit, so that nothing
// half-written ever carries the final name. Destroyed without Commit (an error), the partial
// file is removed, unless KeepOnError said that its complete lines are worth resuming.
class JobOutput {
 public:
  // `path` empty: standard output. `resume`: keep the complete lines of an existing
  // `<out>.partial` (a truncated last line is dropped) and append after them.
  JobOutput(const std::string& path, bool resume);
  ~JobOutput();
  JobOutput(const JobOutput&) = delete;
  JobOutput& operator=(const JobOutput&) = delete;

  // Lines kept from an earlier run, and the first and last of them (without newlines).
  int64_t kept_lines() const { return kept_lines_; }
  const std::string& first_kept_line() const { return first_line_; }
  const std::string& last_kept_line() const { return last_line_; }
  // --resume found `<out>` and no partial file: an earlier run finished the job.
  bool already_complete() const { return already_complete_; }
  const std::string& partial_path() const { return partial_path_; }

  // Writes `text` and flushes it (to the kernel: a process killed after this keeps it).
  void Append(std::string_view text);
  // Closes the file and renames it to its final name.
  void Commit();
  // On error, leave the partial file for --resume instead of removing it.
  void KeepOnError() { keep_on_error_ = true; }

 private:
  void KeepCompleteLines();

  std::string path_;
  std::string partial_path_;
  std::FILE* file_ = nullptr;
  int64_t kept_lines_ = 0;
  std::string first_line_;
  std::string last_line_;
  bool already_complete_ = false;
  bool committed_ = false;
  bool keep_on_error_ = false;
};

}  // namespace whyrec
