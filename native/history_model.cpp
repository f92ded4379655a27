#include "native/history_model.h"

#include <algorithm>
#include <stdexcept>

namespace whyrec {
namespace {

std::string Listed(const std::vector<std::string>& names) {
  std::string listed;
  for (const auto& name : names) listed += (listed.empty() ? "" : ", ") + name;
  return listed;
}

// --scores NAME, else the output named "scores", else the first output.
std::string ScoresOutput(const Ort::Session& session, const std::string& path,
                         const std::string& requested) {
  const std::vector<std::string> outputs = OutputNames(session);
  const auto has = [&](const std::string& name) {
    return std::find(outputs.begin(), outputs.end(), name) != outputs.end();
  };
  if (!requested.empty()) {
    if (has(requested)) return requested;
    throw std::invalid_argument(path + " has no output named '" + requested +
                                "' (--scores); its outputs are: " + Listed(outputs));
  }
  if (has("scores")) return "scores";
  if (outputs.empty()) throw std::invalid_argument(path + " has no outputs");
  return outputs.front();
}

struct TensorType {
  ONNXTensorElementDataType element;
  std::vector<int64_t> shape;
};

TensorType InputType(const Ort::Session& session, size_t index) {
  const Ort::TypeInfo type = session.GetInputTypeInfo(index);
  const auto info = type.GetTensorTypeAndShapeInfo();
  return {info.GetElementType(), info.GetShape()};
}

std::vector<Ort::Value> RunSession(Ort::Session& session, const std::string& path,
                                   const std::vector<std::string>& input_names,
                                   const std::vector<Ort::Value>& inputs,
                                   const std::vector<std::string>& output_names) {
  std::vector<const char*> in, out;
  for (const auto& name : input_names) in.push_back(name.c_str());
  for (const auto& name : output_names) out.push_back(name.c_str());
  try {
    return session.Run(Ort::RunOptions{nullptr}, in.data(), inputs.data(), inputs.size(),
                       out.data(), out.size());
  } catch (const Ort::Exception& e) {
    throw std::runtime_error(path + ": ONNX Runtime failed: " + e.what());
  }
}

Ort::Value IdTensor(const IdBatch& ids) {
  const auto memory = Ort::MemoryInfo::CreateCpu(OrtArenaAllocator, OrtMemTypeDefault);
  const std::vector<int64_t> shape{ids.rows(), ids.cols()};
  // ORT takes a mutable pointer but does not write to inputs.
  return Ort::Value::CreateTensor<int64_t>(memory, const_cast<int64_t*>(ids.data()),
                                           static_cast<size_t>(ids.size()), shape.data(),
                                           shape.size());
}

RowMatrixF ToScores(const Ort::Value& value, int64_t rows, const std::string& what) {
  const auto info = value.GetTensorTypeAndShapeInfo();
  if (info.GetElementType() != ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT) {
    throw std::invalid_argument(what + " is not float32");
  }
  const auto shape = info.GetShape();
  if (shape.size() != 2 || shape[0] != rows || shape[1] < 1) {
    throw std::invalid_argument(what + " must have shape [batch, items] (column j = item j)");
  }
  return Eigen::Map<const RowMatrixF>(value.GetTensorData<float>(), rows, shape[1]);
}

}  // namespace

HistoryModel::HistoryModel(const std::string& path, const std::string& scores)
    : path_(path), session_(OpenSingleThreadSession(path)) {
  const std::vector<std::string> inputs = InputNames(session_);
  if (inputs.size() != 1) {
    throw std::invalid_argument(path + " has " + std::to_string(inputs.size()) +
                                " inputs; a history model takes one int64 tensor [batch, L] of "
                                "item ids (a model that reads embeddings goes to "
                                "--embeddings-model)");
  }
  input_name_ = inputs[0];
  const TensorType type = InputType(session_, 0);
  if (type.element != ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64 || type.shape.size() != 2) {
    throw std::invalid_argument(path + ": input '" + input_name_ +
                                "' must be an int64 tensor [batch, L] of item ids");
  }
  fixed_length_ = type.shape[1] > 0 ? type.shape[1] : -1;
  output_names_ = OutputNames(session_);
  scores_ = ScoresOutput(session_, path, scores);
}

std::optional<std::string> HistoryModel::Metadata(const std::string& key) const {
  return ModelMetadata(session_, key);
}

RowMatrixF HistoryModel::Scores(const IdBatch& ids) {
  std::vector<Ort::Value> inputs;
  inputs.push_back(IdTensor(ids));
  const auto results = RunSession(session_, path_, {input_name_}, inputs, {scores_});
  return ToScores(results[0], ids.rows(), path_ + ": output '" + scores_ + "'");
}

std::vector<FloatTensor> HistoryModel::Run(const IdBatch& ids,
                                           const std::vector<std::string>& outputs) {
  std::vector<Ort::Value> inputs;
  inputs.push_back(IdTensor(ids));
  const auto results = RunSession(session_, path_, {input_name_}, inputs, outputs);
  std::vector<FloatTensor> tensors;
  for (size_t i = 0; i < results.size(); ++i) {
    tensors.push_back(ToFloatTensor(results[i], path_ + ": output '" + outputs[i] + "'"));
  }
  return tensors;
}

EmbeddingHistoryModel::EmbeddingHistoryModel(const std::string& path, const std::string& scores)
    : path_(path), session_(OpenSingleThreadSession(path)) {
  const std::vector<std::string> inputs = InputNames(session_);
  for (size_t i = 0; i < inputs.size(); ++i) {
    const TensorType type = InputType(session_, i);
    if (type.element == ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT && type.shape.size() == 3) {
      embeddings_input_ = inputs[i];
    } else if (type.element == ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64 && type.shape.size() == 2) {
      ids_input_ = inputs[i];
    }
  }
  if (inputs.size() != 2 || embeddings_input_.empty() || ids_input_.empty()) {
    throw std::invalid_argument(path +
                                ": an embeddings model takes two inputs, a float tensor "
                                "[batch, L, d] of item embeddings and an int64 tensor [batch, L] "
                                "of item ids; its inputs are: " +
                                Listed(inputs));
  }
  scores_ = ScoresOutput(session_, path, scores);
}

RowMatrixF EmbeddingHistoryModel::Scores(ConstMatrixView embeddings, const IdBatch& ids,
                                         int64_t dim) {
  const auto memory = Ort::MemoryInfo::CreateCpu(OrtArenaAllocator, OrtMemTypeDefault);
  const std::vector<int64_t> shape{embeddings.rows(), ids.cols(), dim};
  std::vector<Ort::Value> inputs;
  inputs.push_back(Ort::Value::CreateTensor<float>(memory, const_cast<float*>(embeddings.data()),
                                                   static_cast<size_t>(embeddings.size()),
                                                   shape.data(), shape.size()));
  inputs.push_back(IdTensor(ids));
  const auto results =
      RunSession(session_, path_, {embeddings_input_, ids_input_}, inputs, {scores_});
  return ToScores(results[0], embeddings.rows(), path_ + ": output '" + scores_ + "'");
}

}  // namespace whyrec
