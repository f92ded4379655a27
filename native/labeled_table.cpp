#include "native/labeled_table.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iostream>
#include <stdexcept>

namespace whyrec {

LabeledTable ReadLabeledCsv(const std::string& path, std::vector<std::string> drop,
                            const std::string& target, const MissingCells& missing) {
  drop.erase(std::remove(drop.begin(), drop.end(), target), drop.end());
  LabeledTable table{ReadNumericCsv(path, drop, DropPolicy::kRequired, missing), std::nullopt};
  if (target.empty()) return table;
  auto& header = table.features.header;
  const auto it = std::find(header.begin(), header.end(), target);
  if (it == header.end()) {
    throw std::invalid_argument("--target column '" + target + "' is not in " + path);
  }
  const Eigen::Index column = it - header.begin();
  RowMatrixF& values = table.features.values;
  table.labels = values.col(column).cast<double>();
  for (Eigen::Index r = 0; r < values.rows(); ++r) {
    if (std::isnan((*table.labels)[r])) {
      throw std::invalid_argument(path + ": " + CsvRowName(static_cast<size_t>(r)) +
                                  ", --target column '" + target +
                                  "': a missing label cannot be scored");
    }
  }
  RowMatrixF rest(values.rows(), values.cols() - 1);
  rest << values.leftCols(column), values.rightCols(values.cols() - column - 1);
  values = std::move(rest);
  header.erase(it);
  return table;
}

void WriteJson(const std::string& text, const std::string& path) {
  if (path.empty()) {
    std::cout << text;
    return;
  }
  std::ofstream file(path, std::ios::binary);
  if (!(file << text) || !file.flush()) throw std::runtime_error("cannot write '" + path + "'");
}

}  // namespace whyrec
