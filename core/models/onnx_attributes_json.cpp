#include "core/models/onnx_attributes_json.h"

#include <cmath>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace whyrec {
namespace {

using Json = nlohmann::json;

[[noreturn]] void Fail(const std::string& source, const std::string& what) {
  throw std::invalid_argument(source + ": " + what);
}

const Json& Object(const Json& json, const char* key, const std::string& source) {
  static const Json kEmpty = Json::object();
  if (!json.contains(key)) return kEmpty;
  if (!json[key].is_object()) Fail(source, std::string(key) + " must be an object");
  return json[key];
}

// Each value of json[key] as an array whose entries pass `read`.
template <typename T, typename Read>
void ReadArrays(const Json& json, const char* key, const std::string& source, Read read,
                std::map<std::string, std::vector<T>>& out) {
  for (const auto& [name, values] : Object(json, key, source).items()) {
    const std::string where = std::string(key) + "." + name;
    if (!values.is_array()) Fail(source, where + " must be an array");
    std::vector<T>& v = out[name];
    v.reserve(values.size());
    for (size_t i = 0; i < values.size(); ++i) {
      v.push_back(read(values[i], where + "[" + std::to_string(i) + "]"));
    }
  }
}

}  // namespace

OnnxNodeAttributes OnnxNodeAttributesFromJson(const std::string& text, const std::string& source) {
  const Json json = Json::parse(text, nullptr, false);
  if (json.is_discarded() || !json.is_object()) Fail(source, "not a JSON object");
  OnnxNodeAttributes out;
  if (!json.contains("op_type") || !json["op_type"].is_string()) {
    Fail(source, "op_type must be a string");
  }
  out.op_type = json["op_type"].get<std::string>();
  if (json.contains("input_width")) {
    if (!json["input_width"].is_number_integer()) Fail(source, "input_width must be an integer");
    out.input_width = json["input_width"].get<int64_t>();
  }
  ReadArrays<int64_t>(
      json, "ints", source,
      [&](const Json& v, const std::string& where) {
        if (!v.is_number_integer()) Fail(source, where + " must be an integer");
        return v.get<int64_t>();
      },
      out.ints);
  ReadArrays<float>(
      json, "floats", source,
      [&](const Json& v, const std::string& where) {
        if (v.is_null()) return NAN;
        if (!v.is_number()) Fail(source, where + " must be a number");
        return static_cast<float>(v.get<double>());
      },
      out.floats);
  ReadArrays<std::string>(
      json, "strings", source,
      [&](const Json& v, const std::string& where) {
        if (!v.is_string()) Fail(source, where + " must be a string");
        return v.get<std::string>();
      },
      out.strings);
  for (const char* key : {"outputs", "other"}) {
    if (!json.contains(key)) continue;
    if (!json[key].is_array()) Fail(source, std::string(key) + " must be an array of names");
    for (const Json& name : json[key]) {
      if (!name.is_string()) Fail(source, std::string(key) + " must be an array of names");
      (std::string(key) == "outputs" ? out.outputs : out.other).push_back(name.get<std::string>());
    }
  }
  return out;
}

}  // namespace whyrec
