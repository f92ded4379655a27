#include "core/explain/trees/tree_shap.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <utility>

#include "core/explain/trees/tree_walk.h"

namespace whyrec {
namespace {

// Interventional tables beyond this many doubles (64 MiB) are not built; further leaves scan the
// background per row.
constexpr int64_t kMaxTableEntries = int64_t{1} << 23;
// Per-row leaves keep one byte per background row and path player; beyond 1 GiB it is an error.
constexpr int64_t kMaxBackgroundFlags = int64_t{1} << 30;

int BitCount(unsigned mask) { return __builtin_popcount(mask); }

// Path-dependent tables beyond this many doubles (8 MiB) are not built: LinearTreeShap's state
// is the size of the tree, so what the trees hold past it stays proportional to the model.
constexpr int64_t kMaxPathTableEntries = int64_t{1} << 20;
// A path-dependent tree is tabulated only when its tables hold at most this many doubles per
// node: full trees to depth 6 (192 per node), deeper ones with few long paths. There a table
// row per leaf is faster than LinearTreeShap's walk (about 2x at depth 6); deeper, the tables
// grow as 2^depth per leaf, cost as much to build, and the walk, depth / 2 per node, catches up.
constexpr int64_t kMaxTableEntriesPerNode = 256;
// The widget's size-optimised WebAssembly core (WHYREC_WIDGET_CORE) leaves LinearTreeShap out:
// 8.8 KB of its 150 KB budget. There deep trees take the per-leaf computation, exact but slower,
// which a page explaining one row at a time can afford.
#ifdef WHYREC_WIDGET_CORE
constexpr bool kLinearTreeShap = false;
#else
constexpr bool kLinearTreeShap = true;
#endif
// The widget's core also leaves out what only makes many rows faster: sibling tables and the
// split mask pass (each leaf then has its own table and the depth-first walk finds the masks).
#ifdef WHYREC_WIDGET_CORE
constexpr bool kManyRows = false;
#else
constexpr bool kManyRows = true;
#endif
// Accumulators the table rows of a row take turns on (Explain).
constexpr int kCopies = kManyRows ? 4 : 1;

// Whether the leaf's contributions are in its left sibling's table; constant false in the widget
// core, so that its build leaves the sibling code out.
bool InSiblingTable(const TreeLeafRecord& leaf) {
  return kManyRows && leaf.table_offset == kInSiblingTable;
}

// How a leaf shares tables (TreeLeafRecord): the table entries it would hold (a pair's at its
// left leaf, 0 at its right one, whose table_offset is kInSiblingTable), the sibling_slot of a
// pair's left leaf, and whether its table is its left sibling's. Leaves of paths longer than
// kMaxTablePlayers pair with no one.
struct LeafTablePlan {
  int64_t entries;
  int sibling_slot;
  bool in_sibling;
};

std::vector<LeafTablePlan> PlanTables(const TreeEnsemble& model, const std::vector<int>& player_of,
                                      const TreePaths& paths) {
  if constexpr (!kManyRows) return {};  // one table per leaf: the constructor asks no plan
  std::vector<LeafTablePlan> plan(paths.leaves.size());
  for (size_t l = 0; l < plan.size(); ++l) {
    const int k = paths.leaves[l].size();
    plan[l] = {(int64_t{1} << std::min(k, TreeShap::kMaxTablePlayers)) * k, -1, false};
  }
  std::vector<int> parent;
  for (size_t t = 0; t < model.trees().size(); ++t) {
    const Tree& tree = model.trees()[t];
    const TreeLayout& layout = paths.trees[t];
    parent.assign(tree.nodes.size(), -1);
    for (size_t n = 0; n < tree.nodes.size(); ++n) {
      if (tree.nodes[n].is_leaf()) continue;
      parent[tree.nodes[n].left] = parent[tree.nodes[n].right] = static_cast<int>(n);
    }
    for (size_t n = 0; n < tree.nodes.size(); ++n) {
      const TreeNode& node = tree.nodes[n];
      if (layout.slot[n] < 0 || node.left == node.right) continue;
      const int left = layout.leaf[node.left], right = layout.leaf[node.right];
      if (left < 0 || right < 0) continue;
      const int k = paths.leaves[left].size();
      if (k > TreeShap::kMaxTablePlayers) continue;
      // Whether the split's player split above it too.
      bool repeats = false;
      for (int a = parent[n]; a >= 0 && !repeats; a = parent[a]) {
        repeats = player_of[tree.nodes[a].feature] == player_of[node.feature];
      }
      plan[left] = {(int64_t{1} << (k + repeats)) * k, repeats ? layout.slot[n] : -1, false};
      plan[right] = {0, -1, true};
    }
  }
  return plan;
}

// Per tree: the table entries its leaves would need, or -1 when a path is too long for a table.
std::vector<int64_t> TableEntries(const TreePaths& paths, const std::vector<LeafTablePlan>& plan,
                                  size_t trees) {
  std::vector<int64_t> entries(trees, 0);
  for (size_t l = 0; l < paths.leaves.size(); ++l) {
    const LeafPath& leaf = paths.leaves[l];
    if (entries[leaf.tree] < 0) continue;
    entries[leaf.tree] =
        leaf.size() > TreeShap::kMaxTablePlayers ? -1 : entries[leaf.tree] + plan[l].entries;
  }
  return entries;
}

// The pair table of leaves `left` and `right` (TreeLeafRecord) from their own tables.
void SumSiblingTables(const double* left, const double* right, int k, int sibling_slot,
                      double* pair) {
  const unsigned masks = 1u << k;
  for (unsigned mask = 0; mask < masks; ++mask) {
    double* row = &pair[mask * k];
    if (sibling_slot < 0) {
      // The row follows the split's player (slot k - 1) to exactly one of the two leaves.
      const unsigned right_mask = mask ^ (1u << (k - 1));
      for (int j = 0; j < k; ++j) row[j] = left[mask * k + j] + right[right_mask * k + j];
      continue;
    }
    // Index bit k: the right leaf's bit sibling_slot (both bits set cannot happen).
    const unsigned bit = 1u << sibling_slot;
    double* row_right = &pair[(mask | masks) * k];
    for (int j = 0; j < k; ++j) {
      row[j] = left[mask * k + j] + right[(mask & ~bit) * k + j];
      row_right[j] = (mask & bit) ? 0.0 : left[mask * k + j] + right[(mask | bit) * k + j];
    }
  }
}

}  // namespace

TreeShapMode ParseTreeShapMode(const std::string& name) {
  if (name == "path") return TreeShapMode::kPathDependent;
  if (name == "interventional") return TreeShapMode::kInterventional;
  throw std::invalid_argument("tree mode must be \"path\" or \"interventional\", got \"" + name +
                              "\"");
}

std::string TreeShapModeName(TreeShapMode mode) {
  return mode == TreeShapMode::kPathDependent ? "path" : "interventional";
}

TreeShap::TreeShap(const TreeEnsemble& model, const Schema& schema, TreeShapMode mode,
                   const Background& background, bool interactions, int64_t expected_rows)
    : model_(model),
      schema_(schema),
      mode_(mode),
      paths_(ExtractLeafPaths(model, schema, mode == TreeShapMode::kPathDependent)),
      max_players_(paths_.max_path_players),
      background_rows_(background.size()),
      interactions_(interactions) {
  const int n_max = max_players_;
  weights_.assign((n_max + 1) * (n_max + 1), 0.0);
  for (int n = 1; n <= n_max; ++n) {
    double* w = &weights_[n * (n_max + 1)];
    w[0] = 1.0 / n;
    for (int s = 0; s + 1 < n; ++s) w[s + 1] = w[s] * (s + 1) / (n - 1 - s);
  }
  // Made once: a copy per row costs a few allocations, building it a dozen.
  settings_["tree_mode"] = TreeShapModeName(mode);
  if (mode == TreeShapMode::kInterventional) settings_["background_rows"] = background_rows_;
  settings_["players"] = schema.num_players();
  settings_["trees"] = static_cast<int>(model.trees().size());
  settings_["space"] = "margin";
  base_value_ = model.base_margin();
  if (mode == TreeShapMode::kInterventional) {
    if (background.width() != model.input_width()) {
      throw std::invalid_argument("the background has " + std::to_string(background.width()) +
                                  " columns but the tree ensemble " +
                                  std::to_string(model.input_width()) + " inputs");
    }
    background_weights_ = background.weights() / background.weights().sum();
    base_value_.setZero();
    for (int b = 0; b < background.size(); ++b) {
      base_value_ += background_weights_[b] * model.Margin(background.rows().row(b).data());
    }
  } else {
    for (const LeafPath& leaf : paths_.leaves) {
      double reach = 1;
      for (int p = leaf.players_begin; p < leaf.players_end; ++p) {
        reach *= paths_.players[p].zero_fraction;
      }
      base_value_[leaf.output] += leaf.value * reach;
    }
  }
  for (const PathPlayer& p : paths_.players) player_ids_.push_back(p.player);
  const std::vector<int> player_of = schema.player_of_columns();
  const std::vector<LeafTablePlan> plan = PlanTables(model, player_of, paths_);
  linear_of_tree_.assign(model.trees().size(), -1);
  if (kLinearTreeShap && mode == TreeShapMode::kPathDependent) {
    const std::vector<int64_t> entries = TableEntries(paths_, plan, model.trees().size());
    int64_t tabulated = 0;
    for (size_t t = 0; t < model.trees().size(); ++t) {
      const int64_t nodes = static_cast<int64_t>(model.trees()[t].nodes.size());
      if (entries[t] >= 0 && entries[t] <= kMaxTableEntriesPerNode * nodes &&
          tabulated + entries[t] <= kMaxPathTableEntries) {
        tabulated += entries[t];
        continue;
      }
      linear_of_tree_[t] = static_cast<int>(linear_.size());
      linear_.emplace_back(model.trees()[t], player_of);
    }
  }
  // Table space is laid out first and allocated once: growing it leaf by leaf copied and
  // faulted in megabytes, most of the setup time of large models.
  records_.resize(paths_.leaves.size());
  int64_t table_size = 0;
  for (size_t l = 0; l < paths_.leaves.size(); ++l) {
    const LeafPath& leaf = paths_.leaves[l];
    const int k = leaf.size();
    records_[l] = {-1, leaf.value, leaf.players_begin, k, leaf.output, -1};
    if (k == 0 || k > kMaxTablePlayers || linear_of_tree_[leaf.tree] >= 0) continue;
    if (kManyRows && plan[l].in_sibling) {
      if (records_[l - 1].table_offset >= 0) records_[l].table_offset = kInSiblingTable;
      continue;
    }
    const int64_t entries = kManyRows ? plan[l].entries : (int64_t{1} << k) * k;
    if (table_size + entries > kMaxTableEntries) continue;
    records_[l].table_offset = table_size;
    records_[l].sibling_slot = kManyRows ? plan[l].sibling_slot : -1;
    table_size += entries;
    ++tabulated_leaves_;
  }
  tables_.assign(table_size, 0.0);
  background_offset_.assign(paths_.leaves.size(), -1);
  for (size_t l = 0; l < paths_.leaves.size(); ++l) {
    const LeafPath& leaf = paths_.leaves[l];
    const int k = leaf.size();
    if (k == 0 || linear_of_tree_[leaf.tree] >= 0 || InSiblingTable(records_[l])) {
      continue;
    }
    double* table = records_[l].table_offset >= 0 ? &tables_[records_[l].table_offset] : nullptr;
    if (table && l + 1 < records_.size() && InSiblingTable(records_[l + 1])) {
      TabulateSiblings(static_cast<int>(l), background, table);
    } else if (table) {
      Tabulate(leaf, background, table);
    } else if (mode == TreeShapMode::kInterventional) {
      const int64_t needed =
          static_cast<int64_t>(background_follows_.size()) + int64_t{background.size()} * k;
      if (needed > kMaxBackgroundFlags) {
        throw std::invalid_argument(
            "interventional TreeSHAP would keep more than " + std::to_string(kMaxBackgroundFlags) +
            " background follow flags for the leaves of long paths; use fewer background rows "
            "(a summary, --background-summary) or the path mode");
      }
      background_offset_[l] = static_cast<int64_t>(background_follows_.size());
      for (int b = 0; b < background.size(); ++b) {
        for (int p = leaf.players_begin; p < leaf.players_end; ++p) {
          background_follows_.push_back(
              paths_.Follows(paths_.players[p], background.rows().row(b).data()));
        }
      }
    }
  }
  PrepareMaskPasses();
  if constexpr (kManyRows) {
    if (expected_rows < 0 || expected_rows >= kSubtreeTablesMinRows) {
      PrepareSubtreeTables();
    } else {
      subtrees_begin_.assign(model.trees().size() + 1, 0);
    }
  }
  if (interactions && mode == TreeShapMode::kInterventional) {
    mask_offset_.push_back(0);
    std::vector<std::pair<uint64_t, double>> masks;
    for (const LeafPath& leaf : paths_.leaves) {
      if (leaf.size() > 64) {
        throw std::invalid_argument(
            "interventional interaction values need paths of at most 64 "
            "players; a leaf of tree " +
            std::to_string(leaf.tree) + " has " + std::to_string(leaf.size()));
      }
      masks.clear();
      for (int b = 0; b < background.size(); ++b) {
        uint64_t mask = 0;
        for (int j = 0; j < leaf.size(); ++j) {
          mask |= uint64_t{paths_.Follows(paths_.players[leaf.players_begin + j],
                                          background.rows().row(b).data())}
                  << j;
        }
        masks.emplace_back(mask, background_weights_[b]);
      }
      std::sort(masks.begin(), masks.end());
      for (size_t i = 0; i < masks.size(); ++i) {
        if (i > 0 && masks[i].first == masks[i - 1].first) {
          background_masks_.back().second += masks[i].second;
        } else {
          background_masks_.push_back(masks[i]);
        }
      }
      mask_offset_.push_back(static_cast<int64_t>(background_masks_.size()));
    }
  }
}

void TreeShap::TabulateSiblings(int left, const Background& background, double* table) {
  if constexpr (!kManyRows) return;  // no siblings share tables there
  const int k = paths_.leaves[left].size();
  std::vector<double> left_table((size_t{1} << k) * k, 0.0), right_table(left_table.size(), 0.0);
  Tabulate(paths_.leaves[left], background, left_table.data());
  Tabulate(paths_.leaves[left + 1], background, right_table.data());
  SumSiblingTables(left_table.data(), right_table.data(), k, records_[left].sibling_slot, table);
}

void TreeShap::PrepareMaskPasses() {
  if constexpr (!kManyRows) return;
  const size_t trees = model_.trees().size();
  leaf_begin_.assign(trees + 1, static_cast<int>(paths_.leaves.size()));
  leaf_node_.resize(paths_.leaves.size());
  for (size_t t = trees; t-- > 0;) {
    const std::vector<int>& leaf_of_node = paths_.trees[t].leaf;
    leaf_begin_[t] = leaf_begin_[t + 1];
    for (size_t node = 0; node < leaf_of_node.size(); ++node) {
      if (leaf_of_node[node] < 0) continue;
      leaf_node_[leaf_of_node[node]] = static_cast<int>(node);
      leaf_begin_[t] = std::min(leaf_begin_[t], leaf_of_node[node]);
    }
  }
  mask_pass_of_tree_.assign(trees, -1);
  for (size_t t = 0; t < trees; ++t) {
    if (linear_of_tree_[t] >= 0 || model_.has_special_splits(static_cast<int>(t))) continue;
    bool tabulated = true;
    for (int l = leaf_begin_[t]; l < leaf_begin_[t + 1]; ++l) {
      const TreeLeafRecord& leaf = records_[l];
      tabulated = tabulated && (leaf.size == 0 || leaf.table_offset >= 0 || InSiblingTable(leaf));
    }
    if (!tabulated) continue;
    mask_pass_of_tree_[t] = static_cast<int>(mask_passes_.size());
    mask_passes_.emplace_back(model_.trees()[t], paths_.trees[t]);
    max_mask_nodes_ = std::max(max_mask_nodes_, model_.trees()[t].nodes.size());
  }
}

void TreeShap::Tabulate(const LeafPath& leaf, const Background& background, double* table) {
  const int k = leaf.size();
  const unsigned masks = 1u << k;
  if (mode_ == TreeShapMode::kPathDependent) {
    std::vector<double> z(k), poly(k + 1);
    for (int j = 0; j < k; ++j) z[j] = paths_.players[leaf.players_begin + j].zero_fraction;
    std::vector<char> hot(k);
    for (unsigned mask = 0; mask < masks; ++mask) {
      for (int j = 0; j < k; ++j) hot[j] = (mask >> j) & 1;
      PathLeafContributions(leaf.value, z.data(), hot.data(), k, &weights_[k * (max_players_ + 1)],
                            poly.data(), &table[mask * k]);
    }
    return;
  }
  // Interventional: a background row b counts for the row x only if b follows every player x
  // does not (B = those players, which must stay absent); the players x follows and b does not
  // (A) must be present. The leaf's game is then value * [A in S, B out of S], whose Shapley
  // values are weight(|A|-1, n) for A and -weight(|A|, n) for B, n = |A| + |B|. Background rows
  // enter only through their follow masks, so a weighted histogram of masks is all it needs,
  // and the table costs sum over masks F of 2^|F| = 3^k steps, whatever the background size.
  std::vector<double> histogram(masks, 0.0);
  for (int b = 0; b < background.size(); ++b) {
    unsigned mask = 0;
    for (int j = 0; j < k; ++j) {
      mask |= unsigned{paths_.Follows(paths_.players[leaf.players_begin + j],
                                      background.rows().row(b).data())}
              << j;
    }
    histogram[mask] += background_weights_[b];
  }
  const unsigned full = masks - 1;
  for (unsigned follows = 0; follows < masks; ++follows) {
    double* out = &table[follows * k];
    const unsigned absent = full & ~follows;
    const int absent_size = BitCount(absent), follows_size = BitCount(follows);
    double absent_total = 0;
    for (unsigned shared = follows;; shared = (shared - 1) & follows) {
      const double w = histogram[absent | shared];
      const int present_size = follows_size - BitCount(shared);
      const int n = present_size + absent_size;
      if (w != 0 && n > 0) {
        if (present_size > 0) {
          const double each = leaf.value * w * Weight(present_size - 1, n);
          for (unsigned rest = follows & ~shared; rest; rest &= rest - 1) {
            out[__builtin_ctz(rest)] += each;
          }
        }
        if (absent_size > 0) absent_total += leaf.value * w * Weight(present_size, n);
      }
      if (shared == 0) break;
    }
    for (unsigned rest = absent; rest; rest &= rest - 1) out[__builtin_ctz(rest)] -= absent_total;
  }
}

void TreeShap::AddPathDependent(const LeafPath& leaf, const std::vector<char>& follows,
                                double* phi) const {
  const int k = leaf.size();
  std::vector<double> z(k), poly(k + 1), out(k);
  for (int j = 0; j < k; ++j) z[j] = paths_.players[leaf.players_begin + j].zero_fraction;
  PathLeafContributions(leaf.value, z.data(), follows.data(), k, &weights_[k * (max_players_ + 1)],
                        poly.data(), out.data());
  const int players = schema_.num_players();
  for (int j = 0; j < k; ++j) {
    phi[leaf.output * players + paths_.players[leaf.players_begin + j].player] += out[j];
  }
}

// The same game as the interventional table, one background row at a time.
void TreeShap::AddInterventional(const LeafPath& leaf, int leaf_index,
                                 const std::vector<char>& follows, double* phi) const {
  const int k = leaf.size();
  std::vector<double> out(k);
  InterventionalLeafContributions(
      leaf.value, follows.data(), k, &background_follows_[background_offset_[leaf_index]],
      background_rows_, background_weights_.data(), weights_.data(), max_players_ + 1, out.data());
  const int players = schema_.num_players();
  for (int j = 0; j < k; ++j) {
    phi[leaf.output * players + paths_.players[leaf.players_begin + j].player] += out[j];
  }
}

void TreeShap::CheckInstance(const float* row, Eigen::Index size) const {
  const int d = model_.input_width();
  if (size != d) {
    throw std::invalid_argument("TreeSHAP: the instance has " + std::to_string(size) +
                                " values but the model " + std::to_string(d) + " inputs");
  }
  for (int c = 0; c < d; ++c) {
    if (std::isinf(row[c])) {
      throw std::invalid_argument("TreeSHAP: instance column " + std::to_string(c) + " ('" +
                                  schema_.features()[c].name +
                                  "') is infinite; use NaN for a missing value");
    }
  }
}

Explanation TreeShap::Explain(const Eigen::VectorXf& instance) const {
  CheckInstance(instance.data(), instance.size());
  std::vector<double> phi(static_cast<size_t>(model_.num_outputs()) * schema_.num_players(), 0.0);
  Eigen::VectorXd margin = model_.base_margin();
  if constexpr (kLinearTreeShap) {
    if (!linear_.empty()) {
      const float* row = instance.data();
      double* row_phi = phi.data();
      LinearTreeScratch scratch;
      AddLinearTrees(1, &row, &row_phi, &margin, scratch);
    }
  }
  return ExplainRest(instance.data(), std::move(phi), std::move(margin));
}

std::vector<Explanation> TreeShap::ExplainRows(ConstMatrixView rows) const {
  for (Eigen::Index r = 0; r < rows.rows(); ++r) {
    try {
      CheckInstance(rows.row(r).data(), rows.cols());
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument("row " + std::to_string(r) + ": " + e.what());
    }
  }
  const size_t stride = static_cast<size_t>(model_.num_outputs()) * schema_.num_players();
  std::vector<Explanation> explanations;
  explanations.reserve(static_cast<size_t>(rows.rows()));
  LinearTreeScratch scratch;
  constexpr int kBlock = LinearTreeShap::kRowBlock;
  for (Eigen::Index first = 0; first < rows.rows(); first += kBlock) {
    const int count = static_cast<int>(std::min<Eigen::Index>(kBlock, rows.rows() - first));
    std::vector<std::vector<double>> phi(count, std::vector<double>(stride, 0.0));
    std::vector<Eigen::VectorXd> margin(count, model_.base_margin());
    const float* block_rows[kBlock];
    double* block_phi[kBlock];
    for (int r = 0; r < count; ++r) {
      block_rows[r] = rows.row(first + r).data();
      block_phi[r] = phi[r].data();
    }
    if (kLinearTreeShap && !linear_.empty()) {
      AddLinearTrees(count, block_rows, block_phi, margin.data(), scratch);
    }
    for (int r = 0; r < count; ++r) {
      explanations.push_back(ExplainRest(block_rows[r], std::move(phi[r]), std::move(margin[r])));
    }
  }
  return explanations;
}

void TreeShap::AddLinearTrees(int count, const float* const* rows, double* const* phi,
                              Eigen::VectorXd* margin, LinearTreeScratch& scratch) const {
  const int players = schema_.num_players();
  double* tree_phi[LinearTreeShap::kRowBlock];
  double leaf[LinearTreeShap::kRowBlock];
  for (size_t t = 0; t < model_.trees().size(); ++t) {
    if (linear_of_tree_[t] < 0) continue;
    const Tree& tree = model_.trees()[t];
    for (int r = 0; r < count; ++r)
      tree_phi[r] = phi[r] + static_cast<size_t>(tree.output) * players;
    linear_[linear_of_tree_[t]].AddRows(tree, count, rows, tree_phi, leaf, scratch);
    for (int r = 0; r < count; ++r) margin[r][tree.output] += leaf[r];
  }
}

Explanation TreeShap::ExplainRest(const float* row, std::vector<double> phi,
                                  Eigen::VectorXd margin) const {
  const int outputs = model_.num_outputs();
  const int players = schema_.num_players();
  std::vector<char> follows(max_players_);
  std::vector<TreeWalkEntry> stack(model_.max_depth() + 2);
  // Table rows are scattered over megabytes: each is prefetched when its leaf is found and
  // added later, so that the memory accesses overlap. The walk meets leaves in ExtractLeafPaths'
  // order, so records and tables are read in order.
  struct TableRow {
    const double* contributions;
    const TreeLeafRecord* leaf;
  };
  // At most one row per tabulated leaf. Written through a pointer, and the hot loops read the
  // members' arrays through locals: a vector's push_back let the compiler assume it could change
  // any member, so each leaf reloaded records_, tables_ and leaf_node_ (the wide job's
  // ExplainRest, callgrind: 207.7 M -> 188.9 M instructions).
  const std::unique_ptr<TableRow[]> table_rows(
      new TableRow[static_cast<size_t>(tabulated_leaves_) + subtree_records_.size()]);
  size_t table_rows_written = 0;
  const TreeLeafRecord* const records = records_.data();
  const double* const tables = tables_.data();
  const int* const player_ids = player_ids_.data();
  uint64_t left_mask = 0;  // of the left leaf of a pair, until its right leaf reads their table
  std::vector<uint32_t> masks;
  if constexpr (kManyRows) masks.resize(max_mask_nodes_);
  // Every table row adds into the same few players (the root's player in each of a tree's
  // leaves), so one accumulator makes a chain of dependent loads and stores per player; rows
  // take turns over kCopies accumulators instead (phi itself where there is one), summed at the
  // end.
  // The copies' rows have one more column, the margin's, which subtree table rows add into.
  const int width = kCopies > 1 ? players + 1 : players;
  const size_t copy_stride = static_cast<size_t>(outputs) * width;
  std::vector<double> copies(kCopies > 1 ? kCopies * copy_stride : 0, 0.0);
  double* accumulators = kCopies > 1 ? copies.data() : phi.data();
  size_t added = 0;
  const auto add_table_rows = [&](size_t end) {
    for (; added < end; ++added) {
      const TreeLeafRecord& leaf = *table_rows[added].leaf;
      const double* contributions = table_rows[added].contributions;
      const int* player = player_ids + leaf.first_player;
      double* out =
          accumulators + (added % kCopies) * copy_stride + static_cast<size_t>(leaf.output) * width;
      for (int j = 0; j < leaf.size; ++j) out[player[j]] += contributions[j];
    }
  };
  // A tree's table rows are added while the next tree is walked: their prefetches have had a
  // tree's time to arrive, and few are in flight at once.
  size_t walked = 0;  // table rows of the trees before the previous one
  for (size_t t = 0; t < model_.trees().size(); ++t) {
    add_table_rows(walked);
    walked = table_rows_written;
    const Tree& tree = model_.trees()[t];
    if (kLinearTreeShap && linear_of_tree_[t] >= 0) continue;  // in phi and margin already
    if (kManyRows && subtrees_begin_[t] < subtrees_begin_[t + 1]) {
      const uint64_t decisions = mask_passes_[mask_pass_of_tree_[t]].Decisions(row);
      for (int s = subtrees_begin_[t]; s < subtrees_begin_[t + 1]; ++s) {
        const SubtreeTableRecord& subtree = subtree_records_[s];
        const int* ancestors = subtree_ancestors_.data() + subtree.ancestors_begin;
        uint32_t index =
            static_cast<uint32_t>((decisions >> subtree.first_split) & ((1u << subtree.splits) - 1))
            << subtree.depth;
        for (int j = 0; j < subtree.depth; ++j) {
          index |= static_cast<uint32_t>((decisions >> ancestors[j]) & 1u) << j;
        }
        const double* contributions =
            subtree_tables_.data() + subtree.rows.table_offset + int64_t{index} * subtree.rows.size;
        __builtin_prefetch(contributions);
        __builtin_prefetch(contributions + subtree.rows.size - 1);
        table_rows[table_rows_written++] = {contributions, &subtree.rows};
      }
      continue;
    }
    if (kManyRows && mask_pass_of_tree_[t] >= 0) {
      const uint32_t* const node_masks = masks.data();
      const int* const leaf_node = leaf_node_.data();
      mask_passes_[mask_pass_of_tree_[t]].Run(row, masks.data());
      double reached = 0;  // the value of the one leaf whose whole path the row follows
      TableRow* next = table_rows.get() + table_rows_written;
      for (int l = leaf_begin_[t], end = leaf_begin_[t + 1]; l < end; ++l) {
        bool follows_path = false;
        const double* contributions =
            LeafTableRow(records, l, node_masks, leaf_node, tables, &follows_path);
        reached += follows_path ? records[l].value : 0.0;
        if (!contributions) continue;
        __builtin_prefetch(contributions);
        __builtin_prefetch(contributions + records[l].size - 1);
        *next++ = {contributions, &records[l]};
      }
      table_rows_written = static_cast<size_t>(next - table_rows.get());
      margin[tree.output] += reached;
      continue;
    }
    const bool special = model_.has_special_splits(static_cast<int>(t));
    WalkLeafMasks(tree, special, paths_.trees[t], row, stack, [&](int l, uint64_t mask) {
      const TreeLeafRecord& leaf = records_[l];
      const int k = leaf.size;
      if (k <= 64) {
        const uint64_t all = k == 64 ? ~uint64_t{0} : (uint64_t{1} << k) - 1;
        if ((mask & all) == all) margin[leaf.output] += leaf.value;
      }
      if (k == 0) return;
      if (leaf.table_offset >= 0 || InSiblingTable(leaf)) {
        // A pair's table row is read at its right leaf, which the walk meets right after the
        // left one: the index needs both masks.
        const TreeLeafRecord* table_leaf = &leaf;
        uint64_t index = mask & ((uint64_t{1} << k) - 1);
        if (InSiblingTable(leaf)) {
          table_leaf = &records_[l - 1];
          const int slot = table_leaf->sibling_slot;
          index =
              (left_mask & ((uint64_t{1} << k) - 1)) | (slot >= 0 ? ((mask >> slot) & 1) << k : 0);
        } else if (static_cast<size_t>(l) + 1 < records_.size() &&
                   InSiblingTable(records_[l + 1])) {
          left_mask = mask;
          return;
        }
        const double* contributions =
            tables + table_leaf->table_offset + static_cast<int64_t>(index) * k;
        __builtin_prefetch(contributions);
        __builtin_prefetch(contributions + k - 1);
        table_rows[table_rows_written++] = {contributions, table_leaf};
        return;
      }
      // Slots beyond 64 do not fit the mask; their conditions are checked directly.
      bool reached = true;
      for (int j = 0; j < k; ++j) {
        follows[j] =
            j < 64 ? (mask >> j) & 1 : paths_.Follows(paths_.players[leaf.first_player + j], row);
        reached = reached && follows[j];
      }
      if (k > 64 && reached) margin[leaf.output] += leaf.value;
      if (mode_ == TreeShapMode::kPathDependent) {
        AddPathDependent(paths_.leaves[l], follows, phi.data());
      } else {
        AddInterventional(paths_.leaves[l], l, follows, phi.data());
      }
    });
  }
  add_table_rows(table_rows_written);
  Eigen::MatrixXd values(outputs, players);
  for (int o = 0; o < outputs; ++o) {
    for (int g = 0; g < players; ++g) {
      double sum = phi[static_cast<size_t>(o) * players + g];
      for (int c = 0; c < kCopies && kCopies > 1; ++c)
        sum += copies[c * copy_stride + o * width + g];
      values(o, g) = sum;
    }
    for (int c = 0; c < kCopies && kCopies > 1; ++c)
      margin[o] += copies[c * copy_stride + o * width + players];
  }
  return MakeExplanation(std::move(values), std::move(margin));
}

Explanation TreeShap::MakeExplanation(Eigen::MatrixXd values, Eigen::VectorXd margin) const {
  Explanation e;
  e.method = "tree";
  e.player_names = schema_.player_names();
  e.std_errors = Eigen::MatrixXd::Zero(values.rows(), values.cols());
  e.values = std::move(values);
  e.base_value = base_value_;
  e.model_output = std::move(margin);
  e.settings = settings_;
  return e;
}

int64_t TreeShap::StateBytes() const {
  int64_t bytes = 0;
  for (const TreeLayout& layout : paths_.trees) {
    bytes += static_cast<int64_t>((layout.slot.capacity() + layout.leaf.capacity()) * sizeof(int));
  }
  bytes += static_cast<int64_t>(paths_.leaves.capacity() * sizeof(LeafPath) +
                                paths_.players.capacity() * sizeof(PathPlayer) +
                                paths_.conditions.capacity() * sizeof(FeatureCondition) +
                                paths_.category_words.capacity() * sizeof(uint32_t));
  bytes += static_cast<int64_t>(
      records_.capacity() * sizeof(TreeLeafRecord) + player_ids_.capacity() * sizeof(int) +
      tables_.capacity() * sizeof(double) + background_offset_.capacity() * sizeof(int64_t) +
      background_follows_.capacity() + mask_offset_.capacity() * sizeof(int64_t) +
      background_masks_.capacity() * sizeof(background_masks_[0]) +
      (subtrees_begin_.capacity() + subtree_ancestors_.capacity()) * sizeof(int) +
      subtree_records_.capacity() * sizeof(SubtreeTableRecord) +
      subtree_tables_.capacity() * sizeof(double));
  for (const LinearTreeShap& linear : linear_) bytes += linear.bytes();
  if constexpr (kManyRows) {
    for (const SplitMaskPass& pass : mask_passes_) bytes += pass.bytes();
    bytes += static_cast<int64_t>(
        (leaf_begin_.capacity() + leaf_node_.capacity() + mask_pass_of_tree_.capacity()) *
        sizeof(int));
  }
  return bytes;
}

FlatTreeShapView TreeShap::View() const {
  FlatTreeShapView v{};
  v.path_dependent = mode_ == TreeShapMode::kPathDependent;
  v.width = model_.input_width();
  v.outputs = model_.num_outputs();
  v.players = schema_.num_players();
  v.max_path_players = max_players_;
  v.num_leaves = static_cast<int64_t>(records_.size());
  v.leaves = records_.data();
  v.num_path_players = static_cast<int64_t>(paths_.players.size());
  v.path_players = paths_.players.data();
  v.num_conditions = static_cast<int64_t>(paths_.conditions.size());
  v.conditions = paths_.conditions.data();
  v.num_category_words = static_cast<int64_t>(paths_.category_words.size());
  v.category_words = paths_.category_words.data();
  v.num_tables = static_cast<int64_t>(tables_.size());
  v.tables = tables_.data();
  v.weights = weights_.data();
  v.base_margin = model_.base_margin().data();
  if (mode_ == TreeShapMode::kInterventional) {
    v.background_rows = background_rows_;
    v.background_weights = background_weights_.data();
    v.background_offset = background_offset_.data();
    v.num_background_follows = static_cast<int64_t>(background_follows_.size());
    v.background_follows = background_follows_.data();
  }
  return v;
}

Explanation TreeShapValues(const TreeEnsemble& model, const Schema& schema,
                           const Eigen::VectorXf& instance, const Background& background,
                           TreeShapMode mode) {
  return TreeShap(model, schema, mode, background).Explain(instance);
}

}  // namespace whyrec
