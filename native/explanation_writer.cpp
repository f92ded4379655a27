#include "native/explanation_writer.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>

namespace whyrec {
namespace {

using Json = nlohmann::ordered_json;

void WriteString(const std::string& s, std::string& out) { out += Json(s).dump(); }

// One number per output, or an array of them when the model has several outputs.
template <typename Vector>
void WritePerOutput(const Vector& v, std::string& out) {
  if (v.size() == 1) {
    WriteNumber(v[0], out);
    return;
  }
  out += '[';
  for (Eigen::Index k = 0; k < v.size(); ++k) {
    if (k > 0) out += ',';
    WriteNumber(v[k], out);
  }
  out += ']';
}

// The most characters std::to_chars writes for a double in shortest form
// ("-2.2250738585072014e-308").
constexpr size_t kMaxNumberChars = 24;

char* WriteNumber(double x, char* p) {
  if (!std::isfinite(x)) return std::copy_n("null", 4, p);
  return std::to_chars(p, p + kMaxNumberChars, x).ptr;
}

// Players, each entry per output. Written through a pointer into room made once per row: an
// append per number cost as much as formatting the number.
void WritePlayers(const Eigen::MatrixXd& m, std::string& out) {
  const size_t start = out.size();
  const auto outputs = static_cast<size_t>(m.rows());
  const size_t entry = outputs * (kMaxNumberChars + 1) + 2;
  out.resize(start + 2 + static_cast<size_t>(m.cols()) * (entry + 1));
  char* p = &out[start];
  *p++ = '[';
  for (Eigen::Index g = 0; g < m.cols(); ++g) {
    if (g > 0) *p++ = ',';
    if (outputs == 1) {
      p = WriteNumber(m(0, g), p);
      continue;
    }
    *p++ = '[';
    for (Eigen::Index k = 0; k < m.rows(); ++k) {
      if (k > 0) *p++ = ',';
      p = WriteNumber(m(k, g), p);
    }
    *p++ = ']';
  }
  *p++ = ']';
  out.resize(static_cast<size_t>(p - out.data()));
}

// Rows x players, each entry per output.
void WritePlayerRows(const std::vector<Explanation>& rows,
                     const Eigen::MatrixXd Explanation::*field, std::string& out) {
  out += '[';
  for (size_t r = 0; r < rows.size(); ++r) {
    if (r > 0) out += ',';
    WritePlayers(rows[r].*field, out);
  }
  out += ']';
}

void WriteKey(const char* key, std::string& out) {
  out += '"';
  out += key;
  out += "\":";
}

}  // namespace

void WriteNumber(double x, std::string& out, const char* not_finite) {
  if (!std::isfinite(x)) {
    out += not_finite;
    return;
  }
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof(buffer), x);
  out.append(buffer, result.ptr);
}

void WriteJson(const Json& value, std::string& out) {
  switch (value.type()) {
    case Json::value_t::object: {
      out += '{';
      bool first = true;
      for (const auto& item : value.items()) {
        if (!first) out += ',';
        first = false;
        WriteString(item.key(), out);
        out += ':';
        WriteJson(item.value(), out);
      }
      out += '}';
      return;
    }
    case Json::value_t::array: {
      out += '[';
      for (size_t i = 0; i < value.size(); ++i) {
        if (i > 0) out += ',';
        WriteJson(value[i], out);
      }
      out += ']';
      return;
    }
    case Json::value_t::number_float:
      WriteNumber(value.get<double>(), out);
      return;
    default:
      out += value.dump();
  }
}

void WriteExplanationsJson(const std::vector<Explanation>& rows, const std::string& output_name,
                           const Json& settings, std::string& out) {
  if (rows.empty()) throw std::invalid_argument("no explained rows to write");
  const Explanation& first = rows.front();
  int64_t evaluations = 0;
  for (const auto& row : rows) {
    if (row.method != first.method || row.player_names != first.player_names) {
      throw std::invalid_argument("explained rows disagree on method or players");
    }
    evaluations = std::max(evaluations, row.evaluations);
  }
  out += '{';
  out += ExplanationLineHead(first, output_name);
  WriteKey("base_value", out);
  WritePerOutput(first.base_value, out);
  out += ',';
  WriteKey("values", out);
  WritePlayerRows(rows, &Explanation::values, out);
  out += ',';
  WriteKey("std_errors", out);
  WritePlayerRows(rows, &Explanation::std_errors, out);
  out += ',';
  WriteKey("model_output", out);
  out += '[';
  for (size_t r = 0; r < rows.size(); ++r) {
    if (r > 0) out += ',';
    WritePerOutput(rows[r].model_output, out);
  }
  out += "],";
  WriteKey("evaluations", out);
  out += std::to_string(evaluations);
  out += ',';
  WriteKey("seed", out);
  out += first.seed ? std::to_string(*first.seed) : "null";
  out += ',';
  WriteKey("settings", out);
  WriteJson(settings, out);
  for (const auto& field : first.extra.items()) {
    out += ',';
    WriteString(field.key(), out);
    out += ":[";
    for (size_t r = 0; r < rows.size(); ++r) {
      if (r > 0) out += ',';
      WriteJson(rows[r].extra.value(field.key(), Json(nullptr)), out);
    }
    out += ']';
  }
  out += '}';
}

std::string ExplanationLineHead(const Explanation& e, const std::string& output_name) {
  std::string head;
  WriteKey("method", head);
  WriteString(e.method, head);
  head += ',';
  WriteKey("output", head);
  WriteString(output_name, head);
  head += ',';
  WriteKey("feature_names", head);
  WriteJson(Json(e.player_names.list()), head);
  head += ',';
  return head;
}

void WriteExplanationLine(int64_t row, const Explanation& e, const std::string& head,
                          std::string& out) {
  out += "{\"row\":";
  out += std::to_string(row);
  out += ',';
  out += head;
  WriteKey("base_value", out);
  WritePerOutput(e.base_value, out);
  out += ',';
  WriteKey("values", out);
  WritePlayers(e.values, out);
  out += ',';
  WriteKey("std_errors", out);
  WritePlayers(e.std_errors, out);
  out += ',';
  WriteKey("model_output", out);
  WritePerOutput(e.model_output, out);
  out += ',';
  WriteKey("evaluations", out);
  out += std::to_string(e.evaluations);
  out += ',';
  WriteKey("seed", out);
  out += e.seed ? std::to_string(*e.seed) : "null";
  for (const auto& field : e.extra.items()) {
    out += ',';
    WriteString(field.key(), out);
    out += ':';
    WriteJson(field.value(), out);
  }
  out += "}\n";
}

}  // namespace whyrec
