#pragma once

#include <Eigen/Core>

namespace whyrec {

// Models consume and produce row-major float32 batches: that is the memory layout of ONNX
// tensors and of JS typed arrays, so rows cross every boundary without a transpose.
using RowMatrixF = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using RowBatch = RowMatrixF;
using ConstMatrixView = Eigen::Map<const RowMatrixF>;

}  // namespace whyrec
