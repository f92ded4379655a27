#include "core/explain/sequence/history.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <stdexcept>

namespace whyrec {

Absence ParseAbsence(const std::string& name) {
  if (name == "removal") return Absence::kRemoval;
  if (name == "masking") return Absence::kMasking;
  throw std::invalid_argument("absence must be removal or masking, got '" + name + "'");
}

std::string AbsenceName(Absence absence) {
  return absence == Absence::kRemoval ? "removal" : "masking";
}

PadSide ParsePadSide(const std::string& name) {
  if (name == "left") return PadSide::kLeft;
  if (name == "right") return PadSide::kRight;
  throw std::invalid_argument("pad side must be left or right, got '" + name + "'");
}

std::string PadSideName(PadSide side) { return side == PadSide::kLeft ? "left" : "right"; }

History::History(std::vector<int64_t> items, HistoryLayout layout, int64_t num_items)
    : items_(std::move(items)), layout_(layout) {
  if (layout_.length < 1) {
    throw std::invalid_argument("the model's history length must be >= 1, got " +
                                std::to_string(layout_.length));
  }
  if (size() > layout_.length) {
    throw std::invalid_argument(
        "the history has " + std::to_string(size()) + " items but the model reads at most " +
        std::to_string(layout_.length) + "; keep the most recent ones (the last " +
        std::to_string(layout_.length) + ")");
  }
  for (int i = 0; i < size(); ++i) {
    const int64_t id = items_[static_cast<size_t>(i)];
    const std::string where = "history item " + std::to_string(i) + " (id " + std::to_string(id);
    if (id < 0) throw std::invalid_argument(where + ") is negative");
    if (id == layout_.pad_id) throw std::invalid_argument(where + ") is the padding id");
    if (layout_.absence == Absence::kMasking && id == layout_.mask_id) {
      throw std::invalid_argument(where + ") is the mask id");
    }
    if (num_items > 0 && id >= num_items) {
      throw std::invalid_argument(where + ") is unknown: the model scores ids 0.." +
                                  std::to_string(num_items - 1));
    }
  }
}

void History::Write(const float* present, int64_t* out) const {
  const int n = size();
  const int length = layout_.length;
  std::fill(out, out + length, layout_.pad_id);
  if (layout_.absence == Absence::kMasking) {
    for (int i = 0; i < n; ++i) {
      out[Position(i)] = present[i] != 0 ? items_[static_cast<size_t>(i)] : layout_.mask_id;
    }
    return;
  }
  int kept = 0;
  for (int i = 0; i < n; ++i) kept += present[i] != 0;
  int position = layout_.pad_side == PadSide::kLeft ? length - kept : 0;
  for (int i = 0; i < n; ++i) {
    if (present[i] != 0) out[position++] = items_[static_cast<size_t>(i)];
  }
}

void History::WriteFull(int64_t* out) const {
  const std::vector<float> all(items_.size(), 1.0f);
  Write(all.data(), out);
}

int History::Position(int i) const {
  return layout_.pad_side == PadSide::kLeft ? layout_.length - size() + i : i;
}

int64_t ItemIdFromNumber(double value, const std::string& what) {
  if (!(value >= 0 && value < 9007199254740992.0) || value != std::floor(value)) {
    // As an ostream prints it (%g), without iostreams: the widget's small cores leave them out.
    char got[32];
    std::snprintf(got, sizeof got, "%g", value);
    throw std::invalid_argument(what + " must be a non-negative integer item id, got " + got);
  }
  return static_cast<int64_t>(value);
}

std::vector<int64_t> ItemIdsFromNumbers(const std::vector<double>& values) {
  std::vector<int64_t> ids;
  ids.reserve(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    ids.push_back(ItemIdFromNumber(values[i], "history item " + std::to_string(i)));
  }
  return ids;
}

std::vector<std::string> ItemNames(const std::vector<int64_t>& items) {
  std::vector<std::string> names;
  names.reserve(items.size());
  for (int64_t id : items) names.push_back("item " + std::to_string(id));
  return names;
}

std::vector<std::string> UniqueNames(const std::vector<std::string>& names) {
  std::map<std::string, int> seen;
  std::vector<std::string> unique;
  unique.reserve(names.size());
  for (const auto& name : names) {
    const int count = ++seen[name];
    unique.push_back(count == 1 ? name : name + " (" + std::to_string(count) + ")");
  }
  return unique;
}

}  // namespace whyrec
