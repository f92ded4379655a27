#include "native/item_catalog.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "core/explain/sequence/history_csv.h"
#include "native/csv_table.h"

namespace whyrec {
namespace {

std::string Trim(const std::string& s) {
  const auto begin = s.find_first_not_of(" \t\r");
  if (begin == std::string::npos) return "";
  return s.substr(begin, s.find_last_not_of(" \t\r") - begin + 1);
}

size_t Column(const std::vector<std::string>& header, const std::string& name,
              const std::string& source, const std::string& why) {
  for (size_t c = 0; c < header.size(); ++c) {
    if (Trim(header[c]) == name) return c;
  }
  throw std::invalid_argument(source + ": the header has no '" + name + "' column (" + why + ")");
}

}  // namespace

std::vector<std::string> ItemCatalog::Names(const std::vector<int64_t>& items) const {
  std::vector<std::string> names;
  for (int64_t id : items) {
    const auto found = titles.find(id);
    names.push_back(found != titles.end() ? found->second : "item " + std::to_string(id));
  }
  return names;
}

std::vector<std::string> ItemCatalog::Groups(const std::vector<int64_t>& items) const {
  std::vector<std::string> labels;
  for (size_t i = 0; i < items.size(); ++i) {
    const auto found = groups.find(items[i]);
    const std::string where =
        "history item " + std::to_string(i) + " (id " + std::to_string(items[i]) + ")";
    if (found == groups.end()) {
      throw std::invalid_argument(where + " is not in " + source + ", so --group-by " +
                                  group_column + " has no group for it");
    }
    if (found->second.empty()) {
      throw std::invalid_argument(where + " has an empty '" + group_column + "' in " + source +
                                  ", so --group-by has no group for it");
    }
    labels.push_back(found->second);
  }
  return labels;
}

ItemCatalog ParseItemCatalog(std::string_view text, const std::string& source,
                             const std::string& group_column) {
  const auto records = TokenizeCsv(text, source);
  if (records.empty()) throw std::invalid_argument(source + ": empty file, expected a header");
  const auto& header = records[0];
  const size_t item = Column(header, "item", source, "the model's item ids");
  const size_t title = Column(header, "title", source, "the items' names");
  const size_t group =
      group_column.empty() ? 0 : Column(header, group_column, source, "--group-by");
  ItemCatalog catalog{source, group_column, {}, {}};
  std::unordered_map<int64_t, size_t> first_row;
  for (size_t r = 1; r < records.size(); ++r) {
    const auto& record = records[r];
    const std::string where = source + ": " + CsvRowName(r - 1);
    if (record.size() != header.size()) {
      throw std::invalid_argument(where + " has " + std::to_string(record.size()) +
                                  " cells, the header has " + std::to_string(header.size()));
    }
    const int64_t id = ParseItemId(Trim(record[item]), where + ", column 'item'");
    const auto [seen, fresh] = first_row.emplace(id, r - 1);
    if (!fresh) {
      throw std::invalid_argument(where + ": item " + std::to_string(id) +
                                  " is listed twice (first on row " + std::to_string(seen->second) +
                                  ")");
    }
    const std::string name = Trim(record[title]);
    if (name.empty()) throw std::invalid_argument(where + ", column 'title': empty title");
    catalog.titles.emplace(id, name);
    if (!group_column.empty()) {
      const std::string& value = record[group];
      catalog.groups.emplace(id, Trim(value.substr(0, value.find('|'))));
    }
  }
  return catalog;
}

ItemCatalog ReadItemCatalog(const std::string& path, const std::string& group_column) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    throw std::invalid_argument("cannot open '" + path + "': " + std::strerror(errno));
  }
  std::ostringstream text;
  text << file.rdbuf();
  return ParseItemCatalog(text.str(), path, group_column);
}

}  // namespace whyrec
