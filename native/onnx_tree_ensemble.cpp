#include "native/onnx_tree_ensemble.h"

#include <onnx/onnx.pb.h>

#include <stdexcept>

#include "core/models/onnx_tree_ensemble.h"

namespace whyrec {
namespace {

const onnx::NodeProto* FindTreeEnsemble(const onnx::ModelProto& model) {
  const auto& graph = model.graph();
  if (graph.input().empty()) return nullptr;
  for (const auto& node : graph.node()) {
    if (node.domain() == "ai.onnx.ml" &&
        (node.op_type() == "TreeEnsembleRegressor" || node.op_type() == "TreeEnsembleClassifier") &&
        node.input_size() > 0 && node.input(0) == graph.input(0).name()) {
      return &node;
    }
  }
  return nullptr;
}

OnnxNodeAttributes ToAttributes(const onnx::NodeProto& node, const onnx::GraphProto& graph) {
  OnnxNodeAttributes out;
  out.op_type = node.op_type();
  out.outputs.assign(node.output().begin(), node.output().end());
  for (const auto& a : node.attribute()) {
    switch (a.type()) {
      case onnx::AttributeProto::INT:
        out.ints[a.name()] = {a.i()};
        break;
      case onnx::AttributeProto::INTS:
        out.ints[a.name()].assign(a.ints().begin(), a.ints().end());
        break;
      case onnx::AttributeProto::FLOAT:
        out.floats[a.name()] = {a.f()};
        break;
      case onnx::AttributeProto::FLOATS:
        out.floats[a.name()].assign(a.floats().begin(), a.floats().end());
        break;
      case onnx::AttributeProto::STRING:
        out.strings[a.name()] = {a.s()};
        break;
      case onnx::AttributeProto::STRINGS:
        out.strings[a.name()].assign(a.strings().begin(), a.strings().end());
        break;
      default:
        out.other.push_back(a.name());
    }
  }
  const auto& shape = graph.input(0).type().tensor_type().shape();
  if (shape.dim_size() == 2 && shape.dim(1).has_dim_value()) {
    out.input_width = shape.dim(1).dim_value();
  }
  return out;
}

}  // namespace

bool IsOnnxTreeEnsemble(const std::string& bytes) {
  onnx::ModelProto model;
  return model.ParseFromString(bytes) && FindTreeEnsemble(model) != nullptr;
}

OnnxNodeAttributes ReadOnnxTreeEnsembleNode(const std::string& bytes, const std::string& source) {
  onnx::ModelProto model;
  if (!model.ParseFromString(bytes)) {
    throw std::invalid_argument(source + ": not an ONNX model (protobuf parse failed)");
  }
  const onnx::NodeProto* node = FindTreeEnsemble(model);
  if (!node) {
    throw std::invalid_argument(source +
                                ": has no ai.onnx.ml TreeEnsembleRegressor or "
                                "TreeEnsembleClassifier node reading the graph input");
  }
  return ToAttributes(*node, model.graph());
}

TreeEnsemble ParseOnnxTreeEnsemble(const std::string& bytes, const std::string& source) {
  return TreeEnsembleFromOnnx(ReadOnnxTreeEnsembleNode(bytes, source), source);
}

}  // namespace whyrec
