#include "core/models/distilled_tree.h"

#include <cmath>

#include "core/json_dom.h"
#include "core/models/distilled_json.h"
#include "core/models/rule_list.h"

namespace whyrec {
namespace {

using Json = DistilledJson;

Tree ReadNodes(const Json& doc, const std::vector<std::string>& names, const std::string& source) {
  const Json& nodes = DistilledField(doc, "nodes", source, "the model");
  if (!nodes.is_array() || nodes.empty()) {
    FailDistilled(source, "\"nodes\" must be a non-empty array (node 0 is the root)");
  }
  Tree tree;
  for (size_t i = 0; i < nodes.size(); ++i) {
    const std::string where = "node " + std::to_string(i);
    const Json& n = nodes[i];
    if (!n.is_object()) FailDistilled(source, where + " must be an object");
    TreeNode node;
    if (n.contains("rows")) node.cover = FiniteNumber(n["rows"], source, where + " \"rows\"");
    if (!n.contains("feature")) {
      node.value = FiniteNumber(DistilledField(n, "value", source, where + " (a leaf)"), source,
                                where + " \"value\"");
      tree.nodes.push_back(node);
      continue;
    }
    node.feature = FeatureIndex(n["feature"], names, source, where);
    const double threshold = FiniteNumber(DistilledField(n, "threshold", source, where), source,
                                          where + " \"threshold\"");
    node.threshold = static_cast<float>(threshold);
    const Json& missing = DistilledField(n, "missing", source, where);
    if (missing != "left" && missing != "right") {
      FailDistilled(source, where + " \"missing\" must be \"left\" or \"right\"");
    }
    node.default_left = missing == "left";
    for (const char* side : {"left", "right"}) {
      const Json& child = DistilledField(n, side, source, where);
      if (!child.is_number_integer() || child.get<int64_t>() <= static_cast<int64_t>(i) ||
          child.get<int64_t>() >= static_cast<int64_t>(nodes.size())) {
        FailDistilled(source, where + " \"" + side + "\" must be the index of a later node, got " +
                                  child.dump());
      }
      (side[0] == 'l' ? node.left : node.right) = child.get<int>();
    }
    tree.nodes.push_back(node);
  }
  return tree;
}

}  // namespace

bool IsDistilledTreeFamily(const std::string& family) {
  return family == "tree" || family == "rule_list";
}

std::string DistilledTreeJson(const Tree& tree, const std::vector<std::string>& feature_names,
                              Link link, int digits) {
  Json doc = DistilledHeaderJson("tree", link, feature_names);
  Json nodes = Json::array();
  for (const TreeNode& node : tree.nodes) {
    Json n;
    if (node.is_leaf()) {
      n["value"] = RoundDigits(node.value, digits);
    } else {
      n["feature"] = feature_names[node.feature];
      n["threshold"] = FloatJson(node.threshold);
      n["missing"] = node.default_left ? "left" : "right";
      n["left"] = node.left;
      n["right"] = node.right;
    }
    n["rows"] = node.cover;
    nodes.push_back(std::move(n));
  }
  doc["nodes"] = std::move(nodes);
  return doc.dump();
}

TreeEnsemble ReadDistilledTrees(std::string_view text, const std::string& source) {
  const Json doc = ParseJsonDom(text, source);
  const DistilledHeader header = ReadDistilledHeader(doc, source);
  Tree tree;
  if (header.family == "tree") {
    tree = ReadNodes(doc, header.feature_names, source);
  } else if (header.family == "rule_list") {
    tree = RuleListTree(ReadRuleList(doc, header, source));
  } else {
    FailDistilled(source,
                  "family \"" + header.family + "\" is not a tree family (tree, rule_list)");
  }
  const bool logit = header.link == Link::kLogit;
  try {
    return TreeEnsemble(header.feature_names, {std::move(tree)}, Eigen::VectorXd::Zero(1),
                        logit ? OutputTransform::kSigmoid : OutputTransform::kIdentity,
                        "whyrec-distilled " + header.family);
  } catch (const std::invalid_argument& e) {
    FailDistilled(source, e.what());
  }
}

}  // namespace whyrec
