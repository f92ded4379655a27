#include "native/history_teacher.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>

#include "core/random.h"

namespace whyrec {
namespace {

// The prefix lengths of a history of n items: n, n - n/P, n - 2n/P, ... (distinct, >= 1).
std::vector<size_t> PrefixLengths(size_t n, int prefixes) {
  std::vector<size_t> lengths;
  for (int j = 0; j < prefixes; ++j) {
    const size_t length = n - j * n / prefixes;
    if (length >= 1 && (lengths.empty() || length < lengths.back())) lengths.push_back(length);
  }
  return lengths;
}

// One history's candidates: the teacher's top items, then a seeded sample of the rest.
std::vector<int64_t> Candidates(const float* scores, int64_t num_items,
                                const std::vector<int64_t>& history, const HistoryLayout& layout,
                                const HistoryTeacherOptions& o, Random& random) {
  std::vector<char> excluded(num_items, 0);
  for (int64_t item : history) excluded[item] = 1;
  if (layout.pad_id < num_items) excluded[layout.pad_id] = 1;
  if (layout.mask_id < num_items) excluded[layout.mask_id] = 1;
  std::vector<int64_t> open;
  for (int64_t j = 0; j < num_items; ++j) {
    if (!excluded[j]) open.push_back(j);
  }
  const size_t top = std::min<size_t>(o.top, open.size());
  std::partial_sort(open.begin(), open.begin() + top, open.end(), [&](int64_t a, int64_t b) {
    return scores[a] != scores[b] ? scores[a] > scores[b] : a < b;
  });
  std::vector<int64_t> chosen(open.begin(), open.begin() + top);
  std::vector<int64_t> rest(open.begin() + top, open.end());
  std::sort(rest.begin(), rest.end());  // the sample must not depend on partial_sort's order
  const size_t sampled = std::min<size_t>(o.sampled, rest.size());
  for (size_t i = 0; i < sampled; ++i) {  // a partial Fisher-Yates shuffle
    std::swap(rest[i], rest[i + random.Below(rest.size() - i)]);
    chosen.push_back(rest[i]);
  }
  return chosen;
}

}  // namespace

HistoryTeacherRows DrawHistoryTeacherRows(HistoryModel& model, const HistoryLayout& layout,
                                          int64_t num_items,
                                          const std::vector<std::vector<int64_t>>& histories,
                                          const std::vector<int>& users, const std::string& source,
                                          const HistoryTeacherOptions& o) {
  HistoryTeacherRows rows;
  ItemToItemData& data = rows.data;
  std::vector<int>& user_of = rows.user;
  std::vector<int> prefix_of;  // and which of its prefixes it is (0: the whole history)
  for (int user : users) {
    const std::vector<int64_t>& items = histories[user];
    const std::string where = source + ": line " + std::to_string(user + 1) + ": ";
    if (items.empty()) throw std::invalid_argument(where + "the history is empty");
    try {
      History(items, layout, num_items);  // checks the ids and the length
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument(where + e.what());
    }
    for (size_t length : PrefixLengths(items.size(), o.prefixes)) {
      prefix_of.push_back(user_of.empty() || user_of.back() != user ? 0 : prefix_of.back() + 1);
      data.histories.emplace_back(items.begin(), items.begin() + length);
      user_of.push_back(user);
    }
  }
  std::vector<double> scores;
  for (size_t begin = 0; begin < data.histories.size(); begin += o.max_batch_rows) {
    const size_t end = std::min(data.histories.size(), begin + o.max_batch_rows);
    IdBatch ids(static_cast<Eigen::Index>(end - begin), layout.length);
    for (size_t h = begin; h < end; ++h) {
      History(data.histories[h], layout, num_items).WriteFull(ids.row(h - begin).data());
    }
    const RowMatrixF out = model.Scores(ids);
    if (out.cols() != num_items) {
      throw std::runtime_error(model.path() + " scored " + std::to_string(out.cols()) +
                               " items, earlier " + std::to_string(num_items));
    }
    for (size_t h = begin; h < end; ++h) {
      const float* row = out.row(h - begin).data();
      Random random(o.seed * 0x9e3779b97f4a7c15ULL + static_cast<uint64_t>(user_of[h]) * 1009 +
                    static_cast<uint64_t>(prefix_of[h]));
      for (int64_t target : Candidates(row, num_items, data.histories[h], layout, o, random)) {
        data.history.push_back(static_cast<int>(h));
        data.target.push_back(target);
        scores.push_back(row[target]);
      }
    }
  }
  data.score = Eigen::Map<const Eigen::VectorXd>(scores.data(), scores.size());
  return rows;
}

}  // namespace whyrec
