#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/link.h"

namespace whyrec {

// The pieces every family of the whyrec-distilled JSON format shares (README "Distilled
// models"): the header ("format", "version", "family", "link", "feature_names") and the number
// conventions. Each family's own fields are read by its model (DistilledModel for ga2m,
// ReadDistilledTrees for tree and rule_list).

using DistilledJson = nlohmann::ordered_json;

struct DistilledHeader {
  std::string family;  // "ga2m" when the file names none (files before families were added)
  Link link = Link::kIdentity;
  std::vector<std::string> feature_names;
};

// Reads and checks the header of a parsed whyrec-distilled document; `source` names the text in
// errors.
DistilledHeader ReadDistilledHeader(const DistilledJson& doc, const std::string& source);
// The header of a document of `family`, ready for the family's own fields.
DistilledJson DistilledHeaderJson(const std::string& family, Link link,
                                  const std::vector<std::string>& feature_names);
// The family of a whyrec-distilled text ("ga2m" when it names none; a family that is no string
// as its JSON), or "" when the text is no whyrec-distilled JSON.
std::string DistilledFamily(std::string_view text);

[[noreturn]] void FailDistilled(const std::string& source, const std::string& what);
// object[key], or an error naming `where` and the key.
const DistilledJson& DistilledField(const DistilledJson& object, const char* key,
                                    const std::string& source, const std::string& where);
// A finite number, or an error naming `where`.
double FiniteNumber(const DistilledJson& value, const std::string& source,
                    const std::string& where);
// The index of the feature a JSON string names, or an error naming `where`.
int FeatureIndex(const DistilledJson& name, const std::vector<std::string>& names,
                 const std::string& source, const std::string& where);
// The shortest decimal text that reads back as the same float32 (cuts and thresholds stay
// short: "0.143", not 0.14300000667572021).
DistilledJson FloatJson(float v);
// v rounded to `digits` significant digits (scores are written so; 17 keeps a double exact).
double RoundDigits(double v, int digits);

}  // namespace whyrec
