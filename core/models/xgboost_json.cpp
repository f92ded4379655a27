#include "core/models/xgboost_json.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#ifndef WHYREC_WIDGET_CORE
#include "core/rapid_json_events.h"
#endif

namespace whyrec {
namespace {

using Json = nlohmann::json;

class Reader {
 public:
  explicit Reader(std::string source) : source_(std::move(source)) {}

  [[noreturn]] void Fail(const std::string& what) const {
    throw std::invalid_argument(source_ + ": " + what);
  }

  const Json& Field(const Json& object, const char* key, const std::string& where) const {
    if (!object.is_object() || !object.contains(key)) {
      Fail(where + " has no \"" + key + "\"");
    }
    return object[key];
  }

  const Json& Array(const Json& object, const char* key, const std::string& where,
                    size_t expected_size) const {
    const Json& array = Field(object, key, where);
    if (!array.is_array()) Fail(where + "." + key + " must be an array");
    if (array.size() != expected_size) {
      Fail(where + "." + key + " has " + std::to_string(array.size()) + " entries, expected " +
           std::to_string(expected_size));
    }
    return array;
  }

  // XGBoost writes model parameters as strings ("5E-1", "100"); a bare number or a
  // one-element array ("[5E-1]", XGBoost 2) is accepted too.
  double Number(const Json& value, const std::string& where) const {
    double x = NAN;
    if (value.is_number()) {
      x = value.get<double>();
    } else if (value.is_string()) {
      std::string text = value.get<std::string>();
      if (text.size() >= 2 && text.front() == '[' && text.back() == ']') {
        text = text.substr(1, text.size() - 2);
      }
      char* end = nullptr;
      errno = 0;
      x = std::strtod(text.c_str(), &end);
      if (text.empty() || end != text.c_str() + text.size() || errno == ERANGE) x = NAN;
    }
    if (!std::isfinite(x)) Fail(where + " must be a finite number, got " + value.dump());
    return x;
  }

  // A number read from a tree's arrays (NaN where the file held something else).
  double Number(double x, const std::string& where) const {
    if (!std::isfinite(x)) Fail(where + " must be a finite number, got " + Json(x).dump());
    return x;
  }

  int Count(double x, const std::string& where, int min, int max) const {
    if (!(x == std::floor(x) && x >= min && x <= max)) {
      Fail(where + " must be an integer in " + std::to_string(min) + ".." + std::to_string(max) +
           ", got " + Json(x).dump());
    }
    return static_cast<int>(x);
  }

  int Count(const Json& value, const std::string& where, int min, int max) const {
    return Count(Number(value, where), where, min, max);
  }

  // A node's field, named only in a failure's message: a large model's nodes are many (a string
  // per node and field was most of the reading after the lexer).
  struct NodeField {
    const std::string& tree;
    int node;
    const char* field;
    std::string Name() const { return tree + ", node " + std::to_string(node) + " " + field; }
  };
  int Count(double x, const NodeField& where, int min, int max) const {
    if (!(x == std::floor(x) && x >= min && x <= max)) Count(x, where.Name(), min, max);
    return static_cast<int>(x);
  }
  double Number(double x, const NodeField& where) const {
    return std::isfinite(x) ? x : Number(x, where.Name());
  }

  std::string String(const Json& value, const std::string& where) const {
    if (!value.is_string()) Fail(where + " must be a string, got " + value.dump());
    return value.get<std::string>();
  }

 private:
  std::string source_;
};

// The per-node arrays of each tree, read straight from the parser's events into vectors: most of
// a large model's text, which a DOM would hold as one allocated value per number (a third of a
// 2.6 MB model's load time went to building and destroying that DOM). Everything else goes on
// into nlohmann's own DOM builder.
enum TreeArray {
  kLeftChildren,
  kRightChildren,
  kSplitIndices,
  kSplitConditions,
  kDefaultLeft,
  kSumHessian,
  kSplitType,
  kSkipped,  // arrays whyrec does not read (base_weights, loss_changes, parents, categories)
  kTreeArrays
};

TreeArray TreeArrayNamed(std::string_view key) {
  // string_views: a compare is a length check, then memcmp (every key of every tree comes here).
  static constexpr std::pair<std::string_view, TreeArray> kNames[] = {
      {"left_children", kLeftChildren},  {"right_children", kRightChildren},
      {"split_indices", kSplitIndices},  {"split_conditions", kSplitConditions},
      {"default_left", kDefaultLeft},    {"sum_hessian", kSumHessian},
      {"split_type", kSplitType},        {"base_weights", kSkipped},
      {"loss_changes", kSkipped},        {"parents", kSkipped},
      {"categories", kSkipped},          {"categories_nodes", kSkipped},
      {"categories_segments", kSkipped}, {"categories_sizes", kSkipped}};
  for (const auto& [name, array] : kNames) {
    if (key == name) return array;
  }
  return kTreeArrays;
}

const char* TreeArrayName(TreeArray array) {
  static const char* kNames[] = {"left_children",    "right_children", "split_indices",
                                 "split_conditions", "default_left",   "sum_hessian",
                                 "split_type"};
  return kNames[array];
}

struct TreeArrays {
  std::vector<double> values[kSkipped];
  bool present[kSkipped] = {};
};

#ifndef WHYREC_WIDGET_CORE
class XgboostSax {
 public:
  using DomParser = nlohmann::detail::json_sax_dom_parser<Json>;

  explicit XgboostSax(Json& doc) : dom_(doc, false) {}

  std::vector<TreeArrays>& trees() { return trees_; }
  const std::string& error() const { return error_; }

  bool null() { return capturing() ? Capture(NAN) : dom_.null(); }
  bool boolean(bool b) { return capturing() ? Capture(b ? 1 : 0) : dom_.boolean(b); }
  bool number_integer(Json::number_integer_t x) {
    return capturing() ? Capture(static_cast<double>(x)) : dom_.number_integer(x);
  }
  bool number_unsigned(Json::number_unsigned_t x) {
    return capturing() ? Capture(static_cast<double>(x)) : dom_.number_unsigned(x);
  }
  bool number_float(Json::number_float_t x, const std::string& text) {
    return capturing() ? Capture(x) : dom_.number_float(x, text);
  }
  // XGBoost writes the arrays' entries as numbers (default_left: booleans or 0/1); anything else
  // reads as NaN, which the node checks then name.
  bool string(std::string& text) { return capturing() ? Capture(NAN) : dom_.string(text); }
  bool binary(Json::binary_t& b) { return capturing() ? Refuse() : dom_.binary(b); }
  bool start_object(std::size_t size) {
    if (capturing()) return Refuse();
    if (InTreesArray()) trees_.emplace_back();
    frames_.push_back({false, OpensOnTreesPath()});
    return dom_.start_object(size);
  }
  bool end_object() {
    frames_.pop_back();
    return dom_.end_object();
  }
  bool start_array(std::size_t size) {
    if (capture_ != kTreeArrays) return Refuse();  // an array inside a tree array
    if (pending_ != kTreeArrays) {
      capture_ = pending_;
      pending_ = kTreeArrays;
      if (capture_ != kSkipped) {
        trees_.back().present[capture_] = true;
        // A tree's arrays have one entry per node: the last one's length saves the growing.
        trees_.back().values[capture_].clear();
        trees_.back().values[capture_].reserve(last_length_);
      }
      return true;
    }
    frames_.push_back({true, OpensOnTreesPath()});
    return dom_.start_array(size);
  }
  bool end_array() {
    if (capturing()) {
      if (capture_ != kSkipped) last_length_ = trees_.back().values[capture_].size();
      capture_ = kTreeArrays;
      return true;
    }
    frames_.pop_back();
    return dom_.end_array();
  }
  bool key(std::string& name) {
    // A tree's arrays: keys of an object that is an element of "trees".
    if (InTreeObject()) {
      const TreeArray array = TreeArrayNamed(name);
      if (array != kTreeArrays) {
        pending_ = array;
        return true;
      }
    }
    key_ = name;
    return dom_.key(name);
  }

 private:
  struct Frame {
    bool array;
    // The container is the root or learner, .gradient_booster, .model or .trees under it:
    // decided once when it opens rather than for every key inside it.
    bool on_trees_path;
  };

  // Whether a container opening now, under key_, is on the path to the trees.
  bool OpensOnTreesPath() const {
    static constexpr std::string_view kPath[] = {"learner", "gradient_booster", "model", "trees"};
    const size_t depth = frames_.size();  // the new container's index in frames_
    if (depth == 0) return true;
    return depth <= 4 && frames_.back().on_trees_path && key_ == kPath[depth - 1];
  }
  bool capturing() const { return capture_ != kTreeArrays || pending_ != kTreeArrays; }
  // learner.gradient_booster.model.trees: the only place XGBoost keeps gbtree trees.
  bool InTreesArray() const {
    return frames_.size() == 5 && frames_.back().array && frames_.back().on_trees_path;
  }
  bool InTreeObject() const {
    return frames_.size() == 6 && !frames_.back().array && frames_[4].array &&
           frames_[4].on_trees_path;
  }
  bool Capture(double x) {
    if (pending_ != kTreeArrays) return Refuse();  // a tree field that is not an array
    if (capture_ != kSkipped) trees_.back().values[capture_].push_back(x);
    return true;
  }
  bool Refuse() {
    const TreeArray field = pending_ != kTreeArrays ? pending_ : capture_;
    error_ = "tree " + std::to_string(trees_.size() - 1) + "." +
             (field == kSkipped ? std::string("an unused field") : TreeArrayName(field)) +
             " must be an array of numbers";
    return false;
  }

  DomParser dom_;
  std::vector<Frame> frames_;
  std::string key_;
  TreeArray pending_ = kTreeArrays;  // the key just read names a tree array
  TreeArray capture_ = kTreeArrays;  // the tree array being read
  size_t last_length_ = 0;           // of the last tree array read
  std::vector<TreeArrays> trees_;
  std::string error_;
};

#endif

#ifdef WHYREC_WIDGET_CORE
// The widget's size-optimised core builds the whole DOM and copies the tree arrays out of it: a
// second instantiation of nlohmann's parser, for XgboostSax, would add 2.8 KB gzipped to it, and a
// product page's models are small.
std::vector<TreeArrays> ReadModel(std::string_view text, Json& doc, const Reader& reader) {
  doc = Json::parse(text, nullptr, false);
  if (doc.is_discarded()) reader.Fail("not valid JSON (truncated?)");
  const Json* trees = &doc;
  for (const char* key : {"learner", "gradient_booster", "model", "trees"}) {
    if (!trees->is_object() || !trees->contains(key)) return {};
    trees = &(*trees)[key];
  }
  std::vector<TreeArrays> arrays;
  for (const Json& tree : *trees) {
    if (!tree.is_object()) break;
    const std::string where = "tree " + std::to_string(arrays.size());
    TreeArrays& out = arrays.emplace_back();
    for (int field = 0; field < kSkipped; ++field) {
      const char* name = TreeArrayName(static_cast<TreeArray>(field));
      if (!tree.contains(name)) continue;
      const Json& values = tree[name];
      const auto numbers_only = [&](bool ok) {
        if (!ok) reader.Fail(where + "." + name + " must be an array of numbers");
      };
      numbers_only(values.is_array());
      out.present[field] = true;
      for (const Json& value : values) {
        numbers_only(!value.is_array() && !value.is_object());
        out.values[field].push_back(value.is_boolean()  ? value.get<bool>()
                                    : value.is_number() ? value.get<double>()
                                                        : NAN);
      }
    }
  }
  return arrays;
}
#else
std::vector<TreeArrays> ReadModel(std::string_view text, Json& doc, const Reader& reader) {
  XgboostSax sax(doc);
  const std::string error = ReadJsonEvents(text, sax);
  if (!error.empty()) reader.Fail(sax.error().empty() ? error : sax.error());
  return std::move(sax.trees());
}
#endif

struct Objective {
  OutputTransform transform;
  // base_score is a prediction; the trees start from its margin.
  double (*margin_of_base_score)(double);
};

double Identity(double x) { return x; }
double Logit(double p) { return std::log(p / (1 - p)); }
double Log(double x) { return std::log(x); }

Objective FindObjective(const std::string& name, const Reader& reader) {
  if (name == "binary:logistic" || name == "reg:logistic") {
    return {OutputTransform::kSigmoid, Logit};
  }
  if (name == "binary:logitraw") return {OutputTransform::kIdentity, Logit};
  if (name == "multi:softprob" || name == "multi:softmax") {
    return {OutputTransform::kSoftmax, Identity};
  }
  if (name == "count:poisson" || name == "reg:gamma" || name == "reg:tweedie") {
    return {OutputTransform::kExp, Log};
  }
  for (const char* identity :
       {"reg:squarederror", "reg:squaredlogerror", "reg:pseudohubererror", "reg:absoluteerror",
        "reg:linear", "rank:pairwise", "rank:ndcg", "rank:map"}) {
    if (name == identity) return {OutputTransform::kIdentity, Identity};
  }
  reader.Fail("objective \"" + name + "\" is not supported");
}

Tree ParseTree(const Json& json, const TreeArrays& arrays, int t, int width, const Reader& reader) {
  const std::string where = "tree " + std::to_string(t);
  const int n = reader.Count(
      reader.Field(reader.Field(json, "tree_param", where), "num_nodes", where + ".tree_param"),
      where + ".tree_param.num_nodes", 1, 1 << 26);
  const auto array = [&](TreeArray field) -> const std::vector<double>& {
    const std::vector<double>& values = arrays.values[field];
    if (!arrays.present[field]) reader.Fail(where + " has no \"" + TreeArrayName(field) + "\"");
    if (values.size() != static_cast<size_t>(n)) {
      reader.Fail(where + "." + TreeArrayName(field) + " has " + std::to_string(values.size()) +
                  " entries, expected " + std::to_string(n));
    }
    return values;
  };
  const std::vector<double>& left = array(kLeftChildren);
  const std::vector<double>& right = array(kRightChildren);
  const std::vector<double>& feature = array(kSplitIndices);
  const std::vector<double>& condition = array(kSplitConditions);
  const std::vector<double>& default_left = array(kDefaultLeft);
  const std::vector<double>& hessian = array(kSumHessian);
  const std::vector<double>* split_type = arrays.present[kSplitType] ? &array(kSplitType) : nullptr;
  Tree tree;
  tree.nodes.resize(n);
  for (int i = 0; i < n; ++i) {
    const auto at = [&](const char* field) { return Reader::NodeField{where, i, field}; };
    TreeNode& out = tree.nodes[i];
    out.left = reader.Count(left[i], at("left child"), -1, n - 1);
    out.right = reader.Count(right[i], at("right child"), -1, n - 1);
    out.cover = reader.Number(hessian[i], at("sum_hessian"));
    const double value = reader.Number(condition[i], at("split condition"));
    if (out.is_leaf()) {
      out.value = value;
      continue;
    }
    if (split_type && reader.Count((*split_type)[i], at("split_type"), 0, 1) != 0) {
      reader.Fail(at("is a categorical split; only numeric splits are supported").Name());
    }
    out.feature = reader.Count(feature[i], at("split index"), 0, width - 1);
    out.threshold = static_cast<float>(value);
    if (!std::isfinite(out.threshold)) reader.Fail(at("threshold overflows float32").Name());
    out.default_left = reader.Count(default_left[i], at("default_left"), 0, 1);
  }
  return tree;
}

}  // namespace

bool LooksLikeXgboostJson(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && text[first] == '{' &&
         text.find("\"learner\"") != std::string_view::npos;
}

TreeEnsemble ParseXgboostJson(std::string_view text, const std::string& source) {
  const Reader reader(source);
  Json doc;
  const std::vector<TreeArrays> tree_arrays = ReadModel(text, doc, reader);
  const Json& learner = reader.Field(doc, "learner", "the model");
  const Json& params = reader.Field(learner, "learner_model_param", "learner");
  const int width = reader.Count(reader.Field(params, "num_feature", "learner_model_param"),
                                 "learner_model_param.num_feature", 1, 1 << 20);
  const int classes =
      params.contains("num_class")
          ? reader.Count(params["num_class"], "learner_model_param.num_class", 0, 1 << 16)
          : 0;
  if (params.contains("num_target") &&
      reader.Count(params["num_target"], "learner_model_param.num_target", 1, 1 << 16) != 1) {
    reader.Fail("multi-target models (num_target > 1) are not supported");
  }
  const std::string objective_name = reader.String(
      reader.Field(reader.Field(learner, "objective", "learner"), "name", "learner.objective"),
      "learner.objective.name");
  const Objective objective = FindObjective(objective_name, reader);
  const double base_score = reader.Number(reader.Field(params, "base_score", "learner_model_param"),
                                          "learner_model_param.base_score");
  const double base_margin = objective.margin_of_base_score(base_score);
  if (!std::isfinite(base_margin)) {
    reader.Fail("base_score " + std::to_string(base_score) + " is outside the domain of the " +
                objective_name + " link");
  }

  const Json& booster = reader.Field(learner, "gradient_booster", "learner");
  const std::string booster_name =
      reader.String(reader.Field(booster, "name", "gradient_booster"), "gradient_booster.name");
  if (booster_name != "gbtree") {
    reader.Fail("booster \"" + booster_name + "\" is not supported; expected \"gbtree\"");
  }
  const Json& model = reader.Field(booster, "model", "gradient_booster");
  const int num_trees =
      reader.Count(reader.Field(reader.Field(model, "gbtree_model_param", "model"), "num_trees",
                                "gbtree_model_param"),
                   "gbtree_model_param.num_trees", 0, 1 << 24);
  const Json& trees_json = reader.Array(model, "trees", "model", num_trees);
  const Json& tree_info = reader.Array(model, "tree_info", "model", num_trees);
  if (tree_arrays.size() != static_cast<size_t>(num_trees)) {
    reader.Fail("model.trees must hold one object per tree");
  }
  const int outputs = std::max(classes, 1);

  std::vector<Tree> trees;
  trees.reserve(num_trees);
  for (int t = 0; t < num_trees; ++t) {
    trees.push_back(ParseTree(trees_json[t], tree_arrays[t], t, width, reader));
    trees.back().output =
        reader.Count(tree_info[t], "tree_info[" + std::to_string(t) + "]", 0, outputs - 1);
  }

  std::vector<std::string> names;
  if (learner.contains("feature_names") && !learner["feature_names"].empty()) {
    const Json& list = learner["feature_names"];
    if (!list.is_array() || list.size() != static_cast<size_t>(width)) {
      reader.Fail("learner.feature_names must be an array of " + std::to_string(width) + " names");
    }
    for (const Json& name : list) names.push_back(reader.String(name, "a feature name"));
  } else {
    for (int j = 0; j < width; ++j) names.push_back("f" + std::to_string(j));
  }
  try {
    return TreeEnsemble(std::move(names), std::move(trees),
                        Eigen::VectorXd::Constant(outputs, base_margin), objective.transform,
                        objective_name);
  } catch (const std::invalid_argument& e) {
    reader.Fail(e.what());
  }
}

}  // namespace whyrec
