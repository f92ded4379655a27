#!/usr/bin/env bash
# Runs the benchmarks whose tables are in bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
build/native/bench/exact_shapley_bench --benchmark_repetitions=3 \
  --benchmark_report_aggregates_only=true "$@"
