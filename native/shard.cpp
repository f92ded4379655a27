#include "native/shard.h"

#include <charconv>
#include <stdexcept>

namespace whyrec {
namespace {

bool ParseCount(const std::string& text, int64_t* value) {
  const char* end = text.data() + text.size();
  const auto [ptr, error] = std::from_chars(text.data(), end, *value);
  return !text.empty() && error == std::errc() && ptr == end && *value >= 0;
}

}  // namespace

Shard ParseShard(const std::string& text) {
  const auto slash = text.find('/');
  Shard shard;
  if (slash == std::string::npos || !ParseCount(text.substr(0, slash), &shard.index) ||
      !ParseCount(text.substr(slash + 1), &shard.count) || shard.count < 1 ||
      shard.index >= shard.count) {
    throw std::invalid_argument("--shard '" + text +
                                "': expected i/n with 0 <= i < n (the i-th of n parts, from 0)");
  }
  return shard;
}

RowRange ShardRows(const RowRange& rows, const Shard& shard) {
  // In 128 bits: size * index cannot overflow.
  const auto size = static_cast<__int128>(rows.size());
  const auto at = [&](int64_t i) {
    return rows.begin + static_cast<Eigen::Index>(size * i / shard.count);
  };
  return {at(shard.index), at(shard.index + 1)};
}

}  // namespace whyrec
