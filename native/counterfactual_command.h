#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>
#include <vector>

namespace whyrec {

struct CounterfactualOptions {
  std::string model;
  std::string data;
  std::string group;  // the column naming each row's candidate list (default: one list)
  std::string background;
  std::vector<std::string> drop;
  std::string rows;
  std::string output;
  int column = -1;  // the output's column that ranks (-1: its only one)
  int64_t k = 1;
  std::string goal = "auto";
  std::vector<std::string> immutable;
  std::vector<std::string> ranges;  // feature=low:high
  std::vector<std::string> steps;   // feature=step
  std::vector<std::string> costs;   // feature=cost
  int count = 1;
  int max_changes = 3;
  int64_t budget = 100000;
  int grid_size = 20;
  std::string out;
};

// Registers `whyrec counterfactual`: for rows of a CSV of scored items, the smallest change to
// their features that moves each into (or out of) the top k of its candidate list.
void AddCounterfactualCommand(CLI::App& app, CounterfactualOptions& options);
void RunCounterfactual(const CounterfactualOptions& options);

}  // namespace whyrec
