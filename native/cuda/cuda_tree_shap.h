#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "core/explain/trees/flat_tree_shap.h"

namespace whyrec {

// Empty when a CUDA GPU can be used; otherwise why not (no device, no driver, ...).
std::string CudaDeviceProblem();

// TreeSHAP values of many rows on the first CUDA GPU, from the tables a TreeShap built: one
// warp per row, its lanes taking the leaves in turn (ExplainLeaf) and adding into the row's
// values in shared memory. Values and margins are double precision, like the CPU's.
class CudaTreeShap {
 public:
  // Copies the view's arrays to the GPU. Throws std::runtime_error when no GPU is usable, and
  // std::invalid_argument when a path has more than kMaxPathPlayers players.
  explicit CudaTreeShap(const FlatTreeShapView& host);
  ~CudaTreeShap();
  CudaTreeShap(const CudaTreeShap&) = delete;
  CudaTreeShap& operator=(const CudaTreeShap&) = delete;

  // Rows are n x width (row-major float32, NaN for missing); values receives n x outputs x
  // players and margins n x outputs (row-major). Rows go to the GPU in batches, so n may
  // exceed the GPU's memory.
  void Explain(const float* rows, int64_t n, double* values, double* margins) const;

  // Seconds the kernels of the last Explain() ran, without the copies.
  double last_kernel_seconds() const { return last_kernel_seconds_; }

  // Per-thread scratch of leaves computed per row lives in registers and local memory.
  static constexpr int kMaxPathPlayers = 64;

 private:
  struct Device;
  std::unique_ptr<Device> device_;
  mutable double last_kernel_seconds_ = 0;
};

}  // namespace whyrec
