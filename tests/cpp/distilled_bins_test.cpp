#include "core/models/distilled_bins.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

namespace whyrec {
namespace {

// Values on both sides of and at every cut, plus NaN and the infinities.
std::vector<float> Probes(const std::vector<float>& cuts) {
  std::vector<float> probes = {std::numeric_limits<float>::quiet_NaN(),
                               -std::numeric_limits<float>::infinity(),
                               std::numeric_limits<float>::infinity()};
  for (float c : cuts) {
    probes.insert(probes.end(), {c, std::nextafter(c, -INFINITY), std::nextafter(c, INFINITY)});
  }
  return probes;
}

double ScoreAt(const DistilledTerm& term, float a, float b) {
  const float x[2] = {a, b};
  return term.scores[term.Cell(x)];
}

// The merged term scores every probe as the original does.
void ExpectSameScores(const DistilledTerm& original, const DistilledTerm& merged) {
  const std::vector<float> as = Probes(original.cuts[0]);
  const std::vector<float> bs =
      original.features.size() == 2 ? Probes(original.cuts[1]) : std::vector<float>{0};
  for (float a : as) {
    for (float b : bs) {
      ASSERT_EQ(ScoreAt(merged, a, b), ScoreAt(original, a, b)) << "a " << a << ", b " << b;
    }
  }
}

TEST(DistilledBins, MainTermRunsBecomeOneBin) {
  // Bins: missing, < 0, [0, 1), [1, 2), [2, 3), >= 3.
  const DistilledTerm term{{0}, {{0, 1, 2, 3}}, {5, 1, 1, 2, 2, 2}};
  const DistilledTerm merged = MergeEqualBins(term);
  EXPECT_EQ(merged.cuts[0], (std::vector<float>{1}));
  EXPECT_EQ(merged.scores, (std::vector<double>{5, 1, 2}));
  ExpectSameScores(term, merged);
}

TEST(DistilledBins, MissingBinStaysApart) {
  const DistilledTerm term{{0}, {{0, 1}}, {1, 1, 1, 1}};
  const DistilledTerm merged = MergeEqualBins(term);
  EXPECT_TRUE(merged.cuts[0].empty());
  EXPECT_EQ(merged.scores, (std::vector<double>{1, 1}));
  ExpectSameScores(term, merged);
}

TEST(DistilledBins, DistinctBinsAreKept) {
  const DistilledTerm term{{0}, {{0, 1}}, {0, 1, 2, 3}};
  const DistilledTerm merged = MergeEqualBins(term);
  EXPECT_EQ(merged.cuts, term.cuts);
  EXPECT_EQ(merged.scores, term.scores);
}

TEST(DistilledBins, PairTableMergesEqualRowsAndColumns) {
  // a: cuts {0, 1} (4 bins), b: cuts {5, 6} (4 bins). Rows 2 and 3 of a are equal; columns 1
  // and 2 of b are equal in every row, columns 2 and 3 are not.
  const DistilledTerm term{{0, 1},
                           {{0, 1}, {5, 6}},
                           {9, 9, 9, 9,  //
                            0, 1, 1, 4,  //
                            0, 2, 2, 5,  //
                            0, 2, 2, 5}};
  const DistilledTerm merged = MergeEqualBins(term);
  EXPECT_EQ(merged.cuts[0], (std::vector<float>{0}));
  EXPECT_EQ(merged.cuts[1], (std::vector<float>{6}));
  EXPECT_EQ(merged.scores, (std::vector<double>{9, 9, 9, 0, 1, 4, 0, 2, 5}));
  ExpectSameScores(term, merged);
}

// Random tables whose bins fall in runs of equal scores (each bin starts a new run with
// probability 1/3, and a pair's score depends on the runs of both bins), checked at every probe.
TEST(DistilledBins, RandomTermsScoreAsBefore) {
  std::mt19937 random(5);
  for (int trial = 0; trial < 400; ++trial) {
    const int pair = trial % 2;
    DistilledTerm term;
    term.features = pair ? std::vector<int>{0, 1} : std::vector<int>{0};
    std::vector<std::vector<int>> runs;
    for (int k = 0; k <= pair; ++k) {
      std::vector<float> cuts;
      float c = 0;
      for (int i = 0, n = 1 + static_cast<int>(random() % 8); i < n; ++i) {
        cuts.push_back(c += 0.5f + static_cast<float>(random() % 3));
      }
      std::vector<int> run(cuts.size() + 2, 0);
      for (size_t b = 1; b < run.size(); ++b) run[b] = run[b - 1] + (random() % 3 == 0);
      term.cuts.push_back(cuts);
      runs.push_back(run);
    }
    const std::vector<int> second = pair ? runs[1] : std::vector<int>{0};
    for (int a : runs[0]) {
      for (int b : second) term.scores.push_back(10.0 * a + b);
    }
    const DistilledTerm merged = MergeEqualBins(term);
    ExpectSameScores(term, merged);
    // One bin per run, the missing-value bin apart.
    size_t expected = 1;
    for (const auto& run : runs) {
      expected *= 1 + static_cast<size_t>(run.back() - run[1] + 1);
    }
    ASSERT_EQ(merged.scores.size(), expected);
  }
}

}  // namespace
}  // namespace whyrec
