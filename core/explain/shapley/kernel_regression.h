#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <vector>

namespace whyrec {

// One sampled coalition of the Kernel SHAP regression.
struct WeightedCoalition {
  const uint8_t* present;  // one byte per player
  double weight;           // regression weight (kernel weight over inclusion probability)
  double value;            // v(S) - v(empty set), for one output
};

// A sampling unit for the variance: the coalitions drawn together (a pair), in a stratum whose
// pairs were drawn without replacement; `sampled_fraction` 1 means enumerated completely.
struct SamplingUnit {
  std::vector<int> coalitions;  // indices into the coalition list
  int stratum;
  double sampled_fraction;
  double unit_scale;  // weight of one coalition of the unit times the stratum's pair count
};

struct KernelEstimate {
  Eigen::VectorXd values;
  Eigen::VectorXd std_errors;
};

// Solves min sum w_S (v_S - z_S . phi)^2 subject to sum phi = total, and estimates each value's
// standard error by linearisation: the sampled normal equations are stratified
// without-replacement estimates, so their variance propagates through the constrained inverse.
KernelEstimate SolveKernelRegression(int players, const std::vector<WeightedCoalition>& coalitions,
                                     const std::vector<SamplingUnit>& units, double total);

}  // namespace whyrec
