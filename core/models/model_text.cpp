#include "core/models/model_text.h"

#include "core/models/distilled_json.h"
#include "core/models/distilled_model.h"
#include "core/models/distilled_tree.h"
#include "core/models/lightgbm_text.h"
#include "core/models/linear_model.h"
#include "core/models/xgboost_json.h"

namespace whyrec {

std::unique_ptr<Model> ModelFromText(const std::string& text, const std::string& source) {
  // ONNX files are protobuf, which never starts with '{' or "tree\n"; JSON objects always do.
  if (LooksLikeXgboostJson(text)) {
    return std::make_unique<TreeEnsemble>(ParseXgboostJson(text, source));
  }
  if (LooksLikeLightgbmText(text)) {
    return std::make_unique<TreeEnsemble>(ParseLightgbmText(text, source));
  }
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos || text[first] != '{') return nullptr;
  const std::string distilled_family = DistilledFamily(text);
  // The tree families are trees (TreeSHAP); the additive one explains itself in closed form.
  if (IsDistilledTreeFamily(distilled_family)) {
    return std::make_unique<TreeEnsemble>(ReadDistilledTrees(text, source));
  }
  if (!distilled_family.empty()) {
    return std::make_unique<DistilledModel>(DistilledModel::FromJson(text, source));
  }
  return std::make_unique<LinearModel>(LinearModel::FromJson(text, source));
}

}  // namespace whyrec
