#include "native/explanation_sink.h"

#include <charconv>
#include <functional>
#include <mutex>
#include <stdexcept>

#include "native/explanation_csv.h"
#include "native/explanation_writer.h"
#include "native/parallel_rows.h"

namespace whyrec {
namespace {

// The single document needs every row before its first number: rows are kept until Finish.
class JsonDocumentSink : public ExplanationSink {
 public:
  explicit JsonDocumentSink(std::string output_name) : output_name_(std::move(output_name)) {}
  void Write(int64_t, std::vector<Explanation> rows, std::string&) override {
    for (auto& row : rows) {
      // The document writes one settings object, the first row's: the others' would be held
      // until the end for nothing (a third of a 12-feature TreeSHAP row's memory).
      if (!rows_.empty()) row.settings = nullptr;
      rows_.push_back(std::move(row));
    }
  }
  void Finish(const nlohmann::ordered_json& settings, std::string& out,
              const TextSpill& spill) override {
    nlohmann::ordered_json written =
        rows_.empty() ? nlohmann::ordered_json::object() : rows_.front().settings;
    for (const auto& item : settings.items()) written[item.key()] = item.value();
    WriteExplanationsJson(rows_, output_name_, written, out, spill);
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

// Formats rows on `threads` threads (each row's text depends on that row only), then appends
// them in order.
void AppendRows(const std::vector<Explanation>& rows, int threads,
                const std::function<void(const Explanation&, size_t, std::string&)>& format,
                std::string& out) {
  std::vector<std::string> texts(rows.size());
  ParallelRows(
      0, static_cast<int64_t>(rows.size()), threads,
      [&](int64_t r) { format(rows[r], static_cast<size_t>(r), texts[r]); }, [] {}, 256);
  for (const auto& text : texts) out += text;
}

// A resumed file's lines must come from this job: its first line's signature must be this job's.
class JsonLinesSink : public ExplanationSink {
 public:
  JsonLinesSink(std::string output_name, const std::string& resumed_first_line, int threads)
      : output_name_(std::move(output_name)),
        resumed_signature_(resumed_first_line.empty() ? "" : LineSignature(resumed_first_line)),
        threads_(threads) {}
  void Write(int64_t first_row, std::vector<Explanation> rows, std::string& out) override {
    if (rows.empty()) return;
    const size_t start = out.size();
    AppendRows(
        rows, threads_,
        [&](const Explanation& e, size_t i, std::string& text) {
          const int64_t row = first_row + static_cast<int64_t>(i);
          const std::string* shared = SharedHead(e);
          WriteExplanationLine(row, e, shared ? *shared : ExplanationLineHead(e, output_name_),
                               text);
        },
        out);
    if (!resumed_signature_.empty()) {
      if (LineSignature(out.substr(start, out.find('\n', start) - start)) != resumed_signature_) {
        throw std::invalid_argument(
            "--resume: the partial output's lines are not this job's (another method, output or "
            "columns): remove it or drop --resume");
      }
      resumed_signature_.clear();
    }
  }
  void Finish(const nlohmann::ordered_json&, std::string&, const TextSpill&) override {}

 private:
  // The fields rows share, formatted once from the first row; null for a row whose differ (no
  // method gives one, but the line must still be right).
  const std::string* SharedHead(const Explanation& e) {
    std::call_once(head_once_, [&] {
      head_ = ExplanationLineHead(e, output_name_);
      head_method_ = e.method;
      head_players_ = e.player_names;
    });
    return e.method == head_method_ && e.player_names == head_players_ ? &head_ : nullptr;
  }

  std::string output_name_;
  std::string resumed_signature_;
  int threads_;
  std::once_flag head_once_;
  std::string head_;
  std::string head_method_;
  PlayerNames head_players_;
};

// The header comes with the first row (it names the players and outputs); a resumed file has
// its header already, which must be this job's.
class CsvSink : public ExplanationSink {
 public:
  CsvSink(std::string resumed_header, int threads)
      : resumed_header_(std::move(resumed_header)), threads_(threads) {}
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
    AppendRows(
        rows, threads_,
        [&](const Explanation& e, size_t i, std::string& text) {
          WriteExplanationCsvLine(first_row + static_cast<int64_t>(i), e, text);
        },
        out);
  }
  void Finish(const nlohmann::ordered_json&, std::string&, const TextSpill&) override {}

 private:
  std::string resumed_header_;
  int threads_;
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
                                                     const std::string& resumed_first_line,
                                                     int threads) {
  switch (format) {
    case OutputFormat::kJson:
      return std::make_unique<JsonDocumentSink>(output_name);
    case OutputFormat::kJsonLines:
      return std::make_unique<JsonLinesSink>(output_name, resumed_first_line, threads);
    case OutputFormat::kCsv:
      return std::make_unique<CsvSink>(resumed_first_line, threads);
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
