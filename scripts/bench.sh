#!/usr/bin/env bash
# Runs the benchmarks whose tables are in bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
# onnxruntime-node (the tests' and benchmarks' independent model runner) otherwise writes telemetry
# under ~/.cache/Microsoft and a mat-debug log in $TMPDIR; whyrec's own CLI turns it off itself.
export ORT_DISABLE_TELEMETRY=1
build/native/bench/shapley_bench --benchmark_repetitions=3 \
  --benchmark_report_aggregates_only=true "$@"
build/native/bench/local_global_bench --benchmark_repetitions=3 \
  --benchmark_report_aggregates_only=true
node bench/lime_wasm.mjs
build/native/bench/tree_shap_bench --benchmark_repetitions=3 \
  --benchmark_report_aggregates_only=true
node bench/tree_shap_wasm.mjs
node bench/tree_shap_browser.mjs
node bench/anchors_precision.mjs 200
build/native/bench/shapley_accuracy 6 10
node bench/kernel_browser.mjs
node bench/web-bench.mjs
node bench/storefront-load.mjs --runs 5
node bench/storefront-load.mjs --runs 3 --query "?live"
node bench/history_browser.mjs
node bench/counterfactual_browser.mjs
node bench/history_quality.mjs
node bench/compress.mjs
