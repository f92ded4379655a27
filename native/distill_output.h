#pragma once

#include <chrono>
#include <ctime>
#include <nlohmann/json.hpp>
#include <ostream>

#include "core/distill/distill.h"

namespace whyrec {

// What `whyrec distill` and `whyrec distill-history` report of a fit besides its result.
struct FitTimes {
  double fit_seconds = 0;
  // Processor time too: on a shared machine the wall clock also counts other processes' turns.
  double fit_cpu_seconds = 0;
  double teacher_seconds = 0;  // getting the teacher's scores
};

// Wall-clock and processor seconds since it was made.
class FitClock {
 public:
  double wall_seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_).count();
  }
  double cpu_seconds() const { return static_cast<double>(std::clock() - cpu_) / CLOCKS_PER_SEC; }

 private:
  std::chrono::steady_clock::time_point wall_ = std::chrono::steady_clock::now();
  std::clock_t cpu_ = std::clock();
};

// The report's fields after DistillReportJson's: gzip_bytes, fit_seconds, fit_cpu_seconds,
// teacher_seconds.
void AddFitFields(nlohmann::ordered_json& report, size_t gzip_bytes, const FitTimes& times);

// The lines both commands print after their own first ones: the held-out fidelity (R², top-k
// agreement and NDCG@10 with their list counts), the fitted rows' R², the size and the times.
void PrintFidelity(std::ostream& out, const DistillResult& result, size_t gzip_bytes,
                   const FitTimes& times);

}  // namespace whyrec
