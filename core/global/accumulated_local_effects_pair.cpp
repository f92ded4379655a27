#include "core/global/accumulated_local_effects_pair.h"

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "core/global/accumulated_local_effects.h"

namespace whyrec {

AlePair::AlePair(const Schema& schema, RowMatrixF data, int first, int second, int bins,
                 int64_t max_batch_rows)
    : data_(std::move(data)),
      columns_{first, second},
      edges_{AleEdges(data_, first, bins), AleEdges(data_, second, bins)},
      steps_(4, data_.rows(), static_cast<int>(data_.cols()), max_batch_rows,
             [this](int64_t corner, RowMatrixF* out, Eigen::Index first_row) {
               out->middleRows(first_row, data_.rows()) = data_;
               for (Eigen::Index i = 0; i < data_.rows(); ++i) {
                 for (int f = 0; f < 2; ++f) {
                   const int bin = cell_[f][i];
                   const bool upper = (corner >> f) & 1;
                   (*out)(first_row + i, columns_[f]) =
                       static_cast<float>(edges_[f][upper ? bin : bin - 1]);
                 }
               }
             }) {
  if (first == second) throw std::invalid_argument("ALE of a pair needs two different features");
  if (data_.cols() != schema.width()) {
    throw std::invalid_argument("ALE: the data does not fit the schema");
  }
  for (int f = 0; f < 2; ++f) {
    names_.push_back(schema.features()[columns_[f]].name);
    for (Eigen::Index i = 0; i < data_.rows(); ++i) {
      cell_[f].push_back(AleBin(edges_[f], data_(i, columns_[f])));
    }
  }
}

AlePairResult AlePair::result() const {
  if (!steps_.done()) throw std::logic_error("result() was called before every step was told");
  const int k1 = static_cast<int>(edges_[0].size()) - 1,
            k2 = static_cast<int>(edges_[1].size()) - 1;
  const Eigen::MatrixXd& y = steps_.outputs();  // rows x corners (00, 10, 01, 11)
  Eigen::MatrixXd sum = Eigen::MatrixXd::Zero(k1, k2);
  AlePairResult r;
  r.counts = Eigen::MatrixXi::Zero(k1, k2);
  for (Eigen::Index i = 0; i < data_.rows(); ++i) {
    const int a = cell_[0][i] - 1, b = cell_[1][i] - 1;
    sum(a, b) += y(i, 3) - y(i, 1) - y(i, 2) + y(i, 0);
    ++r.counts(a, b);
  }
  // Mean second difference per cell; an empty cell borrows its nearest non-empty neighbor's.
  Eigen::MatrixXd delta = Eigen::MatrixXd::Zero(k1, k2);
  for (int a = 0; a < k1; ++a) {
    for (int b = 0; b < k2; ++b) {
      double best = std::numeric_limits<double>::infinity();
      for (int c = 0; c < k1; ++c) {
        for (int d = 0; d < k2; ++d) {
          if (r.counts(c, d) == 0) continue;
          const double da = double(c - a) / k1, db = double(d - b) / k2;
          if (da * da + db * db < best) {
            best = da * da + db * db;
            delta(a, b) = sum(c, d) / r.counts(c, d);
          }
        }
      }
    }
  }
  Eigen::MatrixXd f = Eigen::MatrixXd::Zero(k1 + 1, k2 + 1);
  for (int a = 1; a <= k1; ++a) {
    for (int b = 1; b <= k2; ++b) {
      f(a, b) = delta(a - 1, b - 1) + f(a - 1, b) + f(a, b - 1) - f(a - 1, b - 1);
    }
  }
  // Remove the main effects that accumulating the second differences leaves in f.
  Eigen::VectorXd main1 = Eigen::VectorXd::Zero(k1 + 1), main2 = Eigen::VectorXd::Zero(k2 + 1);
  for (int a = 1; a <= k1; ++a) {
    double weighted = 0, rows = 0;
    for (int b = 1; b <= k2; ++b) {
      weighted +=
          r.counts(a - 1, b - 1) * ((f(a, b) - f(a - 1, b)) + (f(a, b - 1) - f(a - 1, b - 1))) / 2;
      rows += r.counts(a - 1, b - 1);
    }
    main1[a] = main1[a - 1] + (rows > 0 ? weighted / rows : 0);
  }
  for (int b = 1; b <= k2; ++b) {
    double weighted = 0, rows = 0;
    for (int a = 1; a <= k1; ++a) {
      weighted +=
          r.counts(a - 1, b - 1) * ((f(a, b) - f(a, b - 1)) + (f(a - 1, b) - f(a - 1, b - 1))) / 2;
      rows += r.counts(a - 1, b - 1);
    }
    main2[b] = main2[b - 1] + (rows > 0 ? weighted / rows : 0);
  }
  f.colwise() -= main1;
  f.rowwise() -= main2.transpose();
  double center = 0;
  for (int a = 1; a <= k1; ++a) {
    for (int b = 1; b <= k2; ++b) {
      center +=
          r.counts(a - 1, b - 1) * (f(a - 1, b - 1) + f(a - 1, b) + f(a, b - 1) + f(a, b)) / 4;
    }
  }
  f.array() -= center / static_cast<double>(data_.rows());
  r.features = names_;
  r.edges[0] = edges_[0];
  r.edges[1] = edges_[1];
  r.effect = std::move(f);
  r.evaluations = steps_.evaluations();
  return r;
}

}  // namespace whyrec
