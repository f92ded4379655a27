#include "native/item_catalog.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace whyrec {
namespace {

using Names = std::vector<std::string>;

const char kItems[] =
    "item,movieId,title,year,genres\r\n"
    "1,356,Forrest Gump,1994,Comedy|Drama|Romance|War\r\n"
    "3,318,\"Shawshank Redemption, The\",1994,Crime|Drama\r\n"
    "7,2571,\"Matrix, The\",1999,\r\n";

void ExpectError(const std::string& text, const std::string& group_by, const std::string& message) {
  try {
    ParseItemCatalog(text, "items.csv", group_by);
    FAIL() << "expected: " << message;
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()), message);
  }
}

TEST(ItemCatalog, QuotedTitlesNameItemsAndUnknownIdsKeepTheirNumber) {
  const ItemCatalog catalog = ParseItemCatalog(kItems, "items.csv", "");
  EXPECT_EQ(catalog.Names({3, 1, 9, 7}),
            (Names{"Shawshank Redemption, The", "Forrest Gump", "item 9", "Matrix, The"}));
}

TEST(ItemCatalog, GroupsAreTheColumnsFirstPipeSeparatedValue) {
  const ItemCatalog catalog = ParseItemCatalog(kItems, "items.csv", "genres");
  EXPECT_EQ(catalog.Groups({3, 1}), (Names{"Crime", "Comedy"}));
  const ItemCatalog years = ParseItemCatalog(kItems, "items.csv", "year");
  EXPECT_EQ(years.Groups({1, 3, 7}), (Names{"1994", "1994", "1999"}));
}

TEST(ItemCatalog, AHistoryItemWithoutAGroupIsAnError) {
  const ItemCatalog catalog = ParseItemCatalog(kItems, "items.csv", "genres");
  try {
    catalog.Groups({1, 9});
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()),
              "history item 1 (id 9) is not in items.csv, so --group-by genres has no group "
              "for it");
  }
  try {
    catalog.Groups({7});
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()),
              "history item 0 (id 7) has an empty 'genres' in items.csv, so --group-by has no "
              "group for it");
  }
}

TEST(ItemCatalog, NamesFileRowAndColumnInErrors) {
  ExpectError("id,title\n1,a\n", "",
              "items.csv: the header has no 'item' column (the model's item ids)");
  ExpectError("item,name\n1,a\n", "",
              "items.csv: the header has no 'title' column (the items' names)");
  ExpectError("item,title\n1,a\n", "genres",
              "items.csv: the header has no 'genres' column (--group-by)");
  ExpectError("item,title\n1,a\nx2,b\n", "",
              "items.csv: row 1 (from 0 after the header, as --rows counts), column 'item': 'x2' "
              "is not an integer item id");
  ExpectError("item,title\n1,a\n1,b\n", "",
              "items.csv: row 1 (from 0 after the header, as --rows counts): item 1 is listed "
              "twice (first on row 0)");
  ExpectError(
      "item,title\n1,\n", "",
      "items.csv: row 0 (from 0 after the header, as --rows counts), column 'title': empty title");
  ExpectError(
      "item,title\n1,a,b\n", "",
      "items.csv: row 0 (from 0 after the header, as --rows counts) has 3 cells, the header has 2");
  ExpectError("item,title\n1,\"a\n", "",
              "items.csv: malformed CSV: error parsing data while strict checking enabled");
  ExpectError("", "", "items.csv: empty file, expected a header");
}

}  // namespace
}  // namespace whyrec
