#pragma once

#include <vector>

#include "core/explain/trees/tree_shap_leaf.h"
#include "core/models/tree_ensemble.h"
#include "core/schema.h"

namespace whyrec {

struct LeafPath {
  int tree;
  int output;
  double value;
  int players_begin;  // into TreePaths::players
  int players_end;
  int size() const { return players_end - players_begin; }
};

// Where a tree's nodes sit in the leaf paths. Players are numbered along each path in the order
// of their first split from the root, so a split's player has the same slot in every path
// below it: one walk down the tree, clearing the slot's bit on the side the row does not take,
// gives every leaf the mask of the path players the row follows.
struct TreeLayout {
  std::vector<int> slot;  // per split node: its player's slot in the paths below; -1 on leaves
  std::vector<int> leaf;  // per leaf node: its index in TreePaths::leaves; -1 on splits
};

// Every root-to-leaf path of an ensemble with the edges merged by player: the form both
// TreeSHAP modes work on, since a leaf's contribution depends on a row only through which of
// its path's players the row follows.
struct TreePaths {
  std::vector<TreeLayout> trees;
  std::vector<LeafPath> leaves;
  std::vector<PathPlayer> players;
  std::vector<FeatureCondition> conditions;
  std::vector<uint32_t> category_words;  // every tree's, concatenated
  int max_path_players = 0;

  // Whether `row` meets all the conditions of path player p.
  bool Follows(const PathPlayer& p, const float* row) const;
};

// Throws std::invalid_argument when the model and schema widths differ, or when `need_cover`
// (path-dependent TreeSHAP) and a split node has no training cover.
TreePaths ExtractLeafPaths(const TreeEnsemble& model, const Schema& schema, bool need_cover);

}  // namespace whyrec
