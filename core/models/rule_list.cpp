#include "core/models/rule_list.h"

#include <cmath>
#include <stdexcept>

namespace whyrec {
namespace {

constexpr float kInfinity = std::numeric_limits<float>::infinity();

// What a path of the tree has decided about each feature: its non-missing values lie in
// [low, high), and whether it may still be missing.
struct Box {
  std::vector<float> low, high;
  std::vector<char> may_be_missing;
};

class TreeBuilder {
 public:
  TreeBuilder(const RuleList& list, int max_nodes) : list_(list), max_nodes_(max_nodes) {}

  Tree Build() {
    const size_t d = list_.feature_names.size();
    Box box{std::vector<float>(d, -kInfinity), std::vector<float>(d, kInfinity),
            std::vector<char>(d, 1)};
    Grow(0, 0, box);
    return std::move(tree_);
  }

 private:
  int NewNode() {
    if (static_cast<int>(tree_.nodes.size()) >= max_nodes_) {
      throw std::invalid_argument(
          "the rule list's decision tree would exceed " + std::to_string(max_nodes_) +
          " nodes: too many overlapping rules to explain exactly as a tree");
    }
    tree_.nodes.emplace_back();
    return static_cast<int>(tree_.nodes.size()) - 1;
  }

  int Leaf(double value) {
    const int node = NewNode();
    tree_.nodes[node].value = value;
    return node;
  }

  // A split x[feature] < threshold (+infinity: non-missing left, missing right); missing values
  // take the default side.
  int Split(int feature, float threshold, bool missing_left) {
    const int node = NewNode();
    tree_.nodes[node].feature = feature;
    tree_.nodes[node].threshold = threshold;
    tree_.nodes[node].default_left = missing_left;
    return node;
  }

  void Link(int node, int left, int right) {
    tree_.nodes[node].left = left;
    tree_.nodes[node].right = right;
  }

  // Whether no row in the box can satisfy condition c.
  static bool Excluded(const RuleCondition& c, const Box& box) {
    return box.high[c.feature] <= c.low || box.low[c.feature] >= c.high;
  }

  // The subtree for rules r.. given that rule r's conditions before `condition` hold.
  int Grow(size_t r, size_t condition, Box box) {
    while (r < list_.rules.size()) {
      const Rule& rule = list_.rules[r];
      bool excluded = false;
      for (size_t k = condition; k < rule.conditions.size(); ++k) {
        excluded = excluded || Excluded(rule.conditions[k], box);
      }
      if (!excluded) break;
      ++r;
      condition = 0;
    }
    if (r == list_.rules.size()) return Leaf(list_.default_score);
    const Rule& rule = list_.rules[r];
    for (; condition < rule.conditions.size(); ++condition) {
      const RuleCondition& c = rule.conditions[condition];
      const int f = c.feature;
      if (box.low[f] < c.low) {  // some values fail x >= low: split there
        const int node = Split(f, c.low, /*missing_left=*/true);
        Box fail = box, pass = box;
        fail.high[f] = c.low;
        pass.low[f] = c.low;
        pass.may_be_missing[f] = 0;
        const int left = Grow(r + 1, 0, fail);
        Link(node, left, Grow(r, condition, pass));
        return node;
      }
      if (box.high[f] > c.high) {  // some values fail x < high: split there
        const int node = Split(f, c.high, /*missing_left=*/false);
        Box pass = box, fail = box;
        pass.high[f] = c.high;
        pass.may_be_missing[f] = 0;
        fail.low[f] = c.high;
        const int left = Grow(r, condition + 1, pass);
        Link(node, left, Grow(r + 1, 0, fail));
        return node;
      }
      if (box.may_be_missing[f]) {  // every value holds; a missing one fails
        const int node = Split(f, kInfinity, /*missing_left=*/false);
        Box pass = box, fail = box;
        pass.may_be_missing[f] = 0;
        fail.low[f] = kInfinity;  // only missing values come here: every interval excludes them
        const int left = Grow(r, condition + 1, pass);
        Link(node, left, Grow(r + 1, 0, fail));
        return node;
      }
    }
    return Leaf(rule.score);
  }

  const RuleList& list_;
  const int max_nodes_;
  Tree tree_;
};

}  // namespace

double RuleList::Score(const float* x) const {
  for (const Rule& rule : rules) {
    bool holds = true;
    for (const RuleCondition& c : rule.conditions) holds = holds && c.Holds(x[c.feature]);
    if (holds) return rule.score;
  }
  return default_score;
}

Tree RuleListTree(const RuleList& list, int max_nodes) {
  return TreeBuilder(list, max_nodes).Build();
}

DistilledJson RuleListJson(const RuleList& list, int digits) {
  DistilledJson doc = DistilledHeaderJson("rule_list", list.link, list.feature_names);
  DistilledJson rules = DistilledJson::array();
  for (const Rule& rule : list.rules) {
    DistilledJson conditions = DistilledJson::array();
    for (const RuleCondition& c : rule.conditions) {
      DistilledJson condition;
      condition["feature"] = list.feature_names[c.feature];
      if (c.low > -kInfinity) condition["low"] = FloatJson(c.low);
      if (c.high < kInfinity) condition["high"] = FloatJson(c.high);
      conditions.push_back(std::move(condition));
    }
    DistilledJson r;
    r["if"] = std::move(conditions);
    r["then"] = RoundDigits(rule.score, digits);
    r["rows"] = rule.rows;
    rules.push_back(std::move(r));
  }
  doc["rules"] = std::move(rules);
  doc["else"] = RoundDigits(list.default_score, digits);
  doc["else_rows"] = list.default_rows;
  return doc;
}

RuleList ReadRuleList(const DistilledJson& doc, const DistilledHeader& header,
                      const std::string& source) {
  RuleList list;
  list.feature_names = header.feature_names;
  list.link = header.link;
  const DistilledJson& rules = DistilledField(doc, "rules", source, "the model");
  if (!rules.is_array()) FailDistilled(source, "\"rules\" must be an array");
  for (size_t r = 0; r < rules.size(); ++r) {
    const std::string where = "rule " + std::to_string(r);
    if (!rules[r].is_object()) FailDistilled(source, where + " must be an object");
    const DistilledJson& conditions = DistilledField(rules[r], "if", source, where);
    if (!conditions.is_array() || conditions.empty()) {
      FailDistilled(source, where + " \"if\" must be a non-empty array of conditions");
    }
    Rule rule;
    std::vector<char> seen(list.feature_names.size(), 0);
    for (size_t k = 0; k < conditions.size(); ++k) {
      const std::string cw = where + " condition " + std::to_string(k);
      if (!conditions[k].is_object()) FailDistilled(source, cw + " must be an object");
      RuleCondition c;
      c.feature = FeatureIndex(DistilledField(conditions[k], "feature", source, cw),
                               list.feature_names, source, cw);
      if (seen[c.feature]++) FailDistilled(source, cw + " repeats a feature of its rule");
      for (const char* bound : {"low", "high"}) {
        if (!conditions[k].contains(bound)) continue;
        const std::string bw = cw + " \"" + bound + "\"";
        const float v = static_cast<float>(FiniteNumber(conditions[k][bound], source, bw));
        if (!std::isfinite(v)) FailDistilled(source, bw + " overflows float32");
        (bound[0] == 'l' ? c.low : c.high) = v;
      }
      if (!(c.low < c.high)) FailDistilled(source, cw + " needs \"low\" < \"high\"");
      rule.conditions.push_back(c);
    }
    rule.score =
        FiniteNumber(DistilledField(rules[r], "then", source, where), source, where + " \"then\"");
    if (rules[r].contains("rows")) {
      rule.rows = FiniteNumber(rules[r]["rows"], source, where + " \"rows\"");
    }
    list.rules.push_back(std::move(rule));
  }
  list.default_score =
      FiniteNumber(DistilledField(doc, "else", source, "the model"), source, "\"else\"");
  if (doc.contains("else_rows")) {
    list.default_rows = FiniteNumber(doc["else_rows"], source, "\"else_rows\"");
  }
  return list;
}

}  // namespace whyrec
