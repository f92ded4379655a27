#pragma once

#include <Eigen/Core>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/background.h"
#include "core/explain/explainer.h"
#include "core/schema.h"

namespace whyrec {

// Model-agnostic methods by name, configured by one JSON object of settings whose keys are the
// CLI's flag names with underscores (budget, seed, tolerance, link, max_batch_rows, ...), so the
// CLI, the WebAssembly build and the JS API share names and validation.
std::unique_ptr<Explainer> MakeExplainer(const std::string& method,
                                         const nlohmann::ordered_json& settings,
                                         const Schema& schema, const Eigen::VectorXf& instance,
                                         const Background& background);

// The names MakeExplainer accepts.
std::vector<std::string> ExplainerMethods();

}  // namespace whyrec
