// TreeShap's subtree tables (tree_shap.h), built from the leaves' own tables.

#include <algorithm>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "core/explain/trees/tree_shap.h"

namespace whyrec {
namespace {

// Subtree tables beyond this many doubles (16 MiB) are not built: further trees read their
// leaves' tables.
constexpr int64_t kMaxSubtreeTableEntries = int64_t{1} << 21;

// Each split's number in the pass's preorder (-1 for leaves) and the splits in each node's
// subtree.
void NumberSplits(const Tree& tree, const SplitMaskPass& pass, std::vector<int>& number,
                  std::vector<int>& count) {
  number.assign(tree.nodes.size(), -1);
  count.assign(tree.nodes.size(), 0);
  for (size_t i = pass.splits(); i-- > 0;) {  // children before parents
    const int node = pass.split_node(i);
    const TreeNode& n = tree.nodes[node];
    number[node] = static_cast<int>(i);
    count[node] = 1 + count[n.left] + count[n.right];
  }
}

// The first leaf of the subtree at `node`, left children first.
int FirstLeaf(const Tree& tree, int node) {
  while (!tree.nodes[node].is_leaf()) node = tree.nodes[node].left;
  return node;
}

}  // namespace

void TreeShap::PrepareSubtreeTables() {
  const size_t trees = model_.trees().size();
  subtrees_begin_.assign(trees + 1, 0);
  const int players = schema_.num_players();
  std::vector<int> column(players, -1);
  std::vector<int> split_number, split_count;
  struct Cover {
    int node;
    std::vector<SubtreeStep> ancestors;
  };
  // The covered trees' subtrees, and their split counts for building the tables.
  struct TreePlan {
    std::vector<Cover> covers;
    std::vector<int> split_count;
  };
  std::vector<Cover> covers;
  std::vector<TreePlan> plans(trees);
  int64_t entries = 0;
  for (size_t t = 0; t < trees; ++t) {
    subtrees_begin_[t] = static_cast<int>(subtree_records_.size());
    if (mask_pass_of_tree_[t] < 0) continue;
    const Tree& tree = model_.trees()[t];
    const SplitMaskPass& pass = mask_passes_[mask_pass_of_tree_[t]];
    if (pass.splits() > 64) continue;  // Decisions' 64 bits
    NumberSplits(tree, pass, split_number, split_count);
    // The highest subtrees whose row index fits: depth + splits <= kMaxSubtreeTableBits.
    covers.clear();
    bool covered = true;
    std::vector<Cover> pending = {{0, {}}};
    while (!pending.empty()) {
      Cover c = std::move(pending.back());
      pending.pop_back();
      const int depth = static_cast<int>(c.ancestors.size());
      if (depth + split_count[c.node] <= kMaxSubtreeTableBits) {
        covers.push_back(std::move(c));
        continue;
      }
      const TreeNode& n = tree.nodes[c.node];
      covered = !n.is_leaf();
      if (!covered) break;
      std::vector<SubtreeStep> right = c.ancestors;
      right.push_back({c.node, false});
      c.ancestors.push_back({c.node, true});
      pending.push_back({n.right, std::move(right)});
      pending.push_back({n.left, std::move(c.ancestors)});
    }
    if (!covered) continue;
    // Each subtree's columns: the players of its leaves (consecutive in records_), then the
    // margin.
    const size_t records_before = subtree_records_.size();
    const size_t players_before = player_ids_.size();
    const size_t ancestors_before = subtree_ancestors_.size();
    int64_t tree_entries = 0;
    for (const Cover& c : covers) {
      const auto first_player = static_cast<int32_t>(player_ids_.size());
      const int first_leaf = paths_.trees[t].leaf[FirstLeaf(tree, c.node)];
      for (int l = first_leaf; l <= first_leaf + split_count[c.node]; ++l) {
        const TreeLeafRecord& leaf = records_[l];
        for (int j = 0; j < leaf.size; ++j) {
          const int player = player_ids_[leaf.first_player + j];
          if (column[player] >= 0) continue;
          column[player] = static_cast<int>(player_ids_.size()) - first_player;
          player_ids_.push_back(player);
        }
      }
      for (size_t p = first_player; p < player_ids_.size(); ++p) column[player_ids_[p]] = -1;
      player_ids_.push_back(players);  // the margin's column
      const auto width = static_cast<int32_t>(player_ids_.size()) - first_player;
      const auto depth = static_cast<int32_t>(c.ancestors.size());
      const int64_t rows = int64_t{1} << (depth + split_count[c.node]);
      subtree_records_.push_back(
          {{entries + tree_entries, 0.0, first_player, width, tree.output, -1},
           depth,
           static_cast<int32_t>(subtree_ancestors_.size()),
           std::max(split_number[c.node], 0),
           split_count[c.node]});
      for (const SubtreeStep& step : c.ancestors) {
        subtree_ancestors_.push_back(split_number[step.node]);
      }
      tree_entries += rows * width;
    }
    if (entries + tree_entries > kMaxSubtreeTableEntries) {  // the tree reads its leaves' tables
      subtree_records_.resize(records_before);
      player_ids_.resize(players_before);
      subtree_ancestors_.resize(ancestors_before);
      continue;
    }
    entries += tree_entries;
    plans[t] = {std::move(covers), std::move(split_count)};
  }
  subtrees_begin_[trees] = static_cast<int>(subtree_records_.size());
  subtree_tables_.resize(entries);
  std::vector<uint32_t> masks(max_mask_nodes_);
  for (size_t t = 0; t < trees; ++t) {
    const TreePlan& plan = plans[t];
    for (int r = subtrees_begin_[t]; r < subtrees_begin_[t + 1]; ++r) {
      const SubtreeTableRecord& record = subtree_records_[r];
      const int* columns_players = &player_ids_[record.rows.first_player];
      for (int c = 0; c + 1 < record.rows.size; ++c) column[columns_players[c]] = c;
      const Cover& cover = plan.covers[r - subtrees_begin_[t]];
      std::vector<SubtreeStep> path = cover.ancestors;
      SubtreeTable(static_cast<int>(t), cover.node, path, plan.split_count, record.rows.size,
                   column.data(), masks.data(), &subtree_tables_[record.rows.table_offset]);
      for (int c = 0; c + 1 < record.rows.size; ++c) column[columns_players[c]] = -1;
    }
  }
}

// For the subtree at `node` below the splits `path` (root first), the sum of its leaves' table
// rows (width columns: players by `column`, then the margin) for each way a row can go at the
// splits above it (a, bit j: left at path[j]) and at its own (b, bit i: left at its i-th split in
// preorder), at row a + (b << depth). Built from its children's tables, whose rows for b = (own
// decision, left b, right b) add into one, so that a table of 2^bits rows costs about as many row
// additions, rather than that many for each of its leaves.
void TreeShap::SubtreeTable(int t, int node, std::vector<SubtreeStep>& path,
                            const std::vector<int>& split_count, int width, const int* column,
                            uint32_t* masks, double* rows) {
  const TreeNode& n = model_.trees()[t].nodes[node];
  const int depth = static_cast<int>(path.size());
  if (n.is_leaf()) return LeafSubtreeRows(t, node, path, width, column, masks, rows);
  const int left_splits = split_count[n.left], right_splits = split_count[n.right];
  // The children's rows, written before they are read: no zero fill.
  const std::unique_ptr<double[]> left(
      new double[(size_t{1} << (depth + 1 + left_splits)) * width]);
  const std::unique_ptr<double[]> right(
      new double[(size_t{1} << (depth + 1 + right_splits)) * width]);
  path.push_back({node, true});
  SubtreeTable(t, n.left, path, split_count, width, column, masks, left.get());
  path.back().left = false;
  SubtreeTable(t, n.right, path, split_count, width, column, masks, right.get());
  path.pop_back();
  for (uint32_t a = 0; a < (uint32_t{1} << depth); ++a) {
    for (uint32_t own = 0; own < 2; ++own) {
      const uint32_t child_a = a | (own << depth);  // the decisions above the children
      for (uint32_t bl = 0; bl < (uint32_t{1} << left_splits); ++bl) {
        const double* l = &left[(child_a + (size_t{bl} << (depth + 1))) * width];
        for (uint32_t br = 0; br < (uint32_t{1} << right_splits); ++br) {
          const double* r = &right[(child_a + (size_t{br} << (depth + 1))) * width];
          const uint32_t b = own | (bl << 1) | (br << (1 + left_splits));
          double* out = &rows[(a + (size_t{b} << depth)) * width];
          for (int c = 0; c < width; ++c) out[c] = l[c] + r[c];
        }
      }
    }
  }
}

// A leaf's rows of SubtreeTable: its table row for each way a row can go at the splits above
// it. The row misses the slot of every split it goes the other way at; the masks of the leaf and
// of its sibling (which LeafTableRow reads for a pair) are written for LeafTableRow, the misses
// above the parent looked up in two halves.
void TreeShap::LeafSubtreeRows(int t, int node, const std::vector<SubtreeStep>& path, int width,
                               const int* column, uint32_t* masks, double* rows) {
  const int l = paths_.trees[t].leaf[node];
  const TreeLeafRecord& leaf = records_[l];
  const std::vector<int>& slot = paths_.trees[t].slot;
  const int depth = static_cast<int>(path.size());
  std::fill(rows, rows + (size_t{1} << depth) * width, 0.0);
  if (depth == 0) {  // a tree of one leaf
    masks[leaf_node_[l]] = ~uint32_t{0};
  }
  const int above = std::max(depth - 1, 0);  // the splits above the parent
  const int low_bits = above / 2;
  const auto misses = [&](int begin, int end) {
    std::vector<uint32_t> out(size_t{1} << (end - begin), 0);
    for (uint32_t x = 0; x < out.size(); ++x) {
      for (int i = begin; i < end; ++i) {
        const uint32_t goes_left = (x >> (i - begin)) & 1u;
        out[x] |= (goes_left ^ uint32_t{path[i].left}) << slot[path[i].node];
      }
    }
    return out;
  };
  const std::vector<uint32_t> low = misses(0, low_bits), high = misses(low_bits, above);
  std::vector<int> columns(leaf.size);
  for (int j = 0; j < leaf.size; ++j) columns[j] = column[player_ids_[leaf.first_player + j]];
  int sibling = -1;
  if (depth > 0) {
    const TreeNode& parent = model_.trees()[t].nodes[path.back().node];
    sibling = path.back().left ? parent.right : parent.left;
  }
  for (uint32_t a = 0; a < (uint32_t{1} << depth); ++a) {
    if (depth > 0) {
      const uint32_t missed = low[a & ((1u << low_bits) - 1)] |
                              high[(a >> low_bits) & ((1u << (above - low_bits)) - 1)];
      const uint32_t at_parent = (a >> above) & 1u;  // 1: left at the parent
      const uint32_t parent_slot = uint32_t{1} << slot[path.back().node];
      masks[node] = ~(missed | ((at_parent ^ uint32_t{path.back().left}) ? parent_slot : 0u));
      masks[sibling] = ~(missed | ((at_parent ^ uint32_t{!path.back().left}) ? parent_slot : 0u));
    }
    bool reached = false;
    const double* contributions =
        LeafTableRow(records_.data(), l, masks, leaf_node_.data(), tables_.data(), &reached);
    double* out = &rows[static_cast<size_t>(a) * width];
    if (reached) out[width - 1] += leaf.value;
    if (!contributions) continue;
    for (int j = 0; j < leaf.size; ++j) out[columns[j]] += contributions[j];
  }
}

}  // namespace whyrec
