// Launch and memory plumbing of CUDA TreeSHAP. The arithmetic is ExplainLeaf
// (core/explain/flat_tree_shap.h), which the CPU tests run leaf by leaf against TreeShap.
#include <cuda_runtime.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include "native/cuda/cuda_tree_shap.h"

namespace whyrec {
namespace {

constexpr int kWarp = 32;
constexpr int kWarpsPerBlock = 4;
constexpr int kMaxPlayers = CudaTreeShap::kMaxPathPlayers;
// Rows per batch: 256k rows of 12 players are about 30 MB of values.
constexpr int64_t kBatchRows = int64_t{1} << 18;
// Without opting in to more, a block gets 48 KiB of shared memory.
constexpr size_t kSharedLimit = 48 * 1024;

void Check(cudaError_t status, const char* what) {
  if (status != cudaSuccess) {
    throw std::runtime_error(std::string("CUDA TreeSHAP: ") + what + ": " +
                             cudaGetErrorString(status));
  }
}

// A device copy of a host array (nothing for an empty one).
template <typename T>
class DeviceArray {
 public:
  DeviceArray() = default;
  DeviceArray(const T* host, int64_t count) { Assign(host, count); }
  ~DeviceArray() { cudaFree(data_); }
  DeviceArray(const DeviceArray&) = delete;
  DeviceArray& operator=(const DeviceArray&) = delete;

  void Assign(const T* host, int64_t count) {
    Resize(count);
    if (count > 0)
      Check(cudaMemcpy(data_, host, count * sizeof(T), cudaMemcpyHostToDevice), "copy");
  }
  void Resize(int64_t count) {
    if (count <= capacity_) return;
    cudaFree(data_);
    data_ = nullptr;
    Check(cudaMalloc(&data_, count * sizeof(T)), "allocating device memory");
    capacity_ = count;
  }
  T* data() const { return data_; }

 private:
  T* data_ = nullptr;
  int64_t capacity_ = 0;
};

// One warp per row: lanes take the leaves in turn and add into the row's values, which live in
// shared memory when they fit (kShared) and otherwise straight in the output (zeroed first).
template <bool kShared>
__global__ void ExplainRowsKernel(FlatTreeShapView m, const float* rows, int64_t n, double* values,
                                  double* margins) {
  extern __shared__ double shared[];
  const int warp = threadIdx.x / kWarp, lane = threadIdx.x % kWarp;
  const int64_t r = int64_t{blockIdx.x} * kWarpsPerBlock + warp;
  if (r >= n) return;  // the whole warp leaves together
  const int stride = m.outputs * m.players;
  double* phi = kShared ? shared + warp * (stride + m.outputs) : values + r * stride;
  double* margin = kShared ? phi + stride : margins + r * m.outputs;
  if (kShared) {
    for (int i = lane; i < stride + m.outputs; i += kWarp) phi[i] = 0;
    __syncwarp();
  }
  const float* row = rows + r * m.width;
  char hot[kMaxPlayers];
  double zero_fraction[kMaxPlayers], poly[kMaxPlayers + 1], out[kMaxPlayers];
  const LeafScratch scratch{hot, zero_fraction, poly, out};
  const auto add = [phi](int i, double amount) { atomicAdd(phi + i, amount); };
  for (int64_t leaf = lane; leaf < m.num_leaves; leaf += kWarp) {
    if (ExplainLeaf(m, row, leaf, scratch, add)) {
      atomicAdd(margin + m.leaves[leaf].output, m.leaves[leaf].value);
    }
  }
  __syncwarp();
  if (kShared) {
    for (int i = lane; i < stride; i += kWarp) values[r * stride + i] = phi[i];
  }
  for (int o = lane; o < m.outputs; o += kWarp) {
    margins[r * m.outputs + o] = m.base_margin[o] + margin[o];
  }
}

}  // namespace

std::string CudaDeviceProblem() {
  int count = 0;
  const cudaError_t status = cudaGetDeviceCount(&count);
  if (status != cudaSuccess) {
    return std::string("cudaGetDeviceCount failed: ") + cudaGetErrorString(status);
  }
  return count > 0 ? "" : "no CUDA GPU is present";
}

struct CudaTreeShap::Device {
  FlatTreeShapView view;
  DeviceArray<TreeLeafRecord> leaves;
  DeviceArray<PathPlayer> path_players;
  DeviceArray<FeatureCondition> conditions;
  DeviceArray<uint32_t> category_words;
  DeviceArray<double> tables, weights, base_margin, background_weights;
  DeviceArray<int64_t> background_offset;
  DeviceArray<char> background_follows;
  // Per batch.
  DeviceArray<float> rows;
  DeviceArray<double> values, margins;
  cudaEvent_t start = nullptr, stop = nullptr;

  ~Device() {
    if (start) cudaEventDestroy(start);
    if (stop) cudaEventDestroy(stop);
  }
};

CudaTreeShap::CudaTreeShap(const FlatTreeShapView& host) {
  const std::string problem = CudaDeviceProblem();
  if (!problem.empty()) throw std::runtime_error("no usable CUDA GPU: " + problem);
  if (host.max_path_players > kMaxPathPlayers) {
    throw std::invalid_argument("CUDA TreeSHAP handles paths of at most " +
                                std::to_string(kMaxPathPlayers) + " players; this model has " +
                                std::to_string(host.max_path_players));
  }
  device_ = std::make_unique<Device>();
  Device& d = *device_;
  d.leaves.Assign(host.leaves, host.num_leaves);
  d.path_players.Assign(host.path_players, host.num_path_players);
  d.conditions.Assign(host.conditions, host.num_conditions);
  d.category_words.Assign(host.category_words, host.num_category_words);
  d.tables.Assign(host.tables, host.num_tables);
  d.weights.Assign(host.weights, host.num_weights());
  d.base_margin.Assign(host.base_margin, host.outputs);
  d.view = host;
  d.view.leaves = d.leaves.data();
  d.view.path_players = d.path_players.data();
  d.view.conditions = d.conditions.data();
  d.view.category_words = d.category_words.data();
  d.view.tables = d.tables.data();
  d.view.weights = d.weights.data();
  d.view.base_margin = d.base_margin.data();
  if (!host.path_dependent) {
    d.background_weights.Assign(host.background_weights, host.background_rows);
    d.background_offset.Assign(host.background_offset, host.num_leaves);
    d.background_follows.Assign(host.background_follows, host.num_background_follows);
    d.view.background_weights = d.background_weights.data();
    d.view.background_offset = d.background_offset.data();
    d.view.background_follows = d.background_follows.data();
  }
  Check(cudaEventCreate(&d.start), "creating an event");
  Check(cudaEventCreate(&d.stop), "creating an event");
}

CudaTreeShap::~CudaTreeShap() = default;

void CudaTreeShap::Explain(const float* rows, int64_t n, double* values, double* margins) const {
  Device& d = *device_;
  const FlatTreeShapView& m = d.view;
  const int64_t stride = int64_t{m.outputs} * m.players;
  const size_t shared_bytes = sizeof(double) * kWarpsPerBlock * (stride + m.outputs);
  const bool in_shared = shared_bytes <= kSharedLimit;
  const int64_t batch = std::min(n, kBatchRows);
  d.rows.Resize(batch * m.width);
  d.values.Resize(batch * stride);
  d.margins.Resize(batch * m.outputs);
  last_kernel_seconds_ = 0;
  for (int64_t first = 0; first < n; first += batch) {
    const int64_t count = std::min(batch, n - first);
    Check(cudaMemcpy(d.rows.data(), rows + first * m.width, count * m.width * sizeof(float),
                     cudaMemcpyHostToDevice),
          "copying rows");
    if (!in_shared) {
      Check(cudaMemset(d.values.data(), 0, count * stride * sizeof(double)), "zeroing values");
      Check(cudaMemset(d.margins.data(), 0, count * m.outputs * sizeof(double)), "zeroing margins");
    }
    const unsigned blocks = static_cast<unsigned>((count + kWarpsPerBlock - 1) / kWarpsPerBlock);
    Check(cudaEventRecord(d.start), "recording an event");
    if (in_shared) {
      ExplainRowsKernel<true><<<blocks, kWarp * kWarpsPerBlock, shared_bytes>>>(
          m, d.rows.data(), count, d.values.data(), d.margins.data());
    } else {
      ExplainRowsKernel<false><<<blocks, kWarp * kWarpsPerBlock>>>(
          m, d.rows.data(), count, d.values.data(), d.margins.data());
    }
    Check(cudaGetLastError(), "launching the TreeSHAP kernel");
    Check(cudaEventRecord(d.stop), "recording an event");
    Check(cudaMemcpy(values + first * stride, d.values.data(), count * stride * sizeof(double),
                     cudaMemcpyDeviceToHost),
          "copying values");
    Check(cudaMemcpy(margins + first * m.outputs, d.margins.data(),
                     count * m.outputs * sizeof(double), cudaMemcpyDeviceToHost),
          "copying margins");
    float milliseconds = 0;
    Check(cudaEventElapsedTime(&milliseconds, d.start, d.stop), "timing the kernel");
    last_kernel_seconds_ += milliseconds / 1000.0;
  }
}

}  // namespace whyrec
