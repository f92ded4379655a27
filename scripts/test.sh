#!/usr/bin/env bash
# Every test: the code style (clang-format for C++, Prettier for JS), C++ (ctest: unit tests and
# fuzz-corpus replays), then JS/WASM, the CLI end to end and the browser in headless Chromium
# (node --test). Expects scripts/build.sh to have run.
set -euo pipefail
cd "$(dirname "$0")/.."
# onnxruntime-node (the tests' and benchmarks' independent model runner) otherwise writes telemetry
# under ~/.cache/Microsoft and a mat-debug log in $TMPDIR; whyrec's own CLI turns it off itself.
export ORT_DISABLE_TELEMETRY=1
find core wasm native tests bench examples -name '*.cpp' -o -name '*.h' -o -name '*.cu' \
  -o -name '*.cuh' | xargs clang-format --dry-run --Werror
npx --no-install prettier --check --log-level warn '**/*.{mjs,js,ts}'
ctest --preset native
mkdir -p test-artifacts
node --test tests/js/ tests/browser/
PYTHONPATH=build/native/python PYTHONDONTWRITEBYTECODE=1 /usr/bin/python3 -m pytest -q -p no:cacheprovider tests/python
# The C++ unit tests again, built with AddressSanitizer and UndefinedBehaviorSanitizer (README:
# Sanitizers); any report fails.
cmake --preset asan >/dev/null
cmake --build --preset asan
ctest --preset asan
