#pragma once

#include <atomic>
#include <cstddef>
#include <initializer_list>
#include <string>
#include <vector>

namespace whyrec {

// The players' names of a schema and of its explanations, one list shared by all of them: a
// row's explanation used to copy a string per player, which on a 128-feature tree model took
// longer than TreeSHAP's values for the row, and a batch of a million rows held a million
// copies. The list never changes once made, so threads may share it. The count of owners is
// kept here rather than by std::shared_ptr, whose control block (virtual functions, type
// information) made the widget's WebAssembly core 0.16 KB (gzip) larger than this.
class PlayerNames {
 public:
  using value_type = std::string;
  using const_iterator = std::vector<std::string>::const_iterator;
  using iterator = const_iterator;

  PlayerNames() = default;
  // Implicit, as the vector it stands for: `e.player_names = {"a", "b"}` and `= names` read on.
  PlayerNames(std::vector<std::string> names);  // NOLINT(google-explicit-constructor)
  PlayerNames(std::initializer_list<std::string> names);
  PlayerNames(const PlayerNames& other);
  PlayerNames(PlayerNames&& other) noexcept;
  PlayerNames& operator=(PlayerNames other) noexcept;
  ~PlayerNames();

  const std::vector<std::string>& list() const;
  operator const std::vector<std::string>&() const { return list(); }  // NOLINT

  size_t size() const { return list().size(); }
  bool empty() const { return list().empty(); }
  const std::string& operator[](size_t i) const { return list()[i]; }
  const_iterator begin() const { return list().begin(); }
  const_iterator end() const { return list().end(); }

  // Shared lists compare by address, so that checking a batch's rows costs nothing per name.
  friend bool operator==(const PlayerNames& a, const PlayerNames& b) {
    return a.shared_ == b.shared_ || a.list() == b.list();
  }
  friend bool operator!=(const PlayerNames& a, const PlayerNames& b) { return !(a == b); }
  friend bool operator==(const PlayerNames& a, const std::vector<std::string>& b) {
    return a.list() == b;
  }
  friend bool operator==(const std::vector<std::string>& a, const PlayerNames& b) { return b == a; }

 private:
  struct Shared {
    std::vector<std::string> names;
    std::atomic<long> owners{1};
  };

  Shared* shared_ = nullptr;  // null: no names
};

}  // namespace whyrec
