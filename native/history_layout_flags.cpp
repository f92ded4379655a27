#include "native/history_layout_flags.h"

#include <charconv>
#include <stdexcept>

#include "native/number_checks.h"

namespace whyrec {
namespace {

// A metadata value that must be an integer >= min.
std::optional<int64_t> MetadataInt(const HistoryModel& model, const std::string& key, int64_t min) {
  const std::optional<std::string> text = model.Metadata(key);
  if (!text) return std::nullopt;
  int64_t value = 0;
  const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc() || end != text->data() + text->size() || value < min) {
    throw std::invalid_argument(model.path() + ": metadata " + key + " is '" + *text +
                                "', expected an integer >= " + std::to_string(min));
  }
  return value;
}

}  // namespace

void AddHistoryLayoutFlags(CLI::App* cmd, HistoryLayoutFlags& f) {
  const std::string group = "History layout (default: the model's whyrec.* metadata)";
  cmd->add_option("--history-length", f.history_length,
                  "L, the ids the model reads per history (default: whyrec.history_length, "
                  "else the input's shape)")
      ->check(PositiveNumber())
      ->group(group);
  cmd->add_option("--pad-id", f.pad_id, "The padding item id (default: whyrec.pad_id, else 0)")
      ->check(NonNegativeNumber())
      ->group(group);
  cmd->add_option("--pad-side", f.pad_side,
                  "Where padding goes: left or right (default: whyrec.pad_side, else left)")
      ->check(CLI::IsMember({"left", "right"}))
      ->group(group);
  cmd->add_option("--mask-id", f.mask_id,
                  "The id an absent item becomes with --absence masking (default: "
                  "whyrec.mask_id, else the padding id)")
      ->check(NonNegativeNumber())
      ->group(group);
  cmd->add_option("--absence", f.absence,
                  "What an absent item becomes: removal (the others re-padded) or masking (the "
                  "mask id in its place)")
      ->check(CLI::IsMember({"removal", "masking"}))
      ->capture_default_str()
      ->group(group);
}

nlohmann::ordered_json LayoutSettings(const HistoryLayoutFlags& flags, const HistoryModel& model) {
  const int64_t fixed = model.fixed_length();
  const std::optional<int64_t> length =
      flags.history_length ? flags.history_length : MetadataInt(model, "whyrec.history_length", 1);
  if (!length && fixed < 0) {
    throw std::invalid_argument(model.path() +
                                " does not say how many ids it reads (no whyrec.history_length "
                                "metadata, a dynamic input length): pass --history-length");
  }
  if (length && fixed > 0 && *length != fixed) {
    throw std::invalid_argument(
        (flags.history_length ? "--history-length "
                              : model.path() + ": metadata " + "whyrec.history_length ") +
        std::to_string(*length) + " disagrees with the model's input, which has length " +
        std::to_string(fixed));
  }
  nlohmann::ordered_json layout;
  layout["history_length"] = length ? *length : fixed;
  const int64_t pad =
      flags.pad_id ? *flags.pad_id : MetadataInt(model, "whyrec.pad_id", 0).value_or(0);
  layout["pad_id"] = pad;
  std::string side = "left";
  if (flags.pad_side) {
    side = *flags.pad_side;
  } else if (const auto meta = model.Metadata("whyrec.pad_side")) {
    if (*meta != "left" && *meta != "right") {
      throw std::invalid_argument(model.path() + ": metadata whyrec.pad_side is '" + *meta +
                                  "', expected left or right");
    }
    side = *meta;
  }
  layout["pad_side"] = side;
  layout["mask_id"] =
      flags.mask_id ? *flags.mask_id : MetadataInt(model, "whyrec.mask_id", 0).value_or(pad);
  layout["absence"] = flags.absence;
  return layout;
}

}  // namespace whyrec
