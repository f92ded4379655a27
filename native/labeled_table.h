#pragma once

#include <Eigen/Core>
#include <optional>
#include <string>
#include <vector>

#include "native/csv_table.h"

namespace whyrec {

// Feature rows and, when `target` names a column, that column as labels (removed from the
// features, whether or not --drop also names it). A missing label is an error naming its row.
struct LabeledTable {
  CsvTable features;
  std::optional<Eigen::VectorXd> labels;
};

LabeledTable ReadLabeledCsv(const std::string& path, std::vector<std::string> drop,
                            const std::string& target, const MissingCells& missing);

// Writes JSON to `path`, or to standard output when it is empty.
void WriteJson(const std::string& text, const std::string& path);

}  // namespace whyrec
