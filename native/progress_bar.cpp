#include "native/progress_bar.h"

#include <unistd.h>

#include <cmath>
#include <cstdio>

namespace whyrec {

std::string FormatDuration(double seconds) {
  const auto s = static_cast<long long>(std::llround(seconds));
  char text[32];
  if (s < 60) {
    std::snprintf(text, sizeof(text), "%lld s", s);
  } else if (s < 3600) {
    std::snprintf(text, sizeof(text), "%lld:%02lld", s / 60, s % 60);
  } else {
    std::snprintf(text, sizeof(text), "%lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
  }
  return text;
}

ProgressBar::ProgressBar(int64_t total, std::string label, double log_seconds)
    : total_(total),
      label_(std::move(label)),
      terminal_(isatty(STDERR_FILENO) && total != 0 && total != 1),
      log_seconds_(log_seconds) {}

ProgressBar::~ProgressBar() {
  if (terminal_ && drawn_) std::fputc('\n', stderr);
}

void ProgressBar::Advance() {
  ++done_;
  const Clock::time_point now = Clock::now();
  const double since_shown = std::chrono::duration<double>(now - last_shown_).count();
  const double interval = terminal_ ? 0.1 : log_seconds_;
  const bool finished = done_ == total_;
  if (!(terminal_ || log_seconds_ > 0)) return;
  if (since_shown < interval && !(terminal_ && finished)) return;
  last_shown_ = now;
  const std::string status = Status(std::chrono::duration<double>(now - start_).count());
  if (terminal_) {
    std::fprintf(stderr, "\r%s\033[K", status.c_str());
    drawn_ = true;
  } else {
    std::fprintf(stderr, "whyrec: %s\n", status.c_str());
  }
  std::fflush(stderr);
}

// "explaining [####      ] 1200/5000 rows, 310 rows/s, 12 s left"
std::string ProgressBar::Status(double seconds) const {
  std::string text = label_;
  const int64_t total = total_ >= 0 ? total_ : estimate_;
  const double share = total > 0 ? static_cast<double>(done_) / static_cast<double>(total) : 0;
  if (terminal_ && total_ > 0) {
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(kWidth * share);
    text += " [" + std::string(filled, '#') + std::string(kWidth - filled, ' ') + "]";
  }
  text += " " + std::to_string(done_);
  if (total_ > 0) text += "/" + std::to_string(total_);
  text += " rows";
  if (seconds > 0) {
    char rate[32];
    std::snprintf(rate, sizeof(rate), ", %.0f rows/s", static_cast<double>(done_) / seconds);
    text += rate;
  }
  if (share > 0 && share < 1) {
    text += ", " + FormatDuration(seconds * (1 - share) / share) + " left";
    if (total_ < 0) text += " (estimated from the bytes read)";
  }
  return text;
}

}  // namespace whyrec
