#include "native/help_formatter.h"

#include <sstream>
#include <string_view>

namespace whyrec {

std::string WrapWords(const std::string& text, size_t width) {
  std::istringstream lines(text);
  std::string wrapped;
  std::string paragraph;
  while (std::getline(lines, paragraph)) {
    if (!wrapped.empty()) wrapped += '\n';
    std::istringstream words(paragraph);
    std::string word;
    size_t line = 0;
    while (words >> word) {
      if (line > 0 && line + 1 + word.size() > width) {
        wrapped += '\n';
        line = 0;
      } else if (line > 0) {
        wrapped += ' ';
        ++line;
      }
      wrapped += word;
      line += word.size();
    }
  }
  if (!text.empty() && text.back() == '\n') wrapped += '\n';
  return wrapped;
}

// A long list of choices ("--method TEXT:{exact,kernel,...}") continues on indented lines, broken
// after commas.
std::string HelpFormatter::make_option(const CLI::Option* option, bool is_positional) const {
  const std::string name = make_option_name(option, is_positional) + make_option_opts(option);
  constexpr size_t kIndent = 2;
  constexpr std::string_view kContinuation = "\n      ";
  std::string broken;
  size_t line = kIndent;
  size_t start = 0;
  while (start < name.size()) {
    size_t stop = name.find(',', start);
    stop = stop == std::string::npos ? name.size() : stop + 1;
    if (line + (stop - start) > kWidth) {
      broken += kContinuation;
      line = kContinuation.size() - 1;
    }
    broken.append(name, start, stop - start);
    line += stop - start;
    start = stop;
  }
  std::stringstream out;
  CLI::detail::format_help(out, broken, make_option_desc(option), get_column_width());
  return out.str();
}

std::string HelpFormatter::make_option_desc(const CLI::Option* option) const {
  return WrapWords(option->get_description(), kWidth - get_column_width());
}

std::string HelpFormatter::make_subcommand(const CLI::App* sub) const {
  std::stringstream out;
  CLI::detail::format_help(out, sub->get_display_name(true),
                           WrapWords(sub->get_description(), kWidth - get_column_width()),
                           get_column_width());
  return out.str();
}

std::string HelpFormatter::make_description(const CLI::App* app) const {
  return WrapWords(CLI::Formatter::make_description(app), kWidth);
}

}  // namespace whyrec
