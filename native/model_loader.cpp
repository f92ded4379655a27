#include "native/model_loader.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "core/models/distilled_json.h"
#include "core/models/distilled_model.h"
#include "core/models/distilled_tree.h"
#include "core/models/lightgbm_text.h"
#include "core/models/linear_model.h"
#include "core/models/xgboost_json.h"
#include "native/gzip.h"
#include "native/onnx_model.h"
#include "native/onnx_tree_ensemble.h"

namespace whyrec {

std::unique_ptr<Model> LoadModel(const std::string& path, int onnx_threads) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    throw std::invalid_argument("cannot open model '" + path + "': " + std::strerror(errno));
  }
  std::ostringstream bytes;
  bytes << file.rdbuf();
  const bool compressed = IsGzip(bytes.str());
  const std::string text = compressed ? Gunzip(bytes.str(), path) : bytes.str();
  const auto first = text.find_first_not_of(" \t\r\n");
  // ONNX files are protobuf, which never starts with '{' or "tree\n"; JSON objects always do.
  if (LooksLikeXgboostJson(text)) {
    return std::make_unique<TreeEnsemble>(ParseXgboostJson(text, path));
  }
  if (LooksLikeLightgbmText(text)) {
    return std::make_unique<TreeEnsemble>(ParseLightgbmText(text, path));
  }
  const std::string distilled_family =
      first != std::string::npos && text[first] == '{' ? DistilledFamily(text) : "";
  // The tree families are trees (TreeSHAP); the additive one explains itself in closed form.
  if (IsDistilledTreeFamily(distilled_family)) {
    return std::make_unique<TreeEnsemble>(ReadDistilledTrees(text, path));
  }
  if (!distilled_family.empty()) {
    return std::make_unique<DistilledModel>(DistilledModel::FromJson(text, path));
  }
  if (first != std::string::npos && text[first] == '{') {
    return std::make_unique<LinearModel>(LinearModel::FromJson(text, path));
  }
  // ONNX tree ensembles are read as trees (TreeSHAP); any other ONNX model runs in ONNX Runtime.
  if (IsOnnxTreeEnsemble(text)) {
    return std::make_unique<TreeEnsemble>(ParseOnnxTreeEnsemble(text, path));
  }
  if (compressed) {
    throw std::invalid_argument(path +
                                ": a gzip-compressed ONNX model that runs in ONNX Runtime must be "
                                "decompressed first (gunzip it)");
  }
  return std::make_unique<OnnxModel>(path, onnx_threads);
}

}  // namespace whyrec
