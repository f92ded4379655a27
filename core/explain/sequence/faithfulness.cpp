#include "core/explain/sequence/faithfulness.h"

#include <string>

namespace whyrec {

nlohmann::ordered_json FaithfulnessJson(const FidelityCurvesResult& curves,
                                        const std::vector<int>& ks) {
  using Json = nlohmann::ordered_json;
  const auto players = static_cast<int>(curves.order.size());
  const double full = curves.deletion[0];
  Json comprehensiveness = Json::object(), sufficiency = Json::object();
  for (int k : ks) {
    if (k < 1 || k > players) continue;
    comprehensiveness[std::to_string(k)] = full - curves.deletion[k];
    sufficiency[std::to_string(k)] = full - curves.insertion[k];
  }
  Json out;
  out["order"] = curves.order;
  out["deletion"] =
      std::vector<double>(curves.deletion.data(), curves.deletion.data() + curves.deletion.size());
  out["insertion"] = std::vector<double>(curves.insertion.data(),
                                         curves.insertion.data() + curves.insertion.size());
  out["deletion_area"] = curves.deletion_area;
  out["insertion_area"] = curves.insertion_area;
  out["comprehensiveness"] = std::move(comprehensiveness);
  out["sufficiency"] = std::move(sufficiency);
  out["evaluations"] = curves.evaluations;
  return out;
}

}  // namespace whyrec
