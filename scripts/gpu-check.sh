#!/usr/bin/env bash
# CUDA TreeSHAP on a machine with nvcc and a GPU: a fresh build of the core and the CUDA code
# alone (WHYREC_CUDA_ONLY: no ONNX Runtime, CLI11 or other native dependencies), its tests, and
# the benchmark rows for bench/README.md ("TreeSHAP on CUDA"), then a memcheck of the kernels.
#
#   scripts/gpu-check.sh --prepare   # on a machine set up by scripts/setup.sh: copies the
#                                    # header-only libraries and googletest's sources, which a
#                                    # bare GPU machine lacks, to build/gpu-deps (about 15 MB)
#   scripts/gpu-check.sh [ROWS]      # on the GPU machine, in a copy of the tree that carries
#                                    # build/gpu-deps; ROWS rows to explain (default 1,000,000)
set -euo pipefail
cd "$(dirname "$0")/.."
deps=$PWD/build/gpu-deps

if [ "${1:-}" = --prepare ]; then
  rm -rf "$deps"
  mkdir -p "$deps/prefix/include" "$deps/prefix/share/eigen3" "$deps/prefix/share/cmake"
  # Eigen's and nlohmann's CMake files find their headers relative to themselves; RapidJSON is
  # found by its header under the prefix.
  cp -r /usr/include/eigen3 /usr/include/nlohmann /usr/include/rapidjson "$deps/prefix/include/"
  cp -r /usr/share/eigen3/cmake "$deps/prefix/share/eigen3/"
  cp -r /usr/share/cmake/nlohmann_json "$deps/prefix/share/cmake/"
  cp -r /usr/src/googletest "$deps/googletest"
  du -sh "$deps"
  exit 0
fi

rows=${1:-1000000}
if [ ! -d "$deps" ] && [ ! -d /usr/include/eigen3 ]; then
  echo "gpu-check: no Eigen here; run scripts/gpu-check.sh --prepare where it is installed" \
    "and bring build/gpu-deps along" >&2
  exit 1
fi
nvcc=${CUDACXX:-$(command -v nvcc || echo /usr/local/cuda/bin/nvcc)}
build=build/gpu
rm -rf "$build"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DWHYREC_CUDA_ONLY=ON \
  -DCMAKE_CUDA_COMPILER="$nvcc" -DCMAKE_CUDA_ARCHITECTURES=native \
  -DCMAKE_PREFIX_PATH="$deps/prefix" -DWHYREC_GTEST_SOURCE="$deps/googletest"
cmake --build "$build" -j "$(nproc)"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || true
"$build/tests/cuda/whyrec_cuda_tests"
"$build/bench/cuda/tree_shap_cuda_bench" "$rows"
# Out-of-bounds or uninitialized device memory would not always change the values: check.
if command -v compute-sanitizer >/dev/null; then
  compute-sanitizer --tool memcheck --error-exitcode 1 "$build/tests/cuda/whyrec_cuda_tests" \
    --gtest_filter='CudaTreeShap.EqualsCpuInBothModes'
fi
