#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace whyrec {

// What an items CSV (--items) says about items: a header with an `item` column (the model's
// item id) and a `title` column, any other columns beside them, fields quoted as RFC 4180 has
// them (MovieLens titles hold commas). With a group column (--group-by), each item's group
// label: the column's value up to its first '|' ("Comedy|Drama" is "Comedy").
struct ItemCatalog {
  std::string source;
  std::string group_column;  // empty: no groups
  std::unordered_map<int64_t, std::string> titles;
  std::unordered_map<int64_t, std::string> groups;

  // Player names of a history's items: their titles; ids the catalog lacks are "item <id>".
  std::vector<std::string> Names(const std::vector<int64_t>& items) const;
  // Group labels of a history's items. Throws std::invalid_argument naming the item when the
  // catalog lacks it or its group value is empty.
  std::vector<std::string> Groups(const std::vector<int64_t>& items) const;
};

// Errors name `source`, the row (from 1, after the header) and the column: a missing `item`,
// `title` or group column, a bad or repeated item id, an empty title, a row of the wrong width.
ItemCatalog ParseItemCatalog(std::string_view text, const std::string& source,
                             const std::string& group_column);

ItemCatalog ReadItemCatalog(const std::string& path, const std::string& group_column);

}  // namespace whyrec
