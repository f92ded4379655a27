#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace whyrec {

// CLI11's formatter, with descriptions wrapped at word boundaries so that `--help` fits in 100
// columns (CLI11 2.3 prints each description on one line, up to 170 columns here).
class HelpFormatter : public CLI::Formatter {
 public:
  static constexpr size_t kWidth = 100;

  std::string make_option(const CLI::Option* option, bool is_positional) const override;
  std::string make_option_desc(const CLI::Option* option) const override;
  std::string make_subcommand(const CLI::App* sub) const override;
  std::string make_description(const CLI::App* app) const override;
};

// `text` broken into lines of at most `width` characters at spaces, keeping its own line breaks
// (a longer word keeps a line of its own).
std::string WrapWords(const std::string& text, size_t width);

}  // namespace whyrec
