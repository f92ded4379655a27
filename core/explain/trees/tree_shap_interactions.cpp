// SHAP interaction values of tree ensembles: TreeShap's pairwise terms, leaf by leaf.
#include <cmath>
#include <cstdint>
#include <stdexcept>

#include "core/explain/trees/tree_shap.h"
#include "core/explain/trees/tree_walk.h"

namespace whyrec {

void TreeShap::ForEachLeaf(
    const float* row,
    const std::function<void(int leaf, const std::vector<char>& follows)>& visit) const {
  std::vector<char> follows(max_players_);
  std::vector<TreeWalkEntry> stack(model_.max_depth() + 2);
  for (size_t t = 0; t < model_.trees().size(); ++t) {
    const bool special = model_.has_special_splits(static_cast<int>(t));
    WalkLeafMasks(
        model_.trees()[t], special, paths_.trees[t], row, stack, [&](int l, uint64_t mask) {
          const LeafPath& leaf = paths_.leaves[l];
          for (int j = 0; j < leaf.size(); ++j) {
            follows[j] = j < 64 ? (mask >> j) & 1
                                : paths_.Follows(paths_.players[leaf.players_begin + j], row);
          }
          visit(l, follows);
        });
  }
}

// The leaf's game is value * prod_j f_j(S) with f_j = [j hot] inside S and z_j outside, so
// the pair derivative is value * (o_i - z_i)(o_j - z_j) * (the product over the others), and
// Phi_ij = that times L2 of the others' polynomial, L2(R) = sum_s weight(s, k - 1) / 2 [t^s] R.
// With P as in PathLeafContributions, cold factors cancel the division: both cold gives
// value * L2(P), hot i and cold j gives -value (1 - z_i) L2(P / (t + z_i)), both hot
// value (1 - z_i)(1 - z_j) L2(P / ((t + z_i)(t + z_j))).
void TreeShap::AddPathInteractions(const LeafPath& leaf, const std::vector<char>& follows,
                                   std::vector<double>& scratch,
                                   std::vector<Eigen::MatrixXd>& out) const {
  const int k = leaf.size();
  if (k < 2) return;
  // One buffer for the leaf's arrays: no allocation per leaf once it is large enough.
  scratch.assign(4 * k + 1 + k * k, 0.0);
  double* z = scratch.data();
  double* half_weight = z + k;
  double* hot_cold = half_weight + k;
  double* poly = hot_cold + k;
  double* quotients = poly + k + 1;  // row i: P / (t + z_i), for hot i
  for (int s = 0; s + 1 < k; ++s) half_weight[s] = Weight(s, k - 1) / 2;
  poly[0] = 1.0;
  for (int j = 0; j < k; ++j) {
    z[j] = paths_.players[leaf.players_begin + j].zero_fraction;
    if (!follows[j]) poly[0] *= z[j];
  }
  int h = 0;
  for (int j = 0; j < k; ++j) {
    if (!follows[j]) continue;
    for (int s = h + 1; s >= 1; --s) poly[s] = poly[s - 1] + z[j] * poly[s];
    poly[0] *= z[j];
    ++h;
  }
  // L2 of r / (t + z) for r of degree `degree`, dividing from the leading coefficient.
  const auto l2_divided = [&](const double* r, int degree, double root) {
    double quotient = r[degree], sum = 0;
    for (int s = degree - 1; s >= 0; --s) {
      sum += half_weight[s] * quotient;
      quotient = r[s] - root * quotient;
    }
    return sum;
  };
  double both_cold = 0;
  if (h <= k - 2) {
    for (int s = 0; s <= h; ++s) both_cold += half_weight[s] * poly[s];
    both_cold *= leaf.value;
  }
  // Per hot player i: P / (t + z_i) and the pair term it has with any cold player.
  for (int i = 0; i < k; ++i) {
    if (!follows[i]) continue;
    double* q = quotients + i * k;
    q[h - 1] = poly[h];
    for (int s = h - 1; s >= 1; --s) q[s - 1] = poly[s] - z[i] * q[s];
    double sum = 0;
    for (int s = 0; s < h && h < k; ++s) sum += half_weight[s] * q[s];
    hot_cold[i] = -leaf.value * (1 - z[i]) * sum;
  }
  const int* player = &player_ids_[leaf.players_begin];
  Eigen::MatrixXd& phi = out[leaf.output];
  for (int i = 0; i < k; ++i) {
    for (int j = i + 1; j < k; ++j) {
      double pair;
      if (follows[i] && follows[j]) {
        pair = leaf.value * (1 - z[i]) * (1 - z[j]) * l2_divided(quotients + i * k, h - 1, z[j]);
      } else if (follows[i] || follows[j]) {
        pair = hot_cold[follows[i] ? i : j];
      } else {
        pair = both_cold;
      }
      phi(player[i], player[j]) += pair;
      phi(player[j], player[i]) += pair;
    }
  }
}

// Per background row, the leaf's game is value * [A in S][B out of S] (see Tabulate), whose
// pair terms are weight2(|A| - 2) within A, -weight2(|A| - 1) between A and B and
// weight2(|A|) within B, with weight2(s) = weight(s, n - 1) / 2 and n = |A| + |B|.
void TreeShap::AddInterventionalInteractions(int leaf_index, const std::vector<char>& follows,
                                             std::vector<Eigen::MatrixXd>& out) const {
  const LeafPath& leaf = paths_.leaves[leaf_index];
  const int k = leaf.size();
  if (k < 2) return;
  const uint64_t full = k == 64 ? ~uint64_t{0} : (uint64_t{1} << k) - 1;
  uint64_t followed = 0;
  for (int j = 0; j < k; ++j) followed |= uint64_t{static_cast<unsigned char>(follows[j])} << j;
  const uint64_t absent = full & ~followed;
  const int absent_size = __builtin_popcountll(absent);
  const int* player = &player_ids_[leaf.players_begin];
  Eigen::MatrixXd& phi = out[leaf.output];
  const auto add_pairs = [&](uint64_t first, uint64_t second, double amount) {
    for (uint64_t a = first; a; a &= a - 1) {
      const int i = __builtin_ctzll(a);
      for (uint64_t b = second; b; b &= b - 1) {
        const int j = __builtin_ctzll(b);
        if (first == second && j <= i) continue;
        phi(player[i], player[j]) += amount;
        phi(player[j], player[i]) += amount;
      }
    }
  };
  for (int64_t m = mask_offset_[leaf_index]; m < mask_offset_[leaf_index + 1]; ++m) {
    const auto [background, weight] = background_masks_[m];
    if (absent & ~background) continue;
    const uint64_t present = followed & ~background;
    const int present_size = __builtin_popcountll(present);
    const int n = present_size + absent_size;
    if (n < 2) continue;
    const double v = leaf.value * weight / 2;
    if (present_size >= 2) add_pairs(present, present, v * Weight(present_size - 2, n - 1));
    if (present_size >= 1 && absent_size >= 1) {
      add_pairs(present, absent, -v * Weight(present_size - 1, n - 1));
    }
    if (absent_size >= 2) add_pairs(absent, absent, v * Weight(present_size, n - 1));
  }
}

std::vector<Eigen::MatrixXd> TreeShap::Interactions(const Eigen::VectorXf& instance,
                                                    const Eigen::MatrixXd& values) const {
  const int players = schema_.num_players();
  if (mode_ == TreeShapMode::kInterventional && !interactions_) {
    throw std::invalid_argument(
        "TreeSHAP was built without interaction tables; construct it with interactions = true");
  }
  std::vector<Eigen::MatrixXd> out(model_.num_outputs(), Eigen::MatrixXd::Zero(players, players));
  std::vector<double> scratch;
  ForEachLeaf(instance.data(), [&](int l, const std::vector<char>& follows) {
    if (mode_ == TreeShapMode::kPathDependent) {
      AddPathInteractions(paths_.leaves[l], follows, scratch, out);
    } else {
      AddInterventionalInteractions(l, follows, out);
    }
  });
  for (size_t k = 0; k < out.size(); ++k) {
    for (int i = 0; i < players; ++i) {
      out[k](i, i) = values(k, i) - (out[k].row(i).sum() - out[k](i, i));
    }
  }
  return out;
}

Explanation TreeShap::ExplainWithInteractions(const Eigen::VectorXf& instance) const {
  Explanation e = Explain(instance);
  const std::vector<Eigen::MatrixXd> matrices = Interactions(instance, e.values);
  const int players = schema_.num_players();
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (int i = 0; i < players; ++i) {
    nlohmann::ordered_json row = nlohmann::ordered_json::array();
    for (int j = 0; j < players; ++j) {
      if (matrices.size() == 1) {
        row.push_back(matrices[0](i, j));
        continue;
      }
      nlohmann::ordered_json per_output = nlohmann::ordered_json::array();
      for (const auto& m : matrices) per_output.push_back(m(i, j));
      row.push_back(std::move(per_output));
    }
    rows.push_back(std::move(row));
  }
  e.extra["interaction_values"] = std::move(rows);
  e.settings["interactions"] = true;
  return e;
}

}  // namespace whyrec
