#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "core/distill/distill.h"

namespace whyrec {

// What a fidelity report says about the run besides the result.
struct DistillRun {
  std::string teacher;  // the teacher's file (or what the caller calls it)
  std::string family;
  uint64_t seed = 0;
  std::string group;  // the candidate-list column, when lists were given by one
};

// The fidelity report of `whyrec distill --report` and the JS API's distill(), up to and
// including json_bytes (the README's fields, in its order); callers append gzip_bytes and their
// timings (fit_seconds, fit_cpu_seconds, teacher_seconds).
nlohmann::ordered_json DistillReportJson(const DistillRun& run, const DistillResult& result);

}  // namespace whyrec
