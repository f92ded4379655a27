#pragma once

#include <nlohmann/json.hpp>

#include "core/distill/surrogate_search.h"

namespace whyrec {

// A search's front JSON without the fit times, which vary from run to run: what two searches with
// the same seed must agree on.
inline nlohmann::ordered_json FrontWithoutTimes(const SearchResult& result,
                                                const SearchOptions& options) {
  nlohmann::ordered_json front = FrontJson(result, options);
  for (auto& c : front["candidates"]) c.erase("fit_seconds");
  return front;
}

}  // namespace whyrec
