#include "core/models/onnx_attributes.h"

#include <cmath>
#include <stdexcept>
#include <utility>

namespace whyrec {
namespace {

template <typename T>
const std::vector<T>* Find(const std::map<std::string, std::vector<T>>& map,
                           const std::string& name) {
  const auto it = map.find(name);
  return it == map.end() ? nullptr : &it->second;
}

}  // namespace

OnnxAttributeReader::OnnxAttributeReader(const OnnxNodeAttributes& node, std::string source)
    : node_(node), source_(std::move(source)) {}

bool OnnxAttributeReader::Has(const std::string& name) const {
  if (node_.ints.count(name) || node_.floats.count(name) || node_.strings.count(name)) return true;
  for (const std::string& other : node_.other) {
    if (other == name) return true;
  }
  return false;
}

void OnnxAttributeReader::Fail(const std::string& what) const {
  throw std::invalid_argument(source_ + ": " + what);
}

void OnnxAttributeReader::CheckSize(const std::string& name, size_t got, size_t expected) const {
  if (expected != 0 && got != expected) {
    Fail(name + " has " + std::to_string(got) + " entries, expected " + std::to_string(expected));
  }
}

std::vector<int64_t> OnnxAttributeReader::Ints(const std::string& name, size_t size) const {
  const auto* v = Find(node_.ints, name);
  if (!v) return {};
  CheckSize(name, v->size(), size);
  return *v;
}

std::vector<float> OnnxAttributeReader::Floats(const std::string& name, size_t size) const {
  const auto* v = Find(node_.floats, name);
  if (!v) return {};
  CheckSize(name, v->size(), size);
  for (size_t i = 0; i < v->size(); ++i) {
    if (!std::isfinite((*v)[i])) Fail(name + "[" + std::to_string(i) + "] is not finite");
  }
  return *v;
}

std::vector<std::string> OnnxAttributeReader::Strings(const std::string& name, size_t size) const {
  const auto* v = Find(node_.strings, name);
  if (!v) return {};
  CheckSize(name, v->size(), size);
  return *v;
}

int64_t OnnxAttributeReader::Int(const std::string& name, int64_t fallback) const {
  const auto* v = Find(node_.ints, name);
  if (!v) return fallback;
  if (v->size() != 1) Fail(name + " must be a single integer");
  return v->front();
}

std::string OnnxAttributeReader::String(const std::string& name,
                                        const std::string& fallback) const {
  const auto* v = Find(node_.strings, name);
  if (!v) return fallback;
  if (v->size() != 1) Fail(name + " must be a single string");
  return v->front();
}

}  // namespace whyrec
