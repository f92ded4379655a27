#include "core/models/xgboost_json.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <utility>
#include <vector>

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

  int Count(const Json& value, const std::string& where, int min, int max) const {
    const double x = Number(value, where);
    if (x != std::floor(x) || x < min || x > max) {
      Fail(where + " must be an integer in " + std::to_string(min) + ".." + std::to_string(max) +
           ", got " + value.dump());
    }
    return static_cast<int>(x);
  }

  std::string String(const Json& value, const std::string& where) const {
    if (!value.is_string()) Fail(where + " must be a string, got " + value.dump());
    return value.get<std::string>();
  }

 private:
  std::string source_;
};

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

Tree ParseTree(const Json& json, int t, int width, const Reader& reader) {
  const std::string where = "tree " + std::to_string(t);
  const int n = reader.Count(
      reader.Field(reader.Field(json, "tree_param", where), "num_nodes", where + ".tree_param"),
      where + ".tree_param.num_nodes", 1, 1 << 26);
  const Json& left = reader.Array(json, "left_children", where, n);
  const Json& right = reader.Array(json, "right_children", where, n);
  const Json& feature = reader.Array(json, "split_indices", where, n);
  const Json& condition = reader.Array(json, "split_conditions", where, n);
  const Json& default_left = reader.Array(json, "default_left", where, n);
  const Json& hessian = reader.Array(json, "sum_hessian", where, n);
  const Json* split_type = json.contains("split_type") ? &json["split_type"] : nullptr;
  if (split_type && (!split_type->is_array() || split_type->size() != static_cast<size_t>(n))) {
    reader.Fail(where + ".split_type must be an array of " + std::to_string(n) + " entries");
  }
  Tree tree;
  tree.nodes.resize(n);
  for (int i = 0; i < n; ++i) {
    const std::string node = where + ", node " + std::to_string(i);
    TreeNode& out = tree.nodes[i];
    out.left = reader.Count(left[i], node + " left child", -1, n - 1);
    out.right = reader.Count(right[i], node + " right child", -1, n - 1);
    out.cover = reader.Number(hessian[i], node + " sum_hessian");
    const double value = reader.Number(condition[i], node + " split condition");
    if (out.is_leaf()) {
      out.value = value;
      continue;
    }
    if (split_type && reader.Count((*split_type)[i], node + " split_type", 0, 1) != 0) {
      reader.Fail(node + " is a categorical split; only numeric splits are supported");
    }
    out.feature = reader.Count(feature[i], node + " split index", 0, width - 1);
    out.threshold = static_cast<float>(value);
    if (!std::isfinite(out.threshold)) reader.Fail(node + " threshold overflows float32");
    const Json& d = default_left[i];
    out.default_left =
        d.is_boolean() ? d.get<bool>() : reader.Count(d, node + " default_left", 0, 1);
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
  const Json doc = Json::parse(text, nullptr, false);
  if (doc.is_discarded()) reader.Fail("not valid JSON (truncated?)");
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
  const int outputs = std::max(classes, 1);

  std::vector<Tree> trees;
  trees.reserve(num_trees);
  for (int t = 0; t < num_trees; ++t) {
    trees.push_back(ParseTree(trees_json[t], t, width, reader));
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
