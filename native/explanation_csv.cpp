#include "native/explanation_csv.h"

#include "native/explanation_writer.h"

namespace whyrec {
namespace {

void WriteCell(const std::string& text, std::string& out) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) {
    out += text;
    return;
  }
  out += '"';
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

// `name`, or name[0]..name[k-1] for k outputs.
void WriteNames(const std::string& name, Eigen::Index outputs, std::string& out) {
  for (Eigen::Index k = 0; k < outputs; ++k) {
    out += ',';
    WriteCell(outputs == 1 ? name : name + "[" + std::to_string(k) + "]", out);
  }
}

void WriteNumbers(const Eigen::VectorXd& values, std::string& out) {
  for (Eigen::Index k = 0; k < values.size(); ++k) {
    out += ',';
    WriteNumber(values[k], out, "");
  }
}

}  // namespace

std::string ExplanationCsvHeader(const Explanation& first) {
  const Eigen::Index outputs = first.values.rows();
  std::string header = "row";
  WriteNames("base_value", outputs, header);
  for (const auto& player : first.player_names) WriteNames(player, outputs, header);
  WriteNames("model_output", outputs, header);
  header += '\n';
  return header;
}

void WriteExplanationCsvLine(int64_t row, const Explanation& e, std::string& out) {
  out += std::to_string(row);
  WriteNumbers(e.base_value, out);
  for (Eigen::Index g = 0; g < e.values.cols(); ++g) WriteNumbers(e.values.col(g), out);
  WriteNumbers(e.model_output, out);
  out += '\n';
}

}  // namespace whyrec
