#!/usr/bin/env bash
# Builds the native CLI (build/native/whyrec) and the WebAssembly core (build/wasm/); CMake and
# Ninja rebuild only what changed.
set -euo pipefail
cd "$(dirname "$0")/.."
for preset in native wasm; do
  # Configure when never done (or a configure failed), and afresh when the presets changed (a
  # new compiler needs a new cache).
  if [ ! -f "build/$preset/build.ninja" ] || [ CMakePresets.json -nt "build/$preset/build.ninja" ]; then
    rm -f "build/$preset/CMakeCache.txt"
    cmake --preset "$preset" >/dev/null
  fi
  cmake --build --preset "$preset"
done
# The worker, the widget and the JS API as pages load them, bundled (build/web/; only files whose
# bytes changed are written).
node web/server/bundle.mjs
# Brotli and gzip copies of what the demo server sends (only files that changed are redone).
node web/server/precompress.mjs
