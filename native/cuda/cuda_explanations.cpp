#include "native/cuda/cuda_explanations.h"

#include <utility>

#include "native/cuda/cuda_tree_shap.h"

namespace whyrec {

std::vector<Explanation> ExplainTreesOnCuda(const TreeShap& shap, const RowMatrixF& rows,
                                            int64_t begin, int64_t end) {
  const int64_t n = end - begin;
  if (n <= 0) return {};
  const FlatTreeShapView view = shap.View();
  const CudaTreeShap device(view);
  const int64_t stride = int64_t{view.outputs} * view.players;
  std::vector<double> values(n * stride), margins(n * view.outputs);
  device.Explain(rows.row(begin).data(), n, values.data(), margins.data());
  std::vector<Explanation> explanations;
  explanations.reserve(n);
  for (int64_t r = 0; r < n; ++r) {
    // values is row-major outputs x players per row; Eigen's default is column-major.
    const Eigen::MatrixXd row_values =
        Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
            values.data() + r * stride, view.outputs, view.players);
    explanations.push_back(shap.MakeExplanation(
        row_values,
        Eigen::Map<const Eigen::VectorXd>(margins.data() + r * view.outputs, view.outputs)));
  }
  return explanations;
}

}  // namespace whyrec
