#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>
#include <vector>

namespace whyrec {

struct DistillCommandOptions {
  std::string model;  // the teacher: any model `whyrec explain` loads
  std::string data;
  std::vector<std::string> drop;
  std::string output;          // the teacher's output, by name (default: the first)
  bool teacher_logit = false;  // fit the logit of the teacher's output (a probability)
  std::string family = "ga2m";
  int interactions = 40;
  int bags = 8;
  int max_bins = 256;
  int max_pair_bins = 16;
  double learning_rate = 0.1;
  int min_samples_leaf = 4;
  int smoothing_rounds = 0;
  int max_terms = 0;  // linear: most non-zero coefficients
  int digits = 4;
  uint64_t seed = 0;
  double holdout = 0.2;
  std::string holdout_data;  // a CSV to measure on instead of a split of --data
  std::string group;         // column of candidate-list ids (e.g. user_id): ranking fidelity
  int k = 10;
  std::string out;
  std::string report;
};

// Registers `whyrec distill`: fits a self-explaining surrogate (a GA2M or a sparse linear
// model) to a teacher's scores and reports its held-out fidelity and size.
void AddDistillCommand(CLI::App& app, DistillCommandOptions& options);
void RunDistill(const DistillCommandOptions& options);

}  // namespace whyrec
