#include "core/json_dom.h"

#include <stdexcept>

#include "core/rapid_json_events.h"

namespace whyrec {

nlohmann::ordered_json ParseJsonDom(std::string_view text, const std::string& source) {
  nlohmann::ordered_json doc;
  nlohmann::detail::json_sax_dom_parser<nlohmann::ordered_json> dom(doc, false);
  const std::string error = ReadJsonEvents(text, dom);
  if (!error.empty()) throw std::invalid_argument(source + ": " + error);
  return doc;
}

}  // namespace whyrec
