#!/usr/bin/env bash
# Every test: C++ (ctest: unit tests and fuzz-corpus replays), then JS/WASM, the CLI end to end
# and the browser in headless Chromium (node --test). Expects scripts/build.sh to have run.
set -euo pipefail
cd "$(dirname "$0")/.."
ctest --preset native
mkdir -p test-artifacts
node --test tests/js/ tests/browser/
