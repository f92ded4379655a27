#include "native/csv_table.h"

#include <csv.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

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

std::string Trim(const std::string& s) {
  const auto begin = s.find_first_not_of(" \t\r");
  if (begin == std::string::npos) return "";
  return s.substr(begin, s.find_last_not_of(" \t\r") - begin + 1);
}

float ParseCell(const std::string& cell, const std::string& source, size_t row,
                const std::string& column) {
  const std::string where = source + ": row " + std::to_string(row) + ", column '" + column + "': ";
  const std::string text = Trim(cell);
  if (text.empty()) throw std::invalid_argument(where + "empty cell");
  char* end = nullptr;
  errno = 0;
  const double value = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size()) {
    throw std::invalid_argument(where + "'" + text + "' is not a number");
  }
  if (std::isnan(value)) throw std::invalid_argument(where + "NaN is not allowed");
  if (std::isinf(value) || std::isinf(static_cast<float>(value))) {
    throw std::invalid_argument(where + "'" + text + "' is infinite or out of float range");
  }
  return static_cast<float>(value);
}

}  // namespace

std::vector<std::vector<std::string>> TokenizeCsv(std::string_view text,
                                                  const std::string& source) {
  csv_parser parser;
  if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
    throw std::runtime_error("cannot initialise the CSV parser");
  }
  Records records;
  const size_t used = csv_parse(&parser, text.data(), text.size(), Records::OnField,
                                Records::OnRecordEnd, &records);
  const bool ok = used == text.size() &&
                  csv_fini(&parser, Records::OnField, Records::OnRecordEnd, &records) == 0;
  const std::string error = csv_strerror(csv_error(&parser));
  csv_free(&parser);
  if (!ok) throw std::invalid_argument(source + ": malformed CSV: " + error);
  return std::move(records.rows);
}

CsvTable ParseNumericCsv(std::string_view text, const std::string& source,
                         const std::vector<std::string>& drop, DropPolicy policy) {
  auto records = TokenizeCsv(text, source);
  if (records.empty()) throw std::invalid_argument(source + ": empty file, expected a header");
  std::vector<std::string> header;
  for (const auto& name : records[0]) header.push_back(Trim(name));
  std::set<std::string> names;
  for (const auto& name : header) {
    if (name.empty()) throw std::invalid_argument(source + ": the header has an empty name");
    if (!names.insert(name).second) {
      throw std::invalid_argument(source + ": column '" + name + "' appears twice in the header");
    }
  }
  std::vector<bool> keep(header.size(), true);
  for (const auto& name : drop) {
    if (!names.count(name) && policy == DropPolicy::kRequired) {
      throw std::invalid_argument("--drop names '" + name + "', which is not a column of " +
                                  source);
    }
    for (size_t c = 0; c < header.size(); ++c) keep[c] = keep[c] && header[c] != name;
  }
  CsvTable table;
  for (size_t c = 0; c < header.size(); ++c) {
    if (keep[c]) table.header.push_back(header[c]);
  }
  if (table.header.empty()) throw std::invalid_argument(source + ": no columns left");
  const size_t rows = records.size() - 1;
  table.values.resize(static_cast<Eigen::Index>(rows),
                      static_cast<Eigen::Index>(table.header.size()));
  for (size_t r = 0; r < rows; ++r) {
    const auto& record = records[r + 1];
    if (record.size() != header.size()) {
      throw std::invalid_argument(source + ": row " + std::to_string(r + 1) + " has " +
                                  std::to_string(record.size()) + " cells, the header has " +
                                  std::to_string(header.size()));
    }
    Eigen::Index out = 0;
    for (size_t c = 0; c < header.size(); ++c) {
      if (!keep[c]) continue;
      table.values(static_cast<Eigen::Index>(r), out++) =
          ParseCell(record[c], source, r + 1, header[c]);
    }
  }
  return table;
}

CsvTable ReadNumericCsv(const std::string& path, const std::vector<std::string>& drop,
                        DropPolicy policy) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    throw std::invalid_argument("cannot open '" + path + "': " + std::strerror(errno));
  }
  std::ostringstream text;
  text << file.rdbuf();
  return ParseNumericCsv(text.str(), path, drop, policy);
}

}  // namespace whyrec
