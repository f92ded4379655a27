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
  int column = -1;             // its column to fit (-1: its only one)
  bool teacher_logit = false;  // fit the logit of the teacher's output (a probability)
  std::string family = "ga2m";
  int interactions = 40;
  int bags = 8;
  int max_bins = 1024;
  int max_pair_bins = 16;
  double learning_rate = 0.1;
  int min_samples_leaf = 4;
  int smoothing_rounds = 0;
  int max_rounds = 1500;
  int augment = 0;         // synthetic rows per fitted row
  int max_terms = 0;       // linear: most non-zero coefficients
  int max_depth = 6;       // tree
  int min_leaf_rows = 20;  // tree
  int max_rules = 16;      // rule_list
  int max_conditions = 3;  // rule_list
  int min_rule_rows = 20;  // rule_list
  bool search = false;     // search the families (successive halving) instead of one fit
  std::vector<std::string> search_families = {"linear", "ga2m", "tree", "rule_list"};
  std::string search_metric = "holdout_r2";
  int search_augment = 7;    // synthetic rows per fitted row of the augmented GA2M candidates
  double time_budget = 300;  // seconds
  double tolerance = 0.01;
  size_t max_gzip_bytes = 0;
  std::string front;  // the search's whyrec-distill-front JSON
  int digits = 4;
  double score_step = 0.005;  // ga2m: share of the teacher's standard deviation
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
