#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace whyrec {

// One ONNX node as plain data: its op type and attributes by name, without protobuf, so that the
// native reader (ONNX's protobuf classes) and the browser (protobufjs) hand the core the same
// thing. A scalar attribute (INT, FLOAT, STRING) is a list of one.
struct OnnxNodeAttributes {
  std::string op_type;
  std::map<std::string, std::vector<int64_t>> ints;
  std::map<std::string, std::vector<float>> floats;
  std::map<std::string, std::vector<std::string>> strings;
  std::vector<std::string> other;    // attributes of other types (tensors, graphs), by name only
  int64_t input_width = 0;           // the graph input's second dimension; 0 when not fixed
  std::vector<std::string> outputs;  // the node's output names
};

// Typed, size-checked access to an OnnxNodeAttributes; errors start with `source` and name the
// attribute.
class OnnxAttributeReader {
 public:
  OnnxAttributeReader(const OnnxNodeAttributes& node, std::string source);

  bool Has(const std::string& name) const;
  // An INTS/FLOATS/STRINGS attribute; empty when absent. `size` 0 accepts any length, otherwise
  // a present attribute must have exactly `size` entries. Floats must be finite.
  std::vector<int64_t> Ints(const std::string& name, size_t size) const;
  std::vector<float> Floats(const std::string& name, size_t size) const;
  std::vector<std::string> Strings(const std::string& name, size_t size) const;
  int64_t Int(const std::string& name, int64_t fallback) const;
  std::string String(const std::string& name, const std::string& fallback) const;

  [[noreturn]] void Fail(const std::string& what) const;

 private:
  void CheckSize(const std::string& name, size_t got, size_t expected) const;
  const OnnxNodeAttributes& node_;
  std::string source_;
};

}  // namespace whyrec
