#include "core/explain/counterfactual/counterfactual_search.h"

#include <algorithm>
#include <limits>
#include <set>
#include <stdexcept>

#include "core/explain/sequence/history_target.h"

namespace whyrec {
namespace {

constexpr double kUntried = std::numeric_limits<double>::infinity();

// n choose k, saturating: the search only compares it with budgets.
int64_t Choose(int n, int k) {
  if (k < 0 || k > n) return 0;
  double count = 1;
  for (int i = 1; i <= k; ++i) count = count * (n - k + i) / i;
  return count > 1e15 ? int64_t{1} << 50 : static_cast<int64_t>(count + 0.5);
}

// Calls visit(combination) for every k-subset of 0..n-1, in lexicographic order.
template <typename Visit>
void ForEachCombination(int n, int k, Visit visit) {
  std::vector<int> c(static_cast<size_t>(k));
  for (int i = 0; i < k; ++i) c[static_cast<size_t>(i)] = i;
  while (true) {
    visit(c);
    int i = k - 1;
    while (i >= 0 && c[static_cast<size_t>(i)] == n - k + i) --i;
    if (i < 0) return;
    ++c[static_cast<size_t>(i)];
    for (int j = i + 1; j < k; ++j) c[static_cast<size_t>(j)] = c[static_cast<size_t>(j - 1)] + 1;
  }
}

}  // namespace

CounterfactualSearch::CounterfactualSearch(CounterfactualConfig config)
    : config_(std::move(config)), players_(config_.num_players()) {
  std::vector<Edit> first = {{}};
  // Occlusion: every single edit, unless the greedy baseline is handed its order.
  if (config_.search == SearchKind::kFull || config_.attribution.empty()) {
    for (int i = 0; i < players_; ++i) first.push_back({i});
  }
  Schedule(first);
}

void CounterfactualSearch::Schedule(const std::vector<Edit>& edits) {
  std::set<Edit> queued(pending_.begin(), pending_.end());
  for (const Edit& edit : edits) {
    if (Tried(edit) || queued.count(edit)) continue;
    if (static_cast<int64_t>(pending_.size()) >= BudgetLeft()) {
      budget_cut_ = true;
      return;
    }
    pending_.push_back(edit);
    queued.insert(edit);
  }
}

IdBatch CounterfactualSearch::next() {
  while (pending_.empty() && phase_ != Phase::kDone) Advance();
  const auto rows =
      std::min<int64_t>(static_cast<int64_t>(pending_.size()), config_.base.max_batch_rows);
  asked_.assign(pending_.begin(), pending_.begin() + rows);
  pending_.erase(pending_.begin(), pending_.begin() + rows);
  IdBatch ids(rows, history().layout().length);
  for (Eigen::Index r = 0; r < rows; ++r) Write(asked_[static_cast<size_t>(r)], ids.row(r).data());
  if (rows > 0) ++rounds_;
  model_calls_ += rows;
  return ids;
}

void CounterfactualSearch::tell(ConstMatrixView scores) {
  if (scores.rows() != static_cast<Eigen::Index>(asked_.size())) {
    throw std::invalid_argument("tell() expected scores for " + std::to_string(asked_.size()) +
                                " histories, got " + std::to_string(scores.rows()));
  }
  for (Eigen::Index r = 0; r < scores.rows(); ++r) {
    Record(asked_[static_cast<size_t>(r)], scores.row(r).data(), scores.cols());
  }
  asked_.clear();
}

void CounterfactualSearch::Advance() {
  if (BudgetLeft() <= 0 && phase_ != Phase::kStart) {
    budget_cut_ = true;
    phase_ = Phase::kDone;
    return;
  }
  switch (phase_) {
    case Phase::kStart:
      return AfterStart();
    case Phase::kGreedy:
      return AfterGreedy();
    case Phase::kShrink:
      // A smaller edit works: shrink it in turn; else look for one by beam search.
      return best_->players.size() < static_cast<size_t>(shrink_from_) ? StartShrink()
                                                                       : StartBeam();
    case Phase::kBeam:
      return AfterBeam();
    case Phase::kExhaustive:
      if (best_->players.size() <= static_cast<size_t>(exhaustive_size_)) {
        phase_ = Phase::kDone;  // every smaller size was checked before this one
        return;
      }
      return StartExhaustive();
    case Phase::kDone:
      return;
  }
}

void CounterfactualSearch::AfterStart() {
  if (best_ || players_ == 0) {
    phase_ = Phase::kDone;
    return;
  }
  order_.resize(static_cast<size_t>(players_));
  for (int i = 0; i < players_; ++i) order_[static_cast<size_t>(i)] = i;
  const auto& values = config_.attribution;
  if (!values.empty()) {
    std::stable_sort(order_.begin(), order_.end(), [&](int a, int b) {
      return values[static_cast<size_t>(a)] > values[static_cast<size_t>(b)];
    });
  } else {
    std::stable_sort(order_.begin(), order_.end(),
                     [&](int a, int b) { return GapOf({a}) < GapOf({b}); });
  }
  phase_ = Phase::kGreedy;
  greedy_next_ = 1;
  greedy_chunk_ = 4;
  AfterGreedy();
}

// Schedules the next prefixes of the greedy order (batches of 4, 8, 16, ...: a small answer costs
// few histories, a large one few rounds), or moves on once a prefix works.
void CounterfactualSearch::AfterGreedy() {
  if (best_) {
    if (config_.search == SearchKind::kGreedy) {
      phase_ = Phase::kDone;
    } else {
      StartShrink();
    }
    return;
  }
  if (greedy_next_ > players_) {
    phase_ = Phase::kDone;  // not even removing (adding) every player works
    return;
  }
  std::vector<Edit> prefixes;
  const int last = std::min(players_, greedy_next_ + greedy_chunk_ - 1);
  for (int size = greedy_next_; size <= last; ++size) {
    Edit edit(order_.begin(), order_.begin() + size);
    std::sort(edit.begin(), edit.end());
    prefixes.push_back(std::move(edit));
  }
  greedy_next_ = last + 1;
  greedy_chunk_ *= 2;
  Schedule(prefixes);
}

void CounterfactualSearch::StartShrink() {
  phase_ = Phase::kShrink;
  shrink_from_ = static_cast<int>(best_->players.size());
  std::vector<Edit> smaller;
  for (size_t drop = 0; drop < best_->players.size() && best_->players.size() > 1; ++drop) {
    Edit edit = best_->players;
    edit.erase(edit.begin() + static_cast<std::ptrdiff_t>(drop));
    smaller.push_back(std::move(edit));
  }
  Schedule(smaller);
}

void CounterfactualSearch::StartBeam() {
  phase_ = Phase::kBeam;
  beam_.clear();
  for (int i = 0; i < players_; ++i) {
    if (Tried({i})) beam_.push_back({i});
  }
  beam_size_ = 1;
  AfterBeam();
}

// Keeps the beam_width edits of the last size closest to the goal and grows each by one player;
// a success sends the smaller answer to be shrunk, and a beam that reaches the answer's size
// hands over to the exhaustive check.
void CounterfactualSearch::AfterBeam() {
  const size_t size = best_->players.size();
  if (size <= static_cast<size_t>(beam_size_)) return StartShrink();
  if (static_cast<size_t>(beam_size_ + 1) >= size) return StartExhaustive();
  std::stable_sort(beam_.begin(), beam_.end(),
                   [&](const Edit& a, const Edit& b) { return GapOf(a) < GapOf(b); });
  if (beam_.size() > static_cast<size_t>(config_.beam_width)) beam_.resize(config_.beam_width);
  std::set<Edit> grown;
  for (const Edit& edit : beam_) {
    for (int j = 0; j < players_; ++j) {
      if (std::binary_search(edit.begin(), edit.end(), j)) continue;
      Edit bigger = edit;
      bigger.insert(std::upper_bound(bigger.begin(), bigger.end(), j), j);
      grown.insert(std::move(bigger));
    }
  }
  beam_.assign(grown.begin(), grown.end());
  ++beam_size_;
  Schedule(beam_);
}

// Evaluates every edit of the smallest size not yet fully checked, while that size is below the
// answer's and its edits fit in what is left of exhaustive_rows and the budget.
void CounterfactualSearch::StartExhaustive() {
  phase_ = Phase::kExhaustive;
  exhaustive_size_ = LevelsChecked() + 1;
  if (best_->players.size() <= static_cast<size_t>(exhaustive_size_)) {
    phase_ = Phase::kDone;
    return;
  }
  int64_t missing = Choose(players_, exhaustive_size_);
  for (const auto& [edit, outcome] : outcomes_) {
    missing -= static_cast<int>(edit.size()) == exhaustive_size_;
  }
  if (missing > BudgetLeft() || exhaustive_spent_ + missing > config_.exhaustive_rows) {
    phase_ = Phase::kDone;
    return;
  }
  exhaustive_spent_ += missing;
  std::vector<Edit> all;
  ForEachCombination(players_, exhaustive_size_, [&](const Edit& edit) {
    if (!Tried(edit)) all.push_back(edit);
  });
  Schedule(all);
}

int CounterfactualSearch::LevelsChecked() const {
  std::vector<int64_t> tried(static_cast<size_t>(players_) + 1, 0);
  for (const auto& entry : outcomes_) ++tried[entry.first.size()];
  int level = -1;
  while (level < players_ && tried[static_cast<size_t>(level + 1)] == Choose(players_, level + 1)) {
    ++level;
  }
  return level;
}

double CounterfactualSearch::GapOf(const Edit& edit) const {
  const auto it = outcomes_.find(edit);
  return it == outcomes_.end() ? kUntried : it->second.gap;
}

std::vector<int64_t> CounterfactualSearch::EditedItems(const Edit& edit) const {
  const auto& items = history().items();
  if (config_.edit == EditKind::kAdd) {
    std::vector<int64_t> edited = items;
    for (int i : edit) edited.push_back(config_.candidates[static_cast<size_t>(i)]);
    // The model reads the last L items: the oldest make room for the added ones.
    const auto length = static_cast<size_t>(history().layout().length);
    if (edited.size() > length) edited.erase(edited.begin(), edited.end() - length);
    return edited;
  }
  std::vector<bool> present(items.size(), true);
  const auto& players = config_.base.schema.players();
  for (int g : edit) {
    for (int i : players[static_cast<size_t>(g)].columns) present[static_cast<size_t>(i)] = false;
  }
  std::vector<int64_t> edited;
  for (size_t i = 0; i < items.size(); ++i) {
    if (present[i]) edited.push_back(items[i]);
  }
  return edited;
}

void CounterfactualSearch::Write(const Edit& edit, int64_t* out) const {
  if (config_.edit == EditKind::kAdd) {
    History(EditedItems(edit), history().layout(), 0).WriteFull(out);
    return;
  }
  std::vector<float> present(history().items().size(), 1.0f);
  for (int g : edit) {
    for (int i : config_.base.schema.players()[static_cast<size_t>(g)].columns) {
      present[static_cast<size_t>(i)] = 0.0f;
    }
  }
  history().Write(present.data(), out);
}

void CounterfactualSearch::Record(const Edit& edit, const float* scores, int64_t count) {
  const HistoryTarget& target = config_.base.target;
  const ConstMatrixView row(scores, 1, count);
  const double output = TargetValues(row, target)(0, 0);
  const std::vector<int64_t> items = EditedItems(edit);
  std::vector<int64_t> excluded = items;
  excluded.push_back(history().layout().pad_id);
  std::sort(excluded.begin(), excluded.end());
  excluded.erase(std::unique(excluded.begin(), excluded.end()), excluded.end());
  const int64_t k = config_.k;
  const Standing standing = StandingOf(scores, count, excluded, target.item, k);
  const bool remove = config_.edit == EditKind::kRemove;
  const bool success = remove ? standing.rank > k : standing.rank <= k;
  const double gap =
      remove ? standing.score - standing.kth_other : standing.kth_other - standing.score;
  outcomes_[edit] = {gap, success};

  Counterfactual c;
  c.players = edit;
  c.history = items;
  c.after = standing;
  c.top_after = TopShown(scores, count, excluded, k);
  c.output_after = output;
  if (edit.empty()) {
    const int64_t shown = count - static_cast<int64_t>(excluded.size());
    const std::string item = "the target item " + std::to_string(target.item);
    const std::string top = " of the whole history (rank " + std::to_string(standing.rank) + ")";
    if (remove && k >= shown) {
      throw std::invalid_argument("k = " + std::to_string(k) + " but the model can show only " +
                                  std::to_string(shown) + " items to this history: " + item +
                                  " cannot leave the top " + std::to_string(k));
    }
    if (success) {
      throw std::invalid_argument(item + (remove ? " is not in the top " + std::to_string(k) + top +
                                                       ": there is no recommendation to remove"
                                                 : " is already in the top " + std::to_string(k) +
                                                       top + ": there is nothing to add"));
    }
    start_ = c;
    return;
  }
  if (!success) return;
  const bool better = !best_ || edit.size() < best_->players.size() ||
                      (edit.size() == best_->players.size() && gap < GapOf(best_->players));
  if (!better) return;
  c.found = true;
  best_ = std::move(c);
}

Counterfactual CounterfactualSearch::result() const {
  if (phase_ != Phase::kDone || !pending_.empty() || !asked_.empty()) {
    throw std::logic_error("the counterfactual search is not done");
  }
  Counterfactual c = best_ ? *best_ : Counterfactual{};
  c.before = start_.after;
  c.top_before = start_.top_after;
  c.output_before = start_.output_after;
  if (!best_) c.history = start_.history;
  c.proved_minimal = best_ && LevelsChecked() >= static_cast<int>(best_->players.size()) - 1;
  c.budget_spent = budget_cut_;
  c.model_calls = model_calls_;
  c.rounds = rounds_;
  return c;
}

}  // namespace whyrec
