#include "core/models/lightgbm_text.h"

#include <cmath>
#include <stdexcept>
#include <utility>
#include <vector>

#include "core/models/lightgbm_fields.h"

namespace whyrec {
namespace {

// LightGBM's decision_type bits.
constexpr int kCategoricalMask = 1;
constexpr int kDefaultLeftMask = 2;
enum MissingType { kNone = 0, kZero = 1, kNaN = 2 };

struct Objective {
  OutputTransform transform = OutputTransform::kIdentity;
  std::vector<DerivedOutput> derived;
};

// The value of "name:value" among the objective line's parameters, or `fallback`.
double ObjectiveParameter(const std::vector<std::string>& words, const std::string& name,
                          double fallback) {
  for (const std::string& word : words) {
    if (word.rfind(name + ":", 0) == 0) return std::strtod(word.c_str() + name.size() + 1, nullptr);
  }
  return fallback;
}

// A sigmoid with LightGBM's `sigmoid` scale; scale 1 is the ensemble's own transform.
Objective Sigmoid(double scale) {
  if (scale == 1.0) return {OutputTransform::kSigmoid, {}};
  return {OutputTransform::kIdentity,
          {{"prob", [scale](const Eigen::VectorXd& margin) -> Eigen::VectorXd {
              return (1.0 / (1.0 + (-scale * margin.array()).exp())).matrix();
            }}}};
}

Objective FindObjective(const LightgbmFields& header) {
  if (!header.Has("objective")) return {};  // a custom objective: margins only
  const std::vector<std::string> words = header.Words("objective");
  if (words.empty()) return {};
  const std::string& name = words[0];
  const double scale = ObjectiveParameter(words, "sigmoid", 1.0);
  if (!(scale > 0) || !std::isfinite(scale)) {
    header.Fail("objective", "sigmoid scale must be > 0, got " + std::to_string(scale));
  }
  if (name == "binary" || name == "multiclassova") return Sigmoid(scale);
  if (name == "cross_entropy") return Sigmoid(1.0);
  if (name == "multiclass") return {OutputTransform::kSoftmax, {}};
  if (name == "poisson" || name == "gamma" || name == "tweedie") {
    return {OutputTransform::kExp, {}};
  }
  if (name == "cross_entropy_lambda") {
    return {OutputTransform::kIdentity,
            {{"prediction", [](const Eigen::VectorXd& margin) -> Eigen::VectorXd {
                return margin.array().exp().log1p().matrix();
              }}}};
  }
  return {};  // regression, ranking and unknown objectives: the margin is the prediction
}

// The text's lines, each with its number from 1.
std::vector<std::pair<std::string_view, int>> Lines(std::string_view text) {
  std::vector<std::pair<std::string_view, int>> lines;
  int number = 0;
  while (!text.empty()) {
    const auto end = text.find('\n');
    std::string_view line = text.substr(0, end);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.emplace_back(line, ++number);
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return lines;
}

class TreeBuilder {
 public:
  TreeBuilder(const LightgbmFields& fields, int num_features, int output, double scale)
      : f_(fields), num_features_(num_features) {
    tree_.output = output;
    const int64_t leaves = f_.Integer("num_leaves");
    if (leaves < 1 || leaves > (int64_t{1} << 30)) {
      f_.Fail("num_leaves", "must be between 1 and 2^30, got " + std::to_string(leaves));
    }
    leaves_ = static_cast<int>(leaves);
    if (f_.Has("is_linear") && f_.Integer("is_linear") != 0) {
      f_.Fail("is_linear",
              "linear trees (linear_tree=true) are not supported; LightGBM itself computes no "
              "SHAP values for them");
    }
    ReadCategories();
    tree_.nodes.resize(2 * leaves_ - 1);
    ReadLeaves(scale);
    if (leaves_ > 1) ReadSplits();
  }

  Tree Take() { return std::move(tree_); }

 private:
  int NodeOfChild(int64_t child, const char* key, int i) const {
    if (child >= 0 && child < leaves_ - 1) return static_cast<int>(child);
    if (child < 0 && ~child < leaves_) return leaves_ - 1 + static_cast<int>(~child);
    f_.Fail(key, "value " + std::to_string(i) + " is " + std::to_string(child) +
                     ", not a node of a tree with " + std::to_string(leaves_) + " leaves");
  }

  void ReadCategories() {
    const int64_t num_cat = f_.Has("num_cat") ? f_.Integer("num_cat") : 0;
    if (num_cat < 0 || num_cat >= leaves_) {
      f_.Fail("num_cat", "must be between 0 and num_leaves - 1, got " + std::to_string(num_cat));
    }
    if (num_cat == 0) return;
    boundaries_ = f_.Integers("cat_boundaries", num_cat + 1);
    const std::vector<int64_t> words = f_.Integers("cat_threshold", -1);
    for (size_t k = 0; k < boundaries_.size(); ++k) {
      const int64_t low = k == 0 ? 0 : boundaries_[k - 1];
      if (boundaries_[k] < low || boundaries_[k] > static_cast<int64_t>(words.size()) ||
          (k == 0 && boundaries_[0] != 0)) {
        f_.Fail("cat_boundaries", "value " + std::to_string(k) + " is " +
                                      std::to_string(boundaries_[k]) +
                                      ": boundaries must rise from 0 to at most the " +
                                      std::to_string(words.size()) + " cat_threshold words");
      }
    }
    if (boundaries_.back() != static_cast<int64_t>(words.size())) {
      f_.Fail("cat_threshold", "has " + std::to_string(words.size()) +
                                   " words, cat_boundaries ends at " +
                                   std::to_string(boundaries_.back()));
    }
    for (size_t w = 0; w < words.size(); ++w) {
      if (words[w] < 0 || words[w] > 0xffffffffLL) {
        f_.Fail("cat_threshold", "word " + std::to_string(w) + " is not a 32-bit unsigned value");
      }
      tree_.category_words.push_back(static_cast<uint32_t>(words[w]));
    }
  }

  void ReadLeaves(double scale) {
    const std::vector<double> values = f_.Doubles("leaf_value", leaves_);
    const std::vector<double> counts =
        leaves_ > 1 ? f_.Doubles("leaf_count", leaves_) : std::vector<double>(1, 0.0);
    for (int j = 0; j < leaves_; ++j) {
      TreeNode& leaf = tree_.nodes[leaves_ - 1 + j];
      leaf.value = values[j] * scale;
      leaf.cover = counts[j];
    }
  }

  void ReadSplits() {
    const int splits = leaves_ - 1;
    const std::vector<int64_t> feature = f_.Integers("split_feature", splits);
    const std::vector<double> threshold = f_.Doubles("threshold", splits);
    const std::vector<int64_t> decision = f_.Integers("decision_type", splits);
    const std::vector<int64_t> left = f_.Integers("left_child", splits);
    const std::vector<int64_t> right = f_.Integers("right_child", splits);
    const std::vector<double> counts = f_.Doubles("internal_count", splits);
    for (int i = 0; i < splits; ++i) {
      TreeNode& node = tree_.nodes[i];
      if (feature[i] < 0 || feature[i] >= num_features_) {
        f_.Fail("split_feature", "value " + std::to_string(i) + " is " +
                                     std::to_string(feature[i]) + ", expected 0.." +
                                     std::to_string(num_features_ - 1));
      }
      node.feature = static_cast<int>(feature[i]);
      node.left = NodeOfChild(left[i], "left_child", i);
      node.right = NodeOfChild(right[i], "right_child", i);
      node.cover = counts[i];
      const int64_t d = decision[i];
      const int64_t missing = (d >> 2) & 3;
      if (d < 0 || d > 15 || missing > kNaN) {
        f_.Fail("decision_type", "value " + std::to_string(i) + " is " + std::to_string(d) +
                                     ", not a LightGBM decision type");
      }
      if (d & kCategoricalMask) {
        ReadCategoricalSplit(node, threshold[i], i);
        continue;
      }
      if (std::isnan(threshold[i])) f_.Fail("threshold", "value " + std::to_string(i) + " is NaN");
      node.threshold = LessEqualThreshold(threshold[i]);
      node.zero_is_missing = missing == kZero;
      // Missing type None reads NaN as 0.0, which goes where 0 does.
      node.default_left = missing == kNone ? 0.0 <= threshold[i] : (d & kDefaultLeftMask) != 0;
    }
  }

  // LightGBM 4 sends NaN right at every categorical split, whatever its missing type.
  void ReadCategoricalSplit(TreeNode& node, double threshold, int i) {
    const auto k = static_cast<int64_t>(threshold);
    if (static_cast<double>(k) != threshold || k < 0 ||
        k + 1 >= static_cast<int64_t>(boundaries_.size())) {
      f_.Fail("threshold", "value " + std::to_string(i) + " of a categorical split must be a " +
                               "bitset index 0.." +
                               std::to_string(static_cast<int64_t>(boundaries_.size()) - 2) +
                               ", got " + std::to_string(threshold));
    }
    const int64_t words = boundaries_[k + 1] - boundaries_[k];
    if (words > 0xffff) {
      f_.Fail("cat_boundaries", "bitset " + std::to_string(k) + " has " + std::to_string(words) +
                                    " words; at most 65535 (2,097,120 categories) are supported");
    }
    node.categories_begin = static_cast<int>(boundaries_[k]);
    node.categories_size = static_cast<uint16_t>(words);
    node.default_left = false;
  }

  const LightgbmFields& f_;
  int num_features_;
  int leaves_ = 0;
  std::vector<int64_t> boundaries_;
  Tree tree_;
};

}  // namespace

bool LooksLikeLightgbmText(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return false;
  text.remove_prefix(first);
  return text.rfind("tree\n", 0) == 0 || text.rfind("tree\r\n", 0) == 0;
}

TreeEnsemble ParseLightgbmText(std::string_view text, const std::string& source) {
  if (!LooksLikeLightgbmText(text)) {
    throw std::invalid_argument(source + ": not a LightGBM text model (no 'tree' first line)");
  }
  const auto lines = Lines(text);
  LightgbmFields header(source, "header");
  std::vector<LightgbmFields> blocks;
  bool ended = false;
  size_t i = 0;
  while (i < lines.size() && lines[i].first != "tree") ++i;
  for (++i; i < lines.size() && !ended; ++i) {
    const auto [line, number] = lines[i];
    if (line.empty()) continue;
    if (line == "end of trees") {
      ended = true;
    } else if (line.rfind("Tree=", 0) == 0) {
      const std::string expected = "Tree=" + std::to_string(blocks.size());
      if (line != expected) {
        throw std::invalid_argument(source + ", line " + std::to_string(number) + ": '" +
                                    std::string(line) + "', expected '" + expected + "'");
      }
      blocks.emplace_back(source, expected).Add(line, number);
    } else {
      (blocks.empty() ? header : blocks.back()).Add(line, number);
    }
  }
  if (!ended) {
    throw std::invalid_argument(source + ": no 'end of trees' line after " +
                                std::to_string(blocks.size()) +
                                " trees; the file is truncated or not a LightGBM model");
  }
  const std::string version = header.Text("version");
  if (version != "v3" && version != "v4") {
    header.Fail("version", "'" + version + "' is not a supported format version (v3, v4)");
  }
  const int64_t classes = header.Integer("num_class");
  const int64_t per_iteration = header.Integer("num_tree_per_iteration");
  if (classes < 1 || classes > 100000 || (per_iteration != classes && per_iteration != 1)) {
    header.Fail("num_tree_per_iteration",
                std::to_string(per_iteration) + " trees per iteration for " +
                    std::to_string(classes) + " classes is not a LightGBM layout");
  }
  const int64_t features = header.Integer("max_feature_idx") + 1;
  std::vector<std::string> names = header.Words("feature_names");
  if (features < 1 || static_cast<int64_t>(names.size()) != features) {
    header.Fail("feature_names", "has " + std::to_string(names.size()) +
                                     " names, max_feature_idx says " + std::to_string(features));
  }
  if (header.Has("tree_sizes")) {
    const auto sizes = header.Words("tree_sizes").size();
    if (sizes != blocks.size()) {
      header.Fail("tree_sizes", "lists " + std::to_string(sizes) + " trees but the file has " +
                                    std::to_string(blocks.size()));
    }
  }
  if (blocks.size() % per_iteration != 0) {
    header.FailBlock(std::to_string(blocks.size()) + " trees are not whole iterations of " +
                     std::to_string(per_iteration));
  }
  // Random-forest mode: the prediction is the trees' mean, not their sum.
  const double scale = header.Has("average_output") && !blocks.empty()
                           ? static_cast<double>(per_iteration) / static_cast<double>(blocks.size())
                           : 1.0;
  std::vector<Tree> trees;
  trees.reserve(blocks.size());
  for (size_t t = 0; t < blocks.size(); ++t) {
    trees.push_back(TreeBuilder(blocks[t], static_cast<int>(features),
                                static_cast<int>(t % per_iteration), scale)
                        .Take());
  }
  Objective objective = FindObjective(header);
  const std::string objective_name = header.Has("objective") ? header.Text("objective") : "custom";
  try {
    return TreeEnsemble(std::move(names), std::move(trees),
                        Eigen::VectorXd::Zero(static_cast<Eigen::Index>(per_iteration)),
                        objective.transform, "lightgbm " + objective_name,
                        std::move(objective.derived));
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(source + ": " + e.what());
  }
}

}  // namespace whyrec
