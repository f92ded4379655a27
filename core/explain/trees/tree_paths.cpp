#include "core/explain/trees/tree_paths.h"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string>

namespace whyrec {
namespace {

struct Edge {
  int feature;
  float threshold;
  bool left;
  bool default_left;
  bool zero_is_missing;
  int categories_begin;  // into TreePaths::category_words; -1 for a numerical split
  int categories_size;
  double cover_ratio;
};

// Numerical edges of one feature merge into one interval when they treat zero alike; a
// categorical edge is a condition of its own.
bool Merges(const Edge& a, const Edge& b) {
  return a.feature == b.feature && a.categories_begin < 0 && b.categories_begin < 0 &&
         a.zero_is_missing == b.zero_is_missing;
}

// Appends the path ending at `leaf` (edges root first) to `paths`, merging edges by player and,
// within a player, numerical edges by feature.
void AddLeaf(const std::vector<Edge>& edges, const std::vector<int>& player_of, int tree,
             int output, double value, TreePaths& paths) {
  LeafPath leaf{tree, output, value, static_cast<int>(paths.players.size()), 0};
  std::vector<char> done(edges.size(), 0);
  for (size_t e = 0; e < edges.size(); ++e) {
    if (done[e]) continue;
    const int player = player_of[edges[e].feature];
    PathPlayer p{player, 1.0, static_cast<int>(paths.conditions.size()), 0};
    for (size_t f = e; f < edges.size(); ++f) {
      if (done[f] || player_of[edges[f].feature] != player) continue;
      const Edge& first = edges[f];
      FeatureCondition c{first.feature,
                         -std::numeric_limits<float>::infinity(),
                         std::numeric_limits<float>::infinity(),
                         true,
                         first.zero_is_missing,
                         first.left,
                         first.categories_begin,
                         first.categories_size};
      for (size_t g = f; g < edges.size(); ++g) {
        if (done[g] || (g != f && !Merges(first, edges[g]))) continue;
        done[g] = 1;
        const Edge& edge = edges[g];
        if (edge.left) {
          c.hi = std::min(c.hi, edge.threshold);
        } else {
          c.lo = std::max(c.lo, edge.threshold);
        }
        c.missing_follows = c.missing_follows && edge.left == edge.default_left;
        p.zero_fraction *= edge.cover_ratio;
      }
      paths.conditions.push_back(c);
    }
    p.conditions_end = static_cast<int>(paths.conditions.size());
    paths.players.push_back(p);
  }
  leaf.players_end = static_cast<int>(paths.players.size());
  paths.max_path_players = std::max(paths.max_path_players, leaf.size());
  paths.leaves.push_back(leaf);
}

// The slot `player` gets on paths that continue `edges`: its position among the distinct players
// of the path in order of first appearance, as AddLeaf numbers them.
int Slot(const std::vector<Edge>& edges, const std::vector<int>& player_of, int player) {
  std::vector<int> seen;
  for (const Edge& edge : edges) {
    const int p = player_of[edge.feature];
    if (p == player) return static_cast<int>(seen.size());
    if (std::find(seen.begin(), seen.end(), p) == seen.end()) seen.push_back(p);
  }
  return static_cast<int>(seen.size());
}

}  // namespace

bool TreePaths::Follows(const PathPlayer& p, const float* row) const {
  return FollowsPlayer(p, conditions.data(), category_words.data(), row);
}

TreePaths ExtractLeafPaths(const TreeEnsemble& model, const Schema& schema, bool need_cover) {
  if (model.input_width() != schema.width()) {
    throw std::invalid_argument("the tree ensemble has " + std::to_string(model.input_width()) +
                                " inputs but the schema " + std::to_string(schema.width()) +
                                " features");
  }
  const std::vector<int> player_of = schema.player_of_columns();
  TreePaths paths;
  for (size_t t = 0; t < model.trees().size(); ++t) {
    const Tree& tree = model.trees()[t];
    TreeLayout& layout = paths.trees.emplace_back();
    layout.slot.assign(tree.nodes.size(), -1);
    layout.leaf.assign(tree.nodes.size(), -1);
    const int words_begin = static_cast<int>(paths.category_words.size());
    paths.category_words.insert(paths.category_words.end(), tree.category_words.begin(),
                                tree.category_words.end());
    // Depth-first with an explicit stack of (node, depth, edge into the node); edges[0..depth)
    // is the path from the root to the node being visited.
    struct Visit {
      int node;
      int depth;
      Edge edge_in;
    };
    std::vector<Edge> edges;
    std::vector<Visit> stack = {{0, 0, Edge{}}};
    while (!stack.empty()) {
      const Visit visit = stack.back();
      stack.pop_back();
      edges.resize(visit.depth);
      if (visit.depth > 0) edges[visit.depth - 1] = visit.edge_in;
      const TreeNode& node = tree.nodes[visit.node];
      if (node.is_leaf()) {
        layout.leaf[visit.node] = static_cast<int>(paths.leaves.size());
        AddLeaf(edges, player_of, static_cast<int>(t), tree.output, node.value, paths);
        continue;
      }
      layout.slot[visit.node] = Slot(edges, player_of, player_of[node.feature]);
      if (need_cover && !(node.cover > 0)) {
        throw std::invalid_argument(
            "tree " + std::to_string(t) + ", node " + std::to_string(visit.node) +
            " has no training cover (sum_hessian 0): path-dependent TreeSHAP needs it; use the "
            "interventional mode");
      }
      for (const bool left : {false, true}) {
        const int child = left ? node.left : node.right;
        const double ratio = node.cover > 0 ? tree.nodes[child].cover / node.cover : 0.0;
        // A child holds part of its parent's training data. Beyond float rounding, a larger cover
        // is a broken file, and the fractions above 1 it would give multiply down the paths into
        // values whose sum no longer meets the margin.
        if (need_cover && ratio > 1 + 1e-5) {
          throw std::invalid_argument(
              "tree " + std::to_string(t) + ", node " + std::to_string(child) + " has cover " +
              std::to_string(tree.nodes[child].cover) + ", more than its parent's (node " +
              std::to_string(visit.node) + ", " + std::to_string(node.cover) +
              "): path-dependent TreeSHAP needs covers that split the parent's; use the "
              "interventional mode");
        }
        const int categories_begin =
            node.is_categorical() ? words_begin + node.categories_begin : -1;
        stack.push_back(
            {child, visit.depth + 1,
             Edge{node.feature, node.threshold, left, node.default_left, node.zero_is_missing,
                  categories_begin, node.categories_size, ratio}});
      }
    }
  }
  return paths;
}

}  // namespace whyrec
