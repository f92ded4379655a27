#include "native/csv_table.h"

#include <csv.h>

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "core/byte_order_mark.h"
#include "native/csv_row_stream.h"
#include "native/numeric_csv_reader.h"

namespace whyrec {
namespace {

// libcsv hands fields and record ends to callbacks; this collects them into string rows.
struct Records {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> current;
  static void OnField(void* field, size_t size, void* self) {
    static_cast<Records*>(self)->current.emplace_back(static_cast<const char*>(field), size);
  }
  static void OnRecordEnd(int, void* self) {
    auto* records = static_cast<Records*>(self);
    records->rows.push_back(std::move(records->current));
    records->current.clear();
  }
};

// Runs libcsv over `text`, handing fields and record ends to `sink`'s static callbacks; malformed
// CSV is an error naming `source`.
template <typename Sink>
void ParseCsv(std::string_view text, const std::string& source, Sink& sink) {
  text = WithoutByteOrderMark(text);
  csv_parser parser;
  if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
    throw std::runtime_error("cannot initialise the CSV parser");
  }
  const size_t used =
      csv_parse(&parser, text.data(), text.size(), Sink::OnField, Sink::OnRecordEnd, &sink);
  const bool ok =
      used == text.size() && csv_fini(&parser, Sink::OnField, Sink::OnRecordEnd, &sink) == 0;
  const std::string error = csv_strerror(csv_error(&parser));
  csv_free(&parser);
  if (!ok) throw std::invalid_argument(source + ": malformed CSV: " + error);
}

}  // namespace

std::string CsvRowName(size_t row) {
  return "row " + std::to_string(row) + " (from 0 after the header, as --rows counts)";
}

std::vector<std::vector<std::string>> TokenizeCsv(std::string_view text,
                                                  const std::string& source) {
  Records records;
  ParseCsv(text, source, records);
  return std::move(records.rows);
}

CsvTable ParseNumericCsv(std::string_view text, const std::string& source,
                         const std::vector<std::string>& drop, DropPolicy policy,
                         const MissingCells& missing) {
  NumericCsvReader reader(source, drop, policy, missing);
  reader.Feed(text);
  reader.Finish();
  if (!reader.error().empty()) throw std::invalid_argument(reader.error());
  return {reader.header(), reader.TakeRows(reader.buffered_rows()), reader.dropped()};
}

CsvTable ReadNumericCsv(const std::string& path, const std::vector<std::string>& drop,
                        DropPolicy policy, const MissingCells& missing) {
  CsvRowStream stream(path, drop, policy, missing);
  const RowMatrixF rows = stream.Next(std::numeric_limits<int64_t>::max());
  if (stream.Next(1).rows() != 0) throw std::logic_error("a CSV stream left rows behind");
  return {stream.header(), rows, stream.dropped()};
}

void RequireDroppedFromEither(const std::vector<std::string>& drop, const std::string& data,
                              const std::vector<std::string>& dropped_from_data,
                              const std::string& background,
                              const std::vector<std::string>& dropped_from_background) {
  const auto in = [](const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
  };
  for (const auto& name : drop) {
    if (!in(dropped_from_data, name) && !in(dropped_from_background, name)) {
      throw std::invalid_argument("--drop names '" + name + "', which is a column of neither " +
                                  data + " nor " + background);
    }
  }
}

}  // namespace whyrec
