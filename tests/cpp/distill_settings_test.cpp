#include "core/distill/distill_settings.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace whyrec {
namespace {

using Json = nlohmann::json;

std::string ErrorOf(const Json& settings) {
  try {
    DistillOptionsFromJson(settings);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

TEST(DistillSettings, EmptyKeepsTheDefaults) {
  const DistillOptions o = DistillOptionsFromJson(Json::object());
  const DistillOptions defaults;
  EXPECT_EQ(o.family, defaults.family);
  EXPECT_EQ(o.ga2m.bags, defaults.ga2m.bags);
  EXPECT_EQ(o.ga2m.interactions, defaults.ga2m.interactions);
  EXPECT_EQ(o.holdout, defaults.holdout);
  EXPECT_EQ(o.link, Link::kIdentity);
}

TEST(DistillSettings, EverySettingReachesItsOption) {
  // bags as 3.0: JSON may write a whole number with a decimal point.
  const DistillOptions o = DistillOptionsFromJson(Json::parse(R"({
    "family": "linear", "interactions": 7, "bags": 3.0, "max_bins": 64, "max_pair_bins": 8,
    "learning_rate": 0.05, "min_samples_leaf": 9, "smoothing_rounds": 11, "max_rounds": 600,
    "max_terms": 4, "digits": 6, "score_step": 0.01, "seed": 9007199254740991, "holdout": 0.3,
    "augment": 4, "k": 5, "link": "logit",
    "max_depth": 4, "min_leaf_rows": 7, "max_rules": 12, "max_conditions": 2,
    "min_rule_rows": 13})"));
  EXPECT_EQ(o.family, "linear");
  EXPECT_EQ(o.ga2m.interactions, 7);
  EXPECT_EQ(o.ga2m.bags, 3);
  EXPECT_EQ(o.ga2m.max_bins, 64);
  EXPECT_EQ(o.ga2m.max_pair_bins, 8);
  EXPECT_EQ(o.ga2m.boosting.learning_rate, 0.05);
  EXPECT_EQ(o.ga2m.boosting.min_samples_leaf, 9);
  EXPECT_EQ(o.ga2m.boosting.smoothing_rounds, 11);
  EXPECT_EQ(o.ga2m.boosting.max_rounds, 600);
  EXPECT_EQ(o.score_step, 0.01);
  EXPECT_EQ(o.lasso.max_terms, 4);
  EXPECT_EQ(o.digits, 6);
  EXPECT_EQ(o.seed, 9007199254740991ULL);
  EXPECT_EQ(o.holdout, 0.3);
  EXPECT_EQ(o.augment, 4);
  EXPECT_EQ(o.k, 5);
  EXPECT_EQ(o.link, Link::kLogit);
  EXPECT_EQ(o.tree.max_depth, 4);
  EXPECT_EQ(o.tree.min_leaf_rows, 7);
  EXPECT_EQ(o.rule_list.max_rules, 12);
  EXPECT_EQ(o.rule_list.max_conditions, 2);
  EXPECT_EQ(o.rule_list.min_rule_rows, 13);
}

TEST(DistillSettings, ANullSettingIsUnset) {
  EXPECT_EQ(DistillOptionsFromJson(Json::parse(R"({"bags": null})")).ga2m.bags,
            DistillOptions().ga2m.bags);
}

TEST(DistillSettings, BadSettingsAreNamed) {
  EXPECT_NE(ErrorOf(Json::parse(R"({"bag": 2})")).find("unknown distill setting \"bag\"; known: "),
            std::string::npos);
  EXPECT_EQ(ErrorOf(Json::parse(R"({"bags": 0})")),
            "distill setting \"bags\" must be in [1, 1000], got 0");
  EXPECT_EQ(ErrorOf(Json::parse(R"({"bags": 2.5})")),
            "distill setting \"bags\" must be a whole number, got 2.5");
  EXPECT_EQ(ErrorOf(Json::parse(R"({"holdout": "0.2"})")),
            "distill setting \"holdout\" must be a number in [0.01, 0.9], got \"0.2\"");
  EXPECT_EQ(ErrorOf(Json::parse(R"({"link": "probit"})")),
            "distill setting \"link\": link must be identity or logit, got 'probit'");
  EXPECT_EQ(ErrorOf(Json::parse(R"({"max_conditions": 17})")),
            "distill setting \"max_conditions\" must be in [1, 16], got 17");
  EXPECT_EQ(ErrorOf(Json::parse(R"({"score_step": 0.5})")),
            "distill setting \"score_step\" must be a number in [0, 0.1], got 0.5");
  EXPECT_EQ(ErrorOf(Json::parse(R"({"max_rounds": 0})")),
            "distill setting \"max_rounds\" must be in [1, 1e+06], got 0");
  EXPECT_EQ(ErrorOf(Json::parse(R"({"family": 3})")),
            "distill setting \"family\" must be a string, got 3");
  EXPECT_EQ(ErrorOf(Json::array()), "distill settings must be a JSON object, got []");
}

}  // namespace
}  // namespace whyrec
