// Reading a model's JSON takes far longer than using it (13-15 ms in the widget's core for the
// demo's 105 KB GA2M), and a page's widgets all name one model: the last model read from a text is
// kept while the same text comes back. A text that fails to read leaves it as it was.
#pragma once

#include <optional>
#include <string>

namespace whyrec::wasm {

// The model `read(text)` returns, read again only when `text` differs from the last one's. One
// kept model per Model type and call site (`Read` is each caller's own lambda).
template <typename Model, typename Read>
Model& LastModelRead(const std::string& text, Read read) {
  static std::string last_text;
  static std::optional<Model> last;
  if (!last || text != last_text) {
    last.emplace(read(text));
    last_text = text;
  }
  return *last;
}

}  // namespace whyrec::wasm
