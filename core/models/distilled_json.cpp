#include "core/models/distilled_json.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

namespace whyrec {
namespace {

constexpr char kFormat[] = "whyrec-distilled";
constexpr int kVersion = 1;

}  // namespace

void FailDistilled(const std::string& source, const std::string& what) {
  throw std::invalid_argument(source + ": " + what);
}

const DistilledJson& DistilledField(const DistilledJson& object, const char* key,
                                    const std::string& source, const std::string& where) {
  if (!object.contains(key)) FailDistilled(source, where + " has no \"" + key + "\"");
  return object[key];
}

double FiniteNumber(const DistilledJson& value, const std::string& source,
                    const std::string& where) {
  if (!value.is_number()) FailDistilled(source, where + " must be a number, got " + value.dump());
  const double x = value.get<double>();
  if (!std::isfinite(x)) FailDistilled(source, where + " must be finite");
  return x;
}

int FeatureIndex(const DistilledJson& name, const std::vector<std::string>& names,
                 const std::string& source, const std::string& where) {
  if (!name.is_string()) FailDistilled(source, where + " must name a feature (a string)");
  const auto it = std::find(names.begin(), names.end(), name.get<std::string>());
  if (it == names.end()) {
    FailDistilled(source,
                  where + " names feature " + name.dump() + ", which is not in \"feature_names\"");
  }
  return static_cast<int>(it - names.begin());
}

DistilledJson FloatJson(float v) {
  char text[32];
  for (int digits = 6; digits <= 9; ++digits) {
    std::snprintf(text, sizeof text, "%.*g", digits, static_cast<double>(v));
    if (std::strtof(text, nullptr) == v) break;
  }
  return std::strtod(text, nullptr);
}

double RoundDigits(double v, int digits) {
  char text[40];
  std::snprintf(text, sizeof text, "%.*g", digits, v);
  return std::strtod(text, nullptr);
}

DistilledHeader ReadDistilledHeader(const DistilledJson& doc, const std::string& source) {
  if (!doc.is_object() || doc.value("format", DistilledJson()) != kFormat) {
    FailDistilled(source, std::string("a distilled model is a JSON object with \"format\": \"") +
                              kFormat + "\"");
  }
  const DistilledJson& version = DistilledField(doc, "version", source, "the model");
  if (version != kVersion) {
    FailDistilled(source, "\"version\" " + version.dump() + " is not supported (this build reads " +
                              std::to_string(kVersion) + ")");
  }
  DistilledHeader header;
  const DistilledJson family = doc.value("family", DistilledJson("ga2m"));
  if (!family.is_string()) FailDistilled(source, "\"family\" must be a string");
  header.family = family.get<std::string>();
  const DistilledJson& link_name = DistilledField(doc, "link", source, "the model");
  if (link_name != "identity" && link_name != "logit") {
    FailDistilled(source, "\"link\" must be \"identity\" or \"logit\", got " + link_name.dump());
  }
  header.link = link_name == "logit" ? Link::kLogit : Link::kIdentity;
  const DistilledJson& names = DistilledField(doc, "feature_names", source, "the model");
  if (!names.is_array() || names.empty()) {
    FailDistilled(source, "\"feature_names\" must be a non-empty array of strings");
  }
  for (const DistilledJson& name : names) {
    if (!name.is_string()) FailDistilled(source, "\"feature_names\" must be an array of strings");
    const std::string text = name.get<std::string>();
    if (std::find(header.feature_names.begin(), header.feature_names.end(), text) !=
        header.feature_names.end()) {
      FailDistilled(source, "feature " + name.dump() + " appears twice in \"feature_names\"");
    }
    header.feature_names.push_back(text);
  }
  return header;
}

DistilledJson DistilledHeaderJson(const std::string& family, Link link,
                                  const std::vector<std::string>& feature_names) {
  DistilledJson doc;
  doc["format"] = kFormat;
  doc["version"] = kVersion;
  doc["family"] = family;
  doc["link"] = LinkName(link);
  doc["feature_names"] = feature_names;
  return doc;
}

std::string DistilledFamily(std::string_view text) {
  const DistilledJson doc = DistilledJson::parse(text, nullptr, false);
  if (!doc.is_object() || doc.value("format", DistilledJson()) != kFormat) return "";
  const DistilledJson family = doc.value("family", DistilledJson("ga2m"));
  return family.is_string() ? family.get<std::string>() : family.dump();
}

}  // namespace whyrec
