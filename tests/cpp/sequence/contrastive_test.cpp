// "Why A above B": the history target f(A) - f(B). Shapley values are linear in the game, so the
// contrastive values are A's values minus B's, and they add up to the difference's change.
#include <gtest/gtest.h>

#include "core/explain/sequence/history_explainers.h"
#include "tests/cpp/sequence/toy_history_model.h"

namespace whyrec {
namespace {

const std::vector<int64_t> kItems = {5, 2, 7, 3, 1, 4};

nlohmann::ordered_json Config(int64_t target, const std::string& output) {
  return {{"history_length", 8},
          {"target", target},
          {"num_items", testing::kToyItems},
          {"output", output}};
}

Explanation Exact(const nlohmann::ordered_json& config) {
  auto job = MakeHistoryExplainer("exact", config, kItems);
  return testing::RunToy(*job);
}

TEST(Contrastive, ValuesAreTheDifferenceOfEachItemsValuesAndSumToTheGap) {
  for (const std::string output : {"score", "log_prob"}) {
    nlohmann::ordered_json contrast = Config(6, output);
    contrast["contrast"] = 8;
    const Explanation ab = Exact(contrast);
    const Explanation a = Exact(Config(6, "score"));
    const Explanation b = Exact(Config(8, "score"));
    EXPECT_TRUE(ab.values.isApprox(a.values - b.values, 1e-5)) << output;
    EXPECT_NEAR(ab.values.sum(), ab.model_output[0] - ab.base_value[0], 1e-5);
    EXPECT_NEAR(ab.model_output[0], a.model_output[0] - b.model_output[0], 1e-5);
    EXPECT_EQ(ab.extra["contrast"], 8);
  }
}

TEST(Contrastive, BadContrastGetsAClearError) {
  nlohmann::ordered_json config = Config(6, "score");
  config["contrast"] = 6;
  EXPECT_THROW(MakeHistoryExplainer("exact", config, kItems), std::invalid_argument);
  config["contrast"] = 10;
  try {
    MakeHistoryExplainer("exact", config, kItems);
    ADD_FAILURE();
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "the contrast item 10 is unknown: the model scores ids 0..9");
  }
}

}  // namespace
}  // namespace whyrec
