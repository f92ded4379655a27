#include "core/models/lightgbm_fields.h"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <stdexcept>

namespace whyrec {
namespace {

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

// strtod rounds correctly (glibc, and musl in WebAssembly), and the WebAssembly build already
// links it for JSON; Emscripten's libc++ has no floating-point std::from_chars. Underflow to a
// subnormal or zero is a number; overflow is not.
bool ParseNumber(const std::string& word, double& out) {
  char* end = nullptr;
  errno = 0;
  out = std::strtod(word.c_str(), &end);
  const bool overflow = errno == ERANGE && std::abs(out) > 1;
  return !word.empty() && end == word.c_str() + word.size() && !overflow;
}

bool ParseNumber(const std::string& word, int64_t& out) {
  const auto [end, error] = std::from_chars(word.data(), word.data() + word.size(), out);
  return error == std::errc() && end == word.data() + word.size();
}

}  // namespace

void LightgbmFields::Add(std::string_view line, int line_number) {
  if (first_line_ == 0) first_line_ = line_number;
  const auto eq = line.find('=');
  const std::string key(TrimSpaces(line.substr(0, eq)));
  const std::string_view value =
      eq == std::string_view::npos ? std::string_view() : TrimSpaces(line.substr(eq + 1));
  if (values_.count(key)) {
    throw std::invalid_argument(source_ + ", line " + std::to_string(line_number) + " (" + block_ +
                                "): '" + key + "' appears twice");
  }
  values_[key] = Value{std::string(value), line_number};
}

void LightgbmFields::Fail(const std::string& key, const std::string& what) const {
  const auto it = values_.find(key);
  const int line = it == values_.end() ? first_line_ : it->second.line;
  throw std::invalid_argument(source_ + ", line " + std::to_string(line) + " (" + block_ +
                              "): " + key + ": " + what);
}

void LightgbmFields::FailBlock(const std::string& what) const {
  throw std::invalid_argument(source_ + ", line " + std::to_string(first_line_) + " (" + block_ +
                              "): " + what);
}

const LightgbmFields::Value& LightgbmFields::Find(const std::string& key) const {
  const auto it = values_.find(key);
  if (it == values_.end()) FailBlock("no '" + key + "=' line");
  return it->second;
}

const std::string& LightgbmFields::Text(const std::string& key) const { return Find(key).text; }

int64_t LightgbmFields::Integer(const std::string& key) const {
  const std::vector<int64_t> values = Integers(key, 1);
  return values[0];
}

std::vector<std::string> LightgbmFields::Words(const std::string& key) const {
  std::vector<std::string> words;
  std::string_view rest = Text(key);
  while (!rest.empty()) {
    const auto space = rest.find(' ');
    const std::string_view word = rest.substr(0, space);
    if (!word.empty()) words.emplace_back(word);
    if (space == std::string_view::npos) break;
    rest.remove_prefix(space + 1);
  }
  return words;
}

template <typename T>
std::vector<T> LightgbmFields::Numbers(const std::string& key, int64_t count,
                                       const char* kind) const {
  const std::vector<std::string> words = Words(key);
  if (count >= 0 && static_cast<int64_t>(words.size()) != count) {
    Fail(key, "has " + std::to_string(words.size()) + " values, expected " + std::to_string(count));
  }
  std::vector<T> values(words.size());
  for (size_t i = 0; i < words.size(); ++i) {
    if (!ParseNumber(words[i], values[i])) {
      Fail(key, "value " + std::to_string(i) + " '" + words[i] + "' is not " + kind);
    }
  }
  return values;
}

std::vector<double> LightgbmFields::Doubles(const std::string& key, int64_t count) const {
  return Numbers<double>(key, count, "a number");
}

std::vector<int64_t> LightgbmFields::Integers(const std::string& key, int64_t count) const {
  return Numbers<int64_t>(key, count, "an integer");
}

}  // namespace whyrec
