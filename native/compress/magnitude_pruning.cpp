#include "native/compress/magnitude_pruning.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "native/compress/dense_weights.h"
#include "native/compress/float_initializer.h"

namespace whyrec {

void PruneSmallestMagnitudes(std::vector<float>& values, double fraction) {
  if (!(fraction >= 0.0 && fraction < 1.0)) {
    throw std::invalid_argument("the pruning fraction must lie in [0, 1), got " +
                                std::to_string(fraction));
  }
  const size_t count = static_cast<size_t>(std::llround(fraction * values.size()));
  if (count == 0) return;
  std::vector<size_t> order(values.size());
  std::iota(order.begin(), order.end(), size_t{0});
  const auto smaller = [&](size_t a, size_t b) {
    const float ma = std::fabs(values[a]), mb = std::fabs(values[b]);
    return ma < mb || (ma == mb && a < b);
  };
  std::nth_element(order.begin(), order.begin() + (count - 1), order.end(), smaller);
  for (size_t i = 0; i < count; ++i) values[order[i]] = 0.0f;
}

std::vector<PrunedTensor> PruneDenseWeights(onnx::GraphProto& graph, double fraction) {
  std::vector<PrunedTensor> out;
  for (const DenseWeight& weight : FindDenseWeights(graph)) {
    onnx::TensorProto& tensor = *FindInitializer(graph, weight.initializer);
    FloatTensorData data = ReadFloatTensor(tensor);
    PrunedTensor report{weight.initializer,
                        weight.op_type,
                        data.shape,
                        static_cast<int64_t>(data.values.size()),
                        CountZeros(data.values),
                        0};
    PruneSmallestMagnitudes(data.values, fraction);
    report.zeros_after = CountZeros(data.values);
    WriteFloatTensor(data, tensor);
    out.push_back(report);
  }
  return out;
}

}  // namespace whyrec
