#pragma once

// TreeShap's precomputed state as flat arrays, and the work of one (row, leaf) pair on them:
// what a GPU kernel needs, in a form the CPU tests run too. Pointers may be host or device
// memory; nothing here allocates.

#include <cstdint>

#include "core/explain/trees/tree_shap_leaf.h"

namespace whyrec {

// table_offset of a leaf whose contributions are in its left sibling's table.
constexpr int64_t kInSiblingTable = -2;

// What explaining a row reads per leaf. Two leaves under one split have the same path players,
// so when both are tabulated their tables are summed into one, kept at the left leaf and indexed
// by its mask: where the split's player is new on the path the row follows it to exactly one of
// the two, so the left mask decides the right one (2^k rows, the size of one leaf's table);
// where the player split above too (sibling_slot s), the row may miss both, and the right leaf's
// bit s extends the index (2^(k+1) rows). A row reads one table row for the two leaves.
struct TreeLeafRecord {
  // Of the leaf's table (k values per row) in tables; -1 when computed per row;
  // kInSiblingTable for the right leaf of a pair.
  int64_t table_offset;
  double value;
  int32_t first_player;  // into path_players
  int32_t size;          // k, the players on the leaf's path
  int32_t output;
  // For the left leaf of a pair whose split's player split above too: that player's slot, whose
  // bit in the right leaf's mask is bit k of the table index; -1 otherwise.
  int32_t sibling_slot;
};

// Leaf l's table row for a row whose SplitMaskPass masks are node_masks (leaf_node[l]: the leaf's
// node), or nullptr where it has none (its left sibling's row holds it, or it has no players).
// *reached: whether the row follows its whole path.
inline const double* LeafTableRow(const TreeLeafRecord* records, int l, const uint32_t* node_masks,
                                  const int* leaf_node, const double* tables, bool* reached) {
  const TreeLeafRecord& leaf = records[l];
  const int k = leaf.size;
  const uint32_t all = (uint32_t{1} << k) - 1;
  const uint32_t mask = node_masks[leaf_node[l]] & all;
  *reached = mask == all;
  if (leaf.table_offset < 0) return nullptr;
  uint32_t index = mask;
  if (leaf.sibling_slot >= 0) {
    index |= ((node_masks[leaf_node[l + 1]] >> leaf.sibling_slot) & 1u) << k;
  }
  return tables + leaf.table_offset + int64_t{index} * k;
}

struct FlatTreeShapView {
  bool path_dependent;
  int width;    // row width
  int outputs;  // model outputs (classes)
  int players;
  int max_path_players;
  int64_t num_leaves;
  const TreeLeafRecord* leaves;
  int64_t num_path_players;
  const PathPlayer* path_players;
  int64_t num_conditions;
  const FeatureCondition* conditions;
  int64_t num_category_words;
  const uint32_t* category_words;  // the bitsets of categorical conditions
  int64_t num_tables;
  const double* tables;
  // weight(s, n) = s! (n - s - 1)! / n! at n * (max_path_players + 1) + s.
  const double* weights;
  const double* base_margin;  // per output
  // Interventional leaves without a table: their background rows x k follow flags start at
  // background_offset[leaf] in background_follows.
  int background_rows;
  const double* background_weights;  // normalized to sum 1
  const int64_t* background_offset;  // per leaf; null in path-dependent mode
  int64_t num_background_follows;
  const char* background_follows;

  WHYREC_HOST_DEVICE int weight_stride() const { return max_path_players + 1; }
  WHYREC_HOST_DEVICE int64_t num_weights() const {
    return int64_t{weight_stride()} * weight_stride();
  }
};

// Per-thread scratch for leaves computed per row, each array max_path_players long (poly one
// more).
struct LeafScratch {
  char* hot;
  double* zero_fraction;
  double* poly;
  double* out;
};

// Adds leaf `leaf`'s contributions for `row` through add(output * players + player, amount)
// and returns whether the row reaches the leaf (its value is then part of the row's margin).
// Summed over all leaves, the contributions are TreeShap::Explain's values.
template <typename Add>
WHYREC_HOST_DEVICE bool ExplainLeaf(const FlatTreeShapView& m, const float* row, int64_t leaf,
                                    const LeafScratch& scratch, const Add& add) {
  const TreeLeafRecord& record = m.leaves[leaf];
  const int k = record.size;
  const PathPlayer* players = m.path_players + record.first_player;
  const int base = record.output * m.players;
  if (record.table_offset >= 0 || record.table_offset == kInSiblingTable) {
    unsigned mask = 0;
    for (int j = 0; j < k; ++j) {
      mask |= unsigned{FollowsPlayer(players[j], m.conditions, m.category_words, row)} << j;
    }
    const bool reached = mask + 1 == 1u << k;
    if (record.table_offset == kInSiblingTable) return reached;
    unsigned index = mask;
    if (record.sibling_slot >= 0) {
      const PathPlayer& sibling =
          m.path_players[m.leaves[leaf + 1].first_player + record.sibling_slot];
      index |= unsigned{FollowsPlayer(sibling, m.conditions, m.category_words, row)} << k;
    }
    const double* contributions = m.tables + record.table_offset + int64_t{index} * k;
    for (int j = 0; j < k; ++j) add(base + players[j].player, contributions[j]);
    return reached;
  }
  bool reached = true;
  for (int j = 0; j < k; ++j) {
    scratch.hot[j] = FollowsPlayer(players[j], m.conditions, m.category_words, row);
    reached = reached && scratch.hot[j];
  }
  if (k == 0) return true;
  if (m.path_dependent) {
    for (int j = 0; j < k; ++j) scratch.zero_fraction[j] = players[j].zero_fraction;
    PathLeafContributions(record.value, scratch.zero_fraction, scratch.hot, k,
                          m.weights + k * m.weight_stride(), scratch.poly, scratch.out);
  } else {
    InterventionalLeafContributions(
        record.value, scratch.hot, k, m.background_follows + m.background_offset[leaf],
        m.background_rows, m.background_weights, m.weights, m.weight_stride(), scratch.out);
  }
  for (int j = 0; j < k; ++j) add(base + players[j].player, scratch.out[j]);
  return reached;
}

}  // namespace whyrec
