#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "core/background.h"
#include "core/explain/explanation.h"
#include "core/explain/trees/flat_tree_shap.h"
#include "core/explain/trees/linear_tree_shap.h"
#include "core/explain/trees/tree_paths.h"
#include "core/explain/trees/tree_walk.h"
#include "core/huge_page_allocator.h"
#include "core/matrix.h"
#include "core/models/tree_ensemble.h"
#include "core/schema.h"

namespace whyrec {

// kPathDependent: the conditional expectation follows the training cover of each split
// (shap's feature_perturbation="tree_path_dependent", XGBoost's pred_contribs).
// kInterventional: absent players take the values of the background rows, weighted.
enum class TreeShapMode { kPathDependent, kInterventional };

// "path" or "interventional"; throws std::invalid_argument naming the choices otherwise.
TreeShapMode ParseTreeShapMode(const std::string& name);
std::string TreeShapModeName(TreeShapMode mode);

// Exact Shapley values of a tree ensemble's margin, read from its structure (no model
// evaluation). The game is decomposed by leaf: a leaf's contribution to a player depends on the
// row only through which of its path's k players the row follows (a k-bit mask). For paths
// with k <= kMaxTablePlayers the contributions for all 2^k masks can be tabulated once, so
// explaining a row costs one mask and one table row per leaf, whatever the background size.
// For jobs of many rows, trees of shallow leaves go further: their leaves' rows are summed into
// tables of subtrees (subtree_records_), and a row reads one table row per subtree.
// Path-dependent trees whose tables would not pay (TabulatesTree) run LinearTreeShap instead:
// one walk per row in O(nodes x depth / 2), with state the size of the tree. Interventional
// leaves without a table scan the background per row. Everything is in double precision
// without division by cover fractions, so deep trees (depth 20 and beyond) stay additive.
//
// Construct once, then Explain() any number of rows; Explain() is const and safe to call from
// several threads at once. The model must outlive the TreeShap.
class TreeShap {
 public:
  static constexpr int kMaxTablePlayers = 8;
  // A subtree table's row index has at most this many bits (256 rows).
  static constexpr int kMaxSubtreeTableBits = 8;

  // Subtree tables (below) are built when the caller expects to explain at least this many rows,
  // or does not say: building them costs about as much as explaining a few hundred rows saves
  // (callgrind: 67 M instructions on the reference job, 119 k saved a row; wide 13 M and 44 k).
  static constexpr int64_t kSubtreeTablesMinRows = 512;

  // The background is read in interventional mode only; `interactions` keeps what interaction
  // values need there (each leaf's distinct background follow masks); expected_rows: how many
  // rows will be explained, -1 if not known. Throws std::invalid_argument when widths disagree or
  // (path-dependent) a split has no cover.
  TreeShap(const TreeEnsemble& model, const Schema& schema, TreeShapMode mode,
           const Background& background, bool interactions = false, int64_t expected_rows = -1);

  // Values are outputs x players of the margin; base_value is E[margin] (cover-weighted or
  // over the background). Missing values (NaN) follow the trees' default directions; infinite
  // values are rejected.
  Explanation Explain(const Eigen::VectorXf& instance) const;

  // Explain() of each row, equal to it bit for bit, faster for deep trees: their LinearTreeShap
  // walks carry blocks of LinearTreeShap::kRowBlock rows. Throws for the first row Explain()
  // would refuse, naming it ("row 3: ...").
  std::vector<Explanation> ExplainRows(ConstMatrixView rows) const;

  // Throws std::invalid_argument if Explain() would refuse the row: a width that is not the
  // model's, or an infinite value (named by its column).
  void CheckInstance(const float* row, Eigen::Index size) const;

  // SHAP interaction values (the Shapley interaction index; XGBoost's pred_interactions in path
  // mode): per output a players x players matrix whose rows sum to the SHAP values, given the
  // instance's SHAP values `values` (outputs x players, from Explain). Off the diagonal, a
  // leaf's game is a product over its path (path-dependent) or, per background row, a
  // unanimity game (interventional), so each pair has a closed form; the diagonal is the rest.
  std::vector<Eigen::MatrixXd> Interactions(const Eigen::VectorXf& instance,
                                            const Eigen::MatrixXd& values) const;

  // Explain() plus "interaction_values" (players x players; with k > 1 outputs each entry is an
  // array of k numbers) in the explanation's extra fields.
  Explanation ExplainWithInteractions(const Eigen::VectorXf& instance) const;

  // The precomputed state as flat arrays (valid while this TreeShap lives), for devices that
  // compute values leaf by leaf (ExplainLeaf).
  FlatTreeShapView View() const;

  // The explanation of a row whose values (outputs x players) and margin were computed
  // elsewhere, with the same fields and settings as Explain().
  Explanation MakeExplanation(Eigen::MatrixXd values, Eigen::VectorXd margin) const;

  // Bytes of precomputed state held (paths, tables, per-tree factors, background flags).
  int64_t StateBytes() const;

 private:
  // Adds the leaf's contributions for each of its 2^k masks into `table` (zeros on entry).
  void Tabulate(const LeafPath& leaf, const Background& background, double* table);
  // The table of leaf `left` and its right sibling (TreeLeafRecord), into `table`.
  void TabulateSiblings(int left, const Background& background, double* table);
  // Adds the LinearTreeShap trees' values of rows[0..count) into phi[r] (outputs x players) and
  // the values of the leaves they reach into margin[r].
  void AddLinearTrees(int count, const float* const* rows, double* const* phi,
                      Eigen::VectorXd* margin, LinearTreeScratch& scratch) const;
  // Explain() of a checked row, given the LinearTreeShap trees' part of its values and margin.
  Explanation ExplainRest(const float* row, std::vector<double> phi, Eigen::VectorXd margin) const;
  // Chooses the trees whose leaves Explain() finds by SplitMaskPass.
  void PrepareMaskPasses();
  // Covers the mask-pass trees with subtree tables where the budget allows (subtree_records_).
  void PrepareSubtreeTables();
  // The rows of the subtree table at `node` of tree t (tree_shap_subtree_tables.cpp).
  struct SubtreeStep {
    int node;   // a split
    bool left;  // whether the path goes left there
  };
  void SubtreeTable(int t, int node, std::vector<SubtreeStep>& path,
                    const std::vector<int>& split_count, int width, const int* column,
                    uint32_t* masks, double* rows);
  void LeafSubtreeRows(int t, int node, const std::vector<SubtreeStep>& path, int width,
                       const int* column, uint32_t* masks, double* rows);
  void AddPathDependent(const LeafPath& leaf, const std::vector<char>& follows, double* phi) const;
  void AddInterventional(const LeafPath& leaf, int leaf_index, const std::vector<char>& follows,
                         double* phi) const;
  // weight(s, n) = s! (n - s - 1)! / n!
  double Weight(int s, int n) const { return weights_[n * (max_players_ + 1) + s]; }
  // The players a row follows on each leaf's path, leaf by leaf.
  void ForEachLeaf(
      const float* row,
      const std::function<void(int leaf, const std::vector<char>& follows)>& visit) const;
  void AddPathInteractions(const LeafPath& leaf, const std::vector<char>& follows,
                           std::vector<double>& scratch, std::vector<Eigen::MatrixXd>& out) const;
  void AddInterventionalInteractions(int leaf_index, const std::vector<char>& follows,
                                     std::vector<Eigen::MatrixXd>& out) const;

  const TreeEnsemble& model_;
  Schema schema_;
  TreeShapMode mode_;
  TreePaths paths_;
  int max_players_;
  std::vector<double> weights_;
  int background_rows_;
  nlohmann::ordered_json settings_ = nlohmann::ordered_json::object();  // every row's
  // What Explain() reads per leaf, packed and in the order its walk meets the leaves.
  std::vector<TreeLeafRecord> records_;
  // The player of each path player, as in paths_.players; then the subtree tables' columns.
  std::vector<int> player_ids_;
  HugePageVector<double> tables_;  // read at random, megabytes
  int64_t tabulated_leaves_ = 0;
  // Path-dependent trees without tables: linear_[linear_of_tree_[t]]; -1 for tabulated trees.
  std::vector<int> linear_of_tree_;
  std::vector<LinearTreeShap> linear_;
  // Trees of numerical splits whose leaves all read tables (or one leaf, no players): their
  // masks come from mask_passes_[mask_pass_of_tree_[t]]; -1 for the others. Tree t's leaves are
  // [leaf_begin_[t], leaf_begin_[t + 1]), leaf l is node leaf_node_[l] of its tree.
  std::vector<int> mask_pass_of_tree_;
  std::vector<SplitMaskPass> mask_passes_;
  std::vector<int> leaf_begin_;
  std::vector<int> leaf_node_;
  size_t max_mask_nodes_ = 0;
  // Subtree tables: a mask-pass tree whose leaves are at most kMaxSubtreeTableBits deep is
  // covered by subtrees (the whole tree when it has few splits) each with one table row per way
  // a row can go at the splits above it and in it (SplitMaskPass::Decisions): its leaves' table
  // rows summed by player and, last, the value of the leaf the row reaches in it (else 0). A
  // row then reads one table row per subtree instead of one per leaf (or pair of leaves). Tree
  // t's tables are subtree_records_[subtrees_begin_[t] .. subtrees_begin_[t + 1]).
  struct SubtreeTableRecord {
    // rows.table_offset: into subtree_tables_; rows.size columns, whose players are in player_ids_
    // from rows.first_player (the last, the margin, is the player count).
    TreeLeafRecord rows;
    int32_t depth;            // splits above the subtree's root
    int32_t ancestors_begin;  // their preorder numbers, root first, in subtree_ancestors_
    int32_t first_split;      // the root's preorder number (0 for a leaf)
    int32_t splits;           // in the subtree
  };
  std::vector<int> subtrees_begin_;
  std::vector<SubtreeTableRecord> subtree_records_;
  std::vector<int> subtree_ancestors_;
  HugePageVector<double> subtree_tables_;
  // Interventional, per leaf without a table: offset of background rows x k follow flags.
  std::vector<int64_t> background_offset_;
  std::vector<char> background_follows_;
  Eigen::VectorXd background_weights_;
  // Interventional interactions, per leaf: its distinct background follow masks and their
  // weights, entries [mask_offset_[l], mask_offset_[l + 1]).
  bool interactions_;
  std::vector<int64_t> mask_offset_;
  std::vector<std::pair<uint64_t, double>> background_masks_;
  Eigen::VectorXd base_value_;
};

// One row, for callers that explain a single instance.
Explanation TreeShapValues(const TreeEnsemble& model, const Schema& schema,
                           const Eigen::VectorXf& instance, const Background& background,
                           TreeShapMode mode);

}  // namespace whyrec
