#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace whyrec {

// JSON text as nlohmann's DOM, lexed by RapidJSON (rapid_json_events.h: numbers exact, and five
// times as fast as nlohmann's lexer in WebAssembly). Throws std::invalid_argument
// "<source>: not valid JSON at byte N: <reason>".
nlohmann::ordered_json ParseJsonDom(std::string_view text, const std::string& source);

}  // namespace whyrec
