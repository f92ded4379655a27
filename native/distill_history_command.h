#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "core/distill/item_to_item_fit.h"
#include "native/history_layout_flags.h"
#include "native/history_teacher.h"

namespace whyrec {

struct DistillHistoryOptions {
  std::string model;  // the teacher: an ONNX history model, as explain-history reads
  std::string histories;
  std::string rows;  // the users (lines of --histories) to draw teacher rows from; empty: all
  std::string scores;
  HistoryLayoutFlags layout;
  // How the teacher's rows are drawn (their seed is `seed`).
  HistoryTeacherOptions draw = [] {
    HistoryTeacherOptions d;
    d.prefixes = 3;
    return d;
  }();
  // The fit's settings (its seed is `seed`). Defaults: the pick of bench/README.md's search on
  // SASRec (low rank, no sparse pairs).
  ItemToItemOptions fit = [] {
    ItemToItemOptions f;
    f.l2 = 10;
    f.pair_budget = 0;
    f.rank = 16;
    return f;
  }();
  double holdout = 0.2;  // share of users held out
  uint64_t seed = 0;
  int k = 10;
  int digits = 4;
  bool search = false;
  std::string search_metric = "holdout_r2";
  double time_budget = 300;
  double tolerance = 0.01;
  size_t max_gzip_bytes = 0;
  std::string front;
  std::string out;
  std::string report;
  std::string holdout_rows;  // CSV of the held-out teacher rows with the surrogate's scores
};

// Registers `whyrec distill-history`: distils an ONNX history model (a next-item recommender)
// into the self-explaining item-to-item model (README "Distilling a history model").
void AddDistillHistoryCommand(CLI::App& app, DistillHistoryOptions& options);
void RunDistillHistory(const DistillHistoryOptions& options);

}  // namespace whyrec
