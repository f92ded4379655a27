#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace whyrec {

// Progress on standard error: rows done, rows per second and the time left. On a terminal, a bar
// redrawn in place (at most ten times a second); otherwise, for logs, a plain line every
// `log_seconds` (0: none), so that pipes stay clean in short jobs. The total may be unknown
// (negative): the time left then comes from an estimate of it (SetEstimatedTotal).
class ProgressBar {
 public:
  ProgressBar(int64_t total, std::string label, double log_seconds = 10);
  ~ProgressBar();
  void Advance();
  // An estimate of the total when it is unknown (from the share of the input read).
  void SetEstimatedTotal(int64_t estimate) { estimate_ = estimate; }

 private:
  using Clock = std::chrono::steady_clock;
  std::string Status(double seconds) const;
  int64_t total_;
  int64_t done_ = 0;
  int64_t estimate_ = -1;
  std::string label_;
  bool terminal_;
  double log_seconds_;
  Clock::time_point start_ = Clock::now();
  Clock::time_point last_shown_ = start_;
  bool drawn_ = false;
};

// "1:02:03", "2:03" or "3 s": a duration for people.
std::string FormatDuration(double seconds);

}  // namespace whyrec
