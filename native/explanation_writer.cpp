#include "native/explanation_writer.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "native/shortest_number.h"

namespace whyrec {
namespace {

using Json = nlohmann::ordered_json;

void WriteString(const std::string& s, std::string& out) { out += Json(s).dump(); }

// `x` at `p` (room for kShortestNumberRoom), the shortest digits that read back; null for NaN
// and infinities. Returns the end, at most kMaxShortestNumberChars on.
char* FormatNumber(double x, char* p) {
  if (!std::isfinite(x)) return std::copy_n("null", 4, p);
  return WriteShortestNumber(x, p);
}

// One number per output, or an array of them when the model has several outputs, at `p` (room
// for PerOutputChars(size), plus AppendFormatted's slack after the last). Returns the end.
template <typename Vector>
char* FormatPerOutput(const Vector& v, char* p) {
  if (v.size() == 1) return FormatNumber(v[0], p);
  *p++ = '[';
  for (Eigen::Index k = 0; k < v.size(); ++k) {
    if (k > 0) *p++ = ',';
    p = FormatNumber(v[k], p);
  }
  *p++ = ']';
  return p;
}

size_t PerOutputChars(Eigen::Index outputs) {
  return static_cast<size_t>(outputs) * (kMaxShortestNumberChars + 1) + 2;
}

// Text is formatted through a pointer into room made once (for a row, or a vector), then the
// string is cut to what was written: an append per number cost as much as formatting it. The
// room gets the slack the last number's WriteShortestNumber copies past its end.
template <typename Format>
void AppendFormatted(size_t room, std::string& out, const Format& format) {
  const size_t start = out.size();
  out.resize(start + room + (kShortestNumberRoom - kMaxShortestNumberChars));
  char* end = format(&out[start]);
  out.resize(static_cast<size_t>(end - out.data()));
}

template <typename Vector>
void WritePerOutput(const Vector& v, std::string& out) {
  AppendFormatted(PerOutputChars(v.size()), out, [&](char* p) { return FormatPerOutput(v, p); });
}

// Players, each entry per output.
void WritePlayers(const Eigen::MatrixXd& m, std::string& out) {
  const size_t room = 2 + static_cast<size_t>(m.cols()) * (PerOutputChars(m.rows()) + 1);
  AppendFormatted(room, out, [&](char* p) {
    *p++ = '[';
    for (Eigen::Index g = 0; g < m.cols(); ++g) {
      if (g > 0) *p++ = ',';
      p = FormatPerOutput(m.col(g), p);
    }
    *p++ = ']';
    return p;
  });
}

// Hands `out` to `spill` once it is large; a few hundred kilobytes make a write cheap next to
// formatting them.
void MaybeSpill(std::string& out, const TextSpill& spill) {
  constexpr size_t kSpillBytes = size_t{256} << 10;
  if (spill && out.size() >= kSpillBytes) spill(out);
}

// Rows x players, each entry per output.
void WritePlayerRows(const std::vector<Explanation>& rows,
                     const Eigen::MatrixXd Explanation::*field, std::string& out,
                     const TextSpill& spill) {
  out += '[';
  for (size_t r = 0; r < rows.size(); ++r) {
    if (r > 0) out += ',';
    WritePlayers(rows[r].*field, out);
    MaybeSpill(out, spill);
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
  // Appended from a buffer: one number alone gains nothing from AppendFormatted's room.
  if (!std::isfinite(x)) {
    out += not_finite;
    return;
  }
  char buffer[kShortestNumberRoom];
  out.append(buffer, FormatNumber(x, buffer));
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
                           const Json& settings, std::string& out, const TextSpill& spill) {
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
  WritePlayerRows(rows, &Explanation::values, out, spill);
  out += ',';
  WriteKey("std_errors", out);
  WritePlayerRows(rows, &Explanation::std_errors, out, spill);
  out += ',';
  WriteKey("model_output", out);
  out += '[';
  for (size_t r = 0; r < rows.size(); ++r) {
    if (r > 0) out += ',';
    WritePerOutput(rows[r].model_output, out);
    MaybeSpill(out, spill);
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
