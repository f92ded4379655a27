#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <string>
#include <vector>

namespace whyrec {

// Item ids travel as int64 end to end: float32 holds integers exactly only below 2^24.
using IdBatch = Eigen::Matrix<int64_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// What an absent history item becomes. kRemoval deletes it: the remaining items keep their
// order and the sequence is re-padded, as if the user had never interacted with it. kMasking
// writes the mask id in its place, so every other item keeps its position.
enum class Absence { kRemoval, kMasking };
enum class PadSide { kLeft, kRight };

Absence ParseAbsence(const std::string& name);
std::string AbsenceName(Absence absence);
PadSide ParsePadSide(const std::string& name);
std::string PadSideName(PadSide side);

// How the model reads a history: a fixed length L, padded with pad_id on one side.
struct HistoryLayout {
  int length = 0;
  int64_t pad_id = 0;
  PadSide pad_side = PadSide::kLeft;
  int64_t mask_id = 0;
  Absence absence = Absence::kRemoval;
};

// One user's history (oldest first) laid out for a model. Every item is a position of the
// history: the players of its games are these positions (or groups of them).
class History {
 public:
  // Throws std::invalid_argument naming the problem: more items than the layout's length, a
  // negative id, an id equal to the pad or mask id, or an id of num_items or more (the model
  // scores items 0..num_items-1; num_items <= 0 skips that check).
  History(std::vector<int64_t> items, HistoryLayout layout, int64_t num_items);

  const std::vector<int64_t>& items() const { return items_; }
  const HistoryLayout& layout() const { return layout_; }
  int size() const { return static_cast<int>(items_.size()); }

  // Writes the model's input (layout().length ids) with only the items whose present[i] is
  // non-zero (present has size() entries).
  void Write(const float* present, int64_t* out) const;
  // The whole history.
  void WriteFull(int64_t* out) const;
  // The model input position of item i in the whole history.
  int Position(int i) const;

 private:
  std::vector<int64_t> items_;
  HistoryLayout layout_;
};

// Item ids given as numbers (JS numbers, parsed CSV cells): each must be a finite, non-negative
// integer below 2^53; errors name the position, counted from 0.
std::vector<int64_t> ItemIdsFromNumbers(const std::vector<double>& values);
// One such id; `what` names it in the error ("history item 3", "target").
int64_t ItemIdFromNumber(double value, const std::string& what);

// Default names of history items when no titles are known: "item <id>".
std::vector<std::string> ItemNames(const std::vector<int64_t>& items);

// Player names must be unique: a repeated name gets " (2)", " (3)", ... in order.
std::vector<std::string> UniqueNames(const std::vector<std::string>& names);

}  // namespace whyrec
