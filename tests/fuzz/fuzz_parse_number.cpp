// Fuzz target for the CSV cells' number parser: any text must read as std::from_chars reads it
// (bit for bit, after a leading '+'; its fast path for plain decimals included), and an out of
// range text as strtod reads it.
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <system_error>

#include "native/parse_number.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::string_view unsigned_text = text;
  if (text.size() > 1 && text[0] == '+' && text[1] != '-' && text[1] != '+') {
    unsigned_text.remove_prefix(1);
  }
  const char* end = unsigned_text.data() + unsigned_text.size();
  double expected = 0;
  const auto [ptr, error] = std::from_chars(unsigned_text.data(), end, expected);
  const bool number = ptr == end && error != std::errc::invalid_argument;
  if (number && error == std::errc::result_out_of_range) {
    expected = std::strtod(std::string(unsigned_text).c_str(), nullptr);
  }
  double value = 0;
  if (whyrec::ParseNumber(text, &value) != number) __builtin_trap();
  if (number && std::memcmp(&value, &expected, sizeof value) != 0 && value == value) {
    __builtin_trap();
  }
  return 0;
}
