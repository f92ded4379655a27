#!/usr/bin/env bash
# Installs what the build, the demo and the tests need, and only what is missing, so that a
# second run is a no-op. Safe to run on a fresh Debian 12 machine as root (or with sudo).
set -euo pipefail
cd "$(dirname "$0")/.."

debian_packages=(
  cmake ninja-build g++ clang pkg-config
  libeigen3-dev nlohmann-json3-dev rapidjson-dev libcli11-dev libcsv-dev libfmt-dev zlib1g-dev
  libonnx-dev libprotobuf-dev protobuf-compiler
  libgtest-dev libbenchmark-dev
  emscripten node-acorn
  clang-format
  chromium
  pybind11-dev python3-dev python3-numpy python3-pytest
  python3-dask python3-distributed python3-pandas
)

missing=()
for p in "${debian_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# onnxruntime-node's postinstall fetches CUDA binaries from a host this network cannot reach;
# the CPU library the native build links against ships inside the npm package itself.
export ONNXRUNTIME_NODE_INSTALL=skip
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm packages"
  npm ci --no-audit --no-fund
fi

# No npm package of ONNX Runtime ships the C/C++ headers; this MIT-licensed Unity package
# carries those of ORT 1.29 (C API 29), which the 1.30 library still serves.
ort_headers=build/third_party/onnxruntime/include
if [ ! -f "$ort_headers/onnxruntime_cxx_api.h" ]; then
  echo "setup: fetching ONNX Runtime C/C++ headers"
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent com.github.asus4.onnxruntime@0.4.9 >/dev/null)
  mkdir -p "$ort_headers"
  tar -xzf "$tmp"/com.github.asus4.onnxruntime-0.4.9.tgz -C "$tmp" --wildcards \
    'package/Plugins/iOS~/onnxruntime.xcframework/ios-arm64/onnxruntime.framework/Headers/*'
  cp "$tmp"/package/Plugins/iOS~/onnxruntime.xcframework/ios-arm64/onnxruntime.framework/Headers/*.h \
    "$ort_headers/"
  rm -rf "$tmp"
fi
