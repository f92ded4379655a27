#include "native/compress/compress_command.h"

#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "native/compress/dense_weights.h"
#include "native/compress/dynamic_quantization.h"
#include "native/compress/float_initializer.h"
#include "native/compress/magnitude_pruning.h"
#include "native/compress/onnx_model_file.h"
#include "native/compress/structured_pruning.h"
#include "native/compress/tied_weights.h"
#include "native/compress/weight_quantization.h"
#include "native/gzip.h"
#include "native/labeled_table.h"
#include "native/read_text.h"

namespace whyrec {
namespace {

using Json = nlohmann::ordered_json;

// Zeros and entries over every MatMul/Gemm weight (after pruning, before quantization).
Json DenseSparsity(const onnx::GraphProto& graph) {
  int64_t zeros = 0, elements = 0;
  for (const DenseWeight& w : FindDenseWeights(graph)) {
    const FloatTensorData data = ReadFloatTensor(*FindInitializer(graph, w.initializer));
    zeros += CountZeros(data.values);
    elements += static_cast<int64_t>(data.values.size());
  }
  return {{"zeros", zeros},
          {"elements", elements},
          {"sparsity", elements ? static_cast<double>(zeros) / elements : 0.0}};
}

// Bytes of initializer payload: the weights, without the graph's names and structure.
size_t InitializerBytes(const onnx::GraphProto& graph) {
  size_t bytes = 0;
  for (const auto& t : graph.initializer()) {
    bytes += t.raw_data().size() + 4 * (t.float_data_size() + t.int32_data_size()) +
             8 * (t.int64_data_size() + t.double_data_size());
  }
  return bytes;
}

std::string Steps(const CompressOptions& o) {
  std::ostringstream s;
  if (o.prune > 0) s << (o.structured ? "structured" : "unstructured") << " prune " << o.prune;
  if (o.quantize == "int8") s << (o.prune > 0 ? ", " : "") << "int8 weights";
  if (o.quantize == "int8-dynamic") s << (o.prune > 0 ? ", " : "") << "int8 dynamic";
  return s.str();
}

void SetMetadata(onnx::ModelProto& model, const std::string& key, const std::string& value) {
  for (auto& prop : *model.mutable_metadata_props()) {
    if (prop.key() == key) {
      prop.set_value(value);
      return;
    }
  }
  auto* prop = model.add_metadata_props();
  prop->set_key(key);
  prop->set_value(value);
}

}  // namespace

void to_json(Json& j, const PrunedTensor& t) {
  j = {{"name", t.name},
       {"op", t.op_type},
       {"shape", t.shape},
       {"elements", t.elements},
       {"zeros_before", t.zeros_before},
       {"zeros_after", t.zeros_after}};
}

void to_json(Json& j, const PrunedLayer& l) {
  j = {{"first_weight", l.first_weight},
       {"second_weight", l.second_weight},
       {"units_before", l.units_before},
       {"units_after", l.units_before - static_cast<int64_t>(l.removed_units.size())},
       {"removed_units", l.removed_units}};
}

void to_json(Json& j, const QuantizedTensor& t) {
  j = {{"name", t.name}, {"op", t.op_type},          {"shape", t.shape},
       {"axis", t.axis}, {"max_scale", t.max_scale}, {"max_abs_error", t.max_abs_error}};
}

namespace {

// `tensors`, unless the model had none to `what` (prune, quantize): an error saying so.
template <typename T>
const std::vector<T>& NonEmpty(const std::vector<T>& tensors, const std::string& what) {
  if (tensors.empty()) {
    throw std::invalid_argument(
        "no MatMul or Gemm (or, to quantize, Gather) reads a 2-D float32 "
        "initializer: nothing to " +
        what);
  }
  return tensors;
}

}  // namespace

void AddCompressCommand(CLI::App& app, CompressOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "compress",
      "Prune (magnitude, unstructured or whole hidden units) and/or quantize (int8 weights) an "
      "ONNX model; writes ONNX that ONNX Runtime native and Web run");
  cmd->add_option("--model", o.model, "The ONNX model to compress")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--prune", o.prune,
                  "Fraction in [0, 1) of each MatMul/Gemm weight tensor zeroed, smallest "
                  "magnitudes first (with --structured: of each MLP hidden layer's units removed)")
      ->capture_default_str();
  cmd->add_flag("--structured", o.structured,
                "Remove whole hidden units of MatMul/Gemm -> [Add] -> Relu -> MatMul/Gemm chains "
                "(shapes shrink) instead of zeroing single weights");
  cmd->add_option("--quantize", o.quantize,
                  "int8: MatMul/Gemm weights and Gather tables as int8 codes + per-channel "
                  "scales, dequantized by DequantizeLinear; int8-dynamic: MatMul/Gemm run as "
                  "MatMulInteger on dynamically quantized activations (Gather tables as int8)")
      ->check(CLI::IsMember({"none", "int8", "int8-dynamic"}))
      ->capture_default_str();
  cmd->add_option("--out", o.out, "Write the compressed ONNX model here")->required();
  cmd->add_option("--report", o.report, "Also write a JSON report here (sizes, tensors touched)");
  cmd->callback([&o] { RunCompress(o); });
}

void RunCompress(const CompressOptions& o) {
  if (!(o.prune >= 0.0 && o.prune < 1.0)) {
    throw std::invalid_argument("--prune must lie in [0, 1), got " + std::to_string(o.prune));
  }
  if (o.structured && o.prune == 0.0) {
    throw std::invalid_argument("--structured needs --prune FRACTION > 0 (the units to remove)");
  }
  if (o.prune == 0.0 && o.quantize == "none") {
    throw std::invalid_argument(
        "nothing to do: give --prune FRACTION and/or --quantize int8|int8-dynamic");
  }
  const std::string bytes = ReadText(o.model);
  onnx::ModelProto model = ParseOnnxModel(bytes, o.model);
  onnx::GraphProto& graph = *model.mutable_graph();
  const size_t initializer_bytes_before = InitializerBytes(graph);
  Json report;
  report["model"] = o.model;
  report["out"] = o.out;
  report["prune"] = o.prune;
  report["structured"] = o.structured;
  report["quantize"] = o.quantize;
  try {
    Json tied = Json::array();
    for (const TiedWeight& t : ShareTiedWeights(model)) {
      tied.push_back({{"weight", t.weight}, {"table", t.table}, {"first_row", t.first_row}});
    }
    report["tied_weights"] = tied;
    report["sparsity_before"] = DenseSparsity(graph);
    if (o.prune > 0 && o.structured) {
      report["hidden_layers"] = PruneHiddenUnits(graph, o.prune);
    } else if (o.prune > 0) {
      report["pruned_tensors"] = NonEmpty(PruneDenseWeights(graph, o.prune), "prune");
    }
    report["sparsity_after"] = DenseSparsity(graph);
    if (o.quantize != "none") {
      auto quantized = o.quantize == "int8-dynamic" ? QuantizeMatMulsDynamic(model, o.model)
                                                    : std::vector<QuantizedTensor>{};
      for (auto& t : QuantizeWeightsInt8(model, o.model)) quantized.push_back(t);
      report["quantized_tensors"] = NonEmpty(quantized, "quantize");
    }
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(o.model + ": " + e.what());
  }
  SetMetadata(model, "whyrec.compression", Steps(o));
  std::string written;
  if (!model.SerializeToString(&written)) {
    throw std::runtime_error("cannot serialize the compressed model (over 2 GB?)");
  }
  WriteJson(written, o.out);
  const size_t gzip_before = Gzip(bytes).size(), gzip_after = Gzip(written).size();
  report["bytes_before"] = bytes.size();
  report["bytes_after"] = written.size();
  report["gzip_bytes_before"] = gzip_before;
  report["gzip_bytes_after"] = gzip_after;
  report["initializer_bytes_before"] = initializer_bytes_before;
  report["initializer_bytes_after"] = InitializerBytes(graph);
  report["size_ratio"] = static_cast<double>(written.size()) / bytes.size();
  report["gzip_size_ratio"] = static_cast<double>(gzip_after) / gzip_before;
  if (!o.report.empty()) WriteJson(report.dump(2) + "\n", o.report);
  std::cout << o.out << ": " << Steps(o) << "; " << bytes.size() << " -> " << written.size()
            << " bytes (gzip " << gzip_before << " -> " << gzip_after << ")\n";
}

}  // namespace whyrec
