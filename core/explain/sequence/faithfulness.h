#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "core/global/fidelity_curves.h"

namespace whyrec {

// How faithful an attribution is to the model, from its deletion and insertion curves
// (Petsiuk et al. 2018) and ERASER's measures (DeYoung et al. 2020) at each k in `ks` (k larger
// than the number of players is skipped): comprehensiveness f(x) - f(x without its top k players)
// (higher is better) and sufficiency f(x) - f(only the top k) (lower is better), both on the
// explained output. JSON: order, deletion, insertion, deletion_area, insertion_area,
// comprehensiveness {"k": value}, sufficiency {"k": value}.
nlohmann::ordered_json FaithfulnessJson(const FidelityCurvesResult& curves,
                                        const std::vector<int>& ks = {1, 3, 5});

}  // namespace whyrec
