#include "native/model_loader.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "core/models/model_text.h"
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
  if (auto model = ModelFromText(text, path)) return model;
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
