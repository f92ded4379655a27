#include "core/schema.h"

#include <gtest/gtest.h>

#include "core/groups_json.h"

namespace whyrec {
namespace {

void ExpectError(const std::function<void()>& f, const std::string& message) {
  try {
    f();
    FAIL() << "expected: " << message;
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()), message);
  }
}

TEST(Schema, OneFeatureOnePlayerByDefault) {
  const Schema s = Schema::FromNames({"a", "b"});
  EXPECT_EQ(s.num_players(), 2);
  EXPECT_EQ(s.players()[1].columns, std::vector<int>{1});
}

TEST(Schema, GroupsArePlayersOrderedByFirstColumn) {
  const Schema s = Schema::FromNames({"a", "b", "c", "d"}).WithGroups({{"db", {"d", "b"}}});
  EXPECT_EQ(s.player_names(), (std::vector<std::string>{"a", "db", "c"}));
  EXPECT_EQ(s.players()[1].columns, (std::vector<int>{1, 3}));
}

TEST(Schema, CopiesShareOneListOfPlayerNames) {
  const Schema s = Schema::FromNames({"a", "b", "c"}).WithGroups({{"ac", {"a", "c"}}});
  const Schema copy = s;
  EXPECT_EQ(&copy.player_names().list(), &s.player_names().list());
  // Lists made apart compare by their names.
  EXPECT_EQ(s.player_names(), PlayerNames({"ac", "b"}));
  EXPECT_NE(s.player_names(), PlayerNames({"ac", "c"}));
  EXPECT_NE(s.player_names(), PlayerNames({"ac"}));
  EXPECT_EQ(PlayerNames(), PlayerNames(std::vector<std::string>{}));
}

TEST(Schema, RejectsBadNamesAndGroups) {
  ExpectError([] { Schema::FromNames({"a", "a"}); }, "feature name 'a' appears twice");
  ExpectError([] { Schema::FromNames({}); }, "the schema has no features");
  const Schema s = Schema::FromNames({"a", "b", "c"});
  ExpectError([&] { s.WithGroups({{"g", {"a", "z"}}}); }, "unknown feature 'z'");
  ExpectError(
      [&] {
        s.WithGroups({{"g", {"a"}}, {"h", {"b", "a"}}});
      },
      "feature 'a' is named by group 'g' and by group 'h'");
  ExpectError(
      [&] {
        s.WithGroups({{"g", {"a", "a"}}});
      },
      "feature 'a' is named by group 'g' and by group 'g'");
  ExpectError([&] { s.WithGroups({{"g", {}}}); }, "group 'g' has no features");
  ExpectError(
      [&] {
        s.WithGroups({{"c", {"a", "b"}}});
      },
      "player name 'c' is used by a group and by an ungrouped feature");
}

TEST(GroupsJson, KeepsTheWrittenOrderAndRejectsBadShapes) {
  const GroupSpec g = ParseGroups(R"({"z": ["a"], "y": ["b", "c"]})", "g.json");
  ASSERT_EQ(g.size(), 2u);
  EXPECT_EQ(g[0].first, "z");
  EXPECT_EQ(g[1].second, (std::vector<std::string>{"b", "c"}));
  EXPECT_THROW(ParseGroups("[1]", "g.json"), std::invalid_argument);
  EXPECT_THROW(ParseGroups(R"({"z": "a"})", "g.json"), std::invalid_argument);
  EXPECT_THROW(ParseGroups(R"({"z": [1]})", "g.json"), std::invalid_argument);
  EXPECT_THROW(ParseGroups("{", "g.json"), std::invalid_argument);
}

}  // namespace
}  // namespace whyrec
