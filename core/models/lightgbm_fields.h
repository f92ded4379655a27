#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace whyrec {

// One block of a LightGBM text model: its key=value lines (the header, or one Tree=i block),
// read as LightGBM reads them, by key in any order. Every error names the source, the line and
// the key.
class LightgbmFields {
 public:
  LightgbmFields(std::string source, std::string block)
      : source_(std::move(source)), block_(std::move(block)) {}

  // Records `line` (number `line_number`, from 1); lines without '=' are flags (average_output).
  void Add(std::string_view line, int line_number);

  bool Has(const std::string& key) const { return values_.count(key) > 0; }
  const std::string& Text(const std::string& key) const;
  int64_t Integer(const std::string& key) const;
  // Space-separated values; `count` is the number expected (-1: any).
  std::vector<double> Doubles(const std::string& key, int64_t count) const;
  std::vector<int64_t> Integers(const std::string& key, int64_t count) const;
  std::vector<std::string> Words(const std::string& key) const;

  [[noreturn]] void Fail(const std::string& key, const std::string& what) const;
  [[noreturn]] void FailBlock(const std::string& what) const;

 private:
  struct Value {
    std::string text;
    int line;
  };
  const Value& Find(const std::string& key) const;
  template <typename T>
  std::vector<T> Numbers(const std::string& key, int64_t count, const char* kind) const;

  std::string source_;
  std::string block_;
  int first_line_ = 0;
  std::map<std::string, Value> values_;
};

}  // namespace whyrec
