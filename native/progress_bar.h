#pragma once

#include <cstdint>
#include <string>

namespace whyrec {

// A progress bar on standard error, drawn only when standard error is a terminal so that logs
// and pipes stay clean.
class ProgressBar {
 public:
  ProgressBar(int64_t total, std::string label);
  ~ProgressBar();
  void Advance();

 private:
  void Draw() const;
  int64_t total_;
  int64_t done_ = 0;
  std::string label_;
  bool enabled_;
};

}  // namespace whyrec
