#include "native/read_text.h"

#include <fstream>
#include <iterator>
#include <stdexcept>

namespace whyrec {

std::string ReadText(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw std::invalid_argument("cannot open '" + path + "'");
  return std::string(std::istreambuf_iterator<char>(file), {});
}

}  // namespace whyrec
