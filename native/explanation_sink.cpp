#include "native/explanation_sink.h"

#include <charconv>
#include <stdexcept>

#include "native/explanation_csv.h"
#include "native/explanation_writer.h"

namespace whyrec {
namespace {

// The single document needs every row before its first number: rows are kept until Finish.
class JsonDocumentSink : public ExplanationSink {
 public:
  explicit JsonDocumentSink(std::string output_name) : output_name_(std::move(output_name)) {}
  void Write(int64_t, std::vector<Explanation> rows, std::string&) override {
    for (auto& row : rows) rows_.push_back(std::move(row));
  }
  void Finish(const nlohmann::ordered_json& settings, std::string& out) override {
    nlohmann::ordered_json written =
        rows_.empty() ? nlohmann::ordered_json::object() : rows_.front().settings;
    for (const auto& item : settings.items()) written[item.key()] = item.value();
    WriteExplanationsJson(rows_, output_name_, written, out);
    out += '\n';
  }

 private:
  std::string output_name_;
  std::vector<Explanation> rows_;
};

// What every line of one job shares: method, output and feature names.
std::string LineSignature(const std::string& line) {
  const size_t begin = line.find(',');
  const size_t end = line.find(",\"base_value\":");
  return begin < end && end != std::string::npos ? line.substr(begin, end - begin) : line;
}

// A resumed file's lines must come from this job: its first line's signature must be this job's.
class JsonLinesSink : public ExplanationSink {
 public:
  JsonLinesSink(std::string output_name, const std::string& resumed_first_line)
      : output_name_(std::move(output_name)),
        resumed_signature_(resumed_first_line.empty() ? "" : LineSignature(resumed_first_line)) {}
  void Write(int64_t first_row, std::vector<Explanation> rows, std::string& out) override {
    const size_t start = out.size();
    for (size_t i = 0; i < rows.size(); ++i) {
      WriteExplanationLine(first_row + static_cast<int64_t>(i), rows[i], output_name_, out);
    }
    if (!resumed_signature_.empty() && !rows.empty()) {
      if (LineSignature(out.substr(start, out.find('\n', start) - start)) != resumed_signature_) {
        throw std::invalid_argument(
            "--resume: the partial output's lines are not this job's (another method, output or "
            "columns): remove it or drop --resume");
      }
      resumed_signature_.clear();
    }
  }
  void Finish(const nlohmann::ordered_json&, std::string&) override {}

 private:
  std::string output_name_;
  std::string resumed_signature_;
};

// The header comes with the first row (it names the players and outputs); a resumed file has
// its header already, which must be this job's.
class CsvSink : public ExplanationSink {
 public:
  explicit CsvSink(std::string resumed_header) : resumed_header_(std::move(resumed_header)) {}
  void Write(int64_t first_row, std::vector<Explanation> rows, std::string& out) override {
    if (rows.empty()) return;
    if (!header_written_) {
      const std::string header = ExplanationCsvHeader(rows.front());
      if (resumed_header_.empty()) {
        out += header;
      } else if (resumed_header_ + '\n' != header) {
        throw std::invalid_argument(
            "--resume: the partial output's header is not this job's (other columns or model "
            "outputs): remove it or drop --resume");
      }
      header_written_ = true;
    }
    for (size_t i = 0; i < rows.size(); ++i) {
      WriteExplanationCsvLine(first_row + static_cast<int64_t>(i), rows[i], out);
    }
  }
  void Finish(const nlohmann::ordered_json&, std::string&) override {}

 private:
  std::string resumed_header_;
  bool header_written_ = false;
};

}  // namespace

OutputFormat ParseOutputFormat(const std::string& name) {
  if (name == "json") return OutputFormat::kJson;
  if (name == "jsonl") return OutputFormat::kJsonLines;
  if (name == "csv") return OutputFormat::kCsv;
  throw std::invalid_argument("--format '" + name + "': expected json, jsonl or csv");
}

bool IsStreamed(OutputFormat format) { return format != OutputFormat::kJson; }

std::unique_ptr<ExplanationSink> MakeExplanationSink(OutputFormat format,
                                                     const std::string& output_name,
                                                     const std::string& resumed_first_line) {
  switch (format) {
    case OutputFormat::kJson:
      return std::make_unique<JsonDocumentSink>(output_name);
    case OutputFormat::kJsonLines:
      return std::make_unique<JsonLinesSink>(output_name, resumed_first_line);
    case OutputFormat::kCsv:
      return std::make_unique<CsvSink>(resumed_first_line);
  }
  throw std::logic_error("unknown output format");
}

int64_t StreamedLineRow(OutputFormat format, const std::string& line) {
  const std::string prefix = format == OutputFormat::kJsonLines ? "{\"row\":" : "";
  if (line.compare(0, prefix.size(), prefix) != 0) return -1;
  int64_t row = -1;
  const char* begin = line.data() + prefix.size();
  const char* end = line.data() + line.size();
  const auto [ptr, error] = std::from_chars(begin, end, row);
  if (error != std::errc() || ptr == end || *ptr != ',') return -1;
  return row;
}

}  // namespace whyrec
