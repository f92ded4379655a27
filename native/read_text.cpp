#include "native/read_text.h"

#include <fstream>
#include <iterator>
#include <stdexcept>

namespace whyrec {

std::string ReadText(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw std::invalid_argument("cannot open '" + path + "'");
  // A regular file is read in one piece into a string of its size: growing the string a
  // character at a time copied a 2.6 MB model several times over (a tenth of its load time).
  // Pipes and other unsized files are read as a stream.
  file.seekg(0, std::ios::end);
  const std::streamoff size = file.tellg();
  if (size >= 0) {
    std::string text(static_cast<size_t>(size), '\0');
    file.seekg(0, std::ios::beg);
    file.read(text.data(), size);
    if (file.gcount() == size) return text;
  }
  file.clear();
  file.seekg(0, std::ios::beg);
  file.clear();  // an unseekable file stays where it was: at its start
  return std::string(std::istreambuf_iterator<char>(file), {});
}

}  // namespace whyrec
