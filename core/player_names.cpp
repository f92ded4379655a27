#include "core/player_names.h"

#include <utility>

namespace whyrec {
namespace {

const std::vector<std::string> kNoNames;

}  // namespace

PlayerNames::PlayerNames(std::vector<std::string> names) : shared_(new Shared{std::move(names)}) {}

PlayerNames::PlayerNames(std::initializer_list<std::string> names)
    : PlayerNames(std::vector<std::string>(names)) {}

PlayerNames::PlayerNames(const PlayerNames& other) : shared_(other.shared_) {
  // Relaxed: a new owner needs no ordering, only the last release does (as std::shared_ptr).
  if (shared_) shared_->owners.fetch_add(1, std::memory_order_relaxed);
}

PlayerNames::PlayerNames(PlayerNames&& other) noexcept : shared_(other.shared_) {
  other.shared_ = nullptr;
}

PlayerNames& PlayerNames::operator=(PlayerNames other) noexcept {
  std::swap(shared_, other.shared_);
  return *this;
}

PlayerNames::~PlayerNames() {
  if (shared_ && shared_->owners.fetch_sub(1, std::memory_order_acq_rel) == 1) delete shared_;
}

const std::vector<std::string>& PlayerNames::list() const {
  return shared_ ? shared_->names : kNoNames;
}

}  // namespace whyrec
