#include "native/progress_bar.h"

#include <unistd.h>

#include <cstdio>

namespace whyrec {

ProgressBar::ProgressBar(int64_t total, std::string label)
    : total_(total), label_(std::move(label)), enabled_(isatty(STDERR_FILENO) && total > 1) {}

ProgressBar::~ProgressBar() {
  if (enabled_) std::fputc('\n', stderr);
}

void ProgressBar::Advance() {
  ++done_;
  if (enabled_) Draw();
}

void ProgressBar::Draw() const {
  constexpr int kWidth = 40;
  const int filled = static_cast<int>(kWidth * done_ / total_);
  std::fprintf(stderr, "\r%s [%.*s%*s] %lld/%lld", label_.c_str(), filled,
               "########################################", kWidth - filled, "",
               static_cast<long long>(done_), static_cast<long long>(total_));
  std::fflush(stderr);
}

}  // namespace whyrec
