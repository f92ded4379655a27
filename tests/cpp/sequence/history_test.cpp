#include "core/explain/sequence/history.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

#include "core/explain/sequence/history_config.h"
#include "core/explain/sequence/history_target.h"

namespace whyrec {
namespace {

std::vector<int64_t> Written(const History& history, const std::vector<float>& present) {
  std::vector<int64_t> out(static_cast<size_t>(history.layout().length));
  history.Write(present.data(), out.data());
  return out;
}

TEST(History, RemovalRepadsOnTheLayoutsSide) {
  HistoryLayout layout{6, 0, PadSide::kLeft, 0, Absence::kRemoval};
  const History left({4, 5, 6, 7}, layout, 10);
  EXPECT_EQ(Written(left, {1, 0, 1, 1}), (std::vector<int64_t>{0, 0, 0, 4, 6, 7}));
  EXPECT_EQ(Written(left, {1, 1, 1, 1}), (std::vector<int64_t>{0, 0, 4, 5, 6, 7}));
  EXPECT_EQ(Written(left, {0, 0, 0, 0}), (std::vector<int64_t>(6, 0)));
  layout.pad_side = PadSide::kRight;
  layout.pad_id = 8;
  const History right({4, 5, 6, 7}, layout, 10);
  EXPECT_EQ(Written(right, {0, 1, 0, 1}), (std::vector<int64_t>{5, 7, 8, 8, 8, 8}));
  EXPECT_EQ(right.Position(3), 3);
  EXPECT_EQ(left.Position(0), 2);
}

TEST(History, MaskingKeepsPositions) {
  const History history({4, 5, 6}, {5, 0, PadSide::kLeft, 9, Absence::kMasking}, 10);
  EXPECT_EQ(Written(history, {1, 0, 1}), (std::vector<int64_t>{0, 0, 4, 9, 6}));
  EXPECT_EQ(Written(history, {0, 0, 0}), (std::vector<int64_t>{0, 0, 9, 9, 9}));
}

TEST(History, BadHistoriesAreNamed) {
  const HistoryLayout layout{3, 0, PadSide::kLeft, 9, Absence::kMasking};
  auto message = [&](std::vector<int64_t> items) {
    try {
      History(std::move(items), layout, 10);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message({1, 2, 3, 4}).find("4 items but the model reads at most 3"), std::string::npos);
  EXPECT_NE(message({1, -2}).find("history item 1 (id -2) is negative"), std::string::npos);
  EXPECT_NE(message({0}).find("is the padding id"), std::string::npos);
  EXPECT_NE(message({9}).find("is the mask id"), std::string::npos);
  EXPECT_NE(message({12}).find("history item 0 (id 12) is unknown: the model scores ids 0..9"),
            std::string::npos);
}

TEST(HistoryConfig, ReadsSettingsAndRefusesWhatIsMissing) {
  nlohmann::ordered_json config = {{"history_length", 4}, {"target", 3}, {"num_items", 10}};
  config["item_names"] = {"Heat", "Ronin", "Heat"};
  config["groups"] = {"crime", "action", "crime"};
  const HistoryConfig c = ParseHistoryConfig(config, {1, 2, 1});
  EXPECT_EQ(c.schema.feature_names(), (std::vector<std::string>{"Heat", "Ronin", "Heat (2)"}));
  ASSERT_EQ(c.schema.num_players(), 2);
  EXPECT_EQ(c.schema.players()[0].name, "crime");
  EXPECT_EQ(c.schema.players()[0].columns, (std::vector<int>{0, 2}));
  EXPECT_THROW(ParseHistoryConfig(config, {}), std::invalid_argument);
  config.erase("target");
  EXPECT_THROW(ParseHistoryConfig(config, {1, 2, 1}), std::invalid_argument);
  config["target"] = 10;
  EXPECT_THROW(ParseHistoryConfig(config, {1, 2, 1}), std::invalid_argument);
  config["target"] = 3;
  config["absence"] = "deletion";
  EXPECT_THROW(ParseHistoryConfig(config, {1, 2, 1}), std::invalid_argument);
  config["absence"] = "removal";
  config["groups"] = {"one"};
  EXPECT_THROW(ParseHistoryConfig(config, {1, 2, 1}), std::invalid_argument);
}

TEST(HistoryTarget, LogProbabilityIsTheLogSoftmax) {
  const RowMatrixF scores = (RowMatrixF(2, 3) << 1, 2, 3, -1e9f, 0, 0).finished();
  const RowMatrixF raw = TargetValues(ConstMatrixView(scores.data(), 2, 3), {1, ScoreKind::kScore});
  EXPECT_FLOAT_EQ(raw(0, 0), 2);
  const RowMatrixF lp =
      TargetValues(ConstMatrixView(scores.data(), 2, 3), {1, ScoreKind::kLogProb});
  EXPECT_NEAR(lp(0, 0), 2 - std::log(std::exp(1) + std::exp(2) + std::exp(3)), 1e-6);
  EXPECT_NEAR(lp(1, 0), -std::log(2.0), 1e-6);
  EXPECT_THROW(TargetValues(ConstMatrixView(scores.data(), 2, 3), {3, ScoreKind::kScore}),
               std::invalid_argument);
  const int64_t excluded[] = {2};
  EXPECT_EQ(TopItem(scores.data(), 3, excluded, 1), 1);
}

}  // namespace
}  // namespace whyrec
