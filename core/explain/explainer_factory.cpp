#include "core/explain/explainer_factory.h"

#include <stdexcept>

#include "core/explain/exact_shapley.h"
#include "core/explain/settings.h"

namespace whyrec {

std::vector<std::string> ExplainerMethods() { return {"exact"}; }

std::unique_ptr<Explainer> MakeExplainer(const std::string& method,
                                         const nlohmann::ordered_json& settings,
                                         const Schema& schema, const Eigen::VectorXf& instance,
                                         const Background& background) {
  const Settings s(settings);
  if (method == "exact") {
    ExactShapleyOptions options;
    options.max_batch_rows = s.Int("max_batch_rows", options.max_batch_rows, 1);
    return std::make_unique<ExactShapley>(schema, instance, background, options);
  }
  std::string known;
  for (const auto& name : ExplainerMethods()) known += (known.empty() ? "" : ", ") + name;
  throw std::invalid_argument("unknown method '" + method + "'; available: " + known);
}

}  // namespace whyrec
