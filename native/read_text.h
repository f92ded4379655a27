#pragma once

#include <string>

namespace whyrec {

// The whole file as bytes; a missing or unreadable file is an error naming it.
std::string ReadText(const std::string& path);

}  // namespace whyrec
