#!/usr/bin/env bash
# Builds the native CLI (build/native/whyrec) and the WebAssembly core (build/wasm/); CMake and
# Ninja rebuild only what changed.
set -euo pipefail
cd "$(dirname "$0")/.."
for preset in native wasm; do
  [ -f "build/$preset/build.ninja" ] || cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset"
done
