#pragma once

#include <string>
#include <string_view>

namespace whyrec {

// Whether `bytes` begin with gzip's magic number (1f 8b).
bool IsGzip(std::string_view bytes);

// The decompressed content of a gzip file (all its members). Throws std::invalid_argument
// naming `source` when the data is corrupt or truncated.
std::string Gunzip(std::string_view bytes, const std::string& source);

// `bytes` compressed as one gzip member at zlib's level 9 (what `gzip -9` writes, for sizes).
std::string Gzip(std::string_view bytes);

}  // namespace whyrec
