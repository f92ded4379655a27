#pragma once

namespace whyrec {

// Squared-loss arithmetic of a leaf holding `count` rows whose residuals sum to `sum`, shared by
// the boosting steps and FAST: the leaf explains sum^2 / count of the rows' squared residual (0
// when empty), and moves by their mean residual.
inline double Explained(double sum, double count) { return count > 0 ? sum * sum / count : 0.0; }
inline double Mean(double sum, double count) { return count > 0 ? sum / count : 0.0; }

}  // namespace whyrec
