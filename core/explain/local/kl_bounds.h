#pragma once

namespace whyrec {

// Confidence bounds on a Bernoulli mean from the KL divergence, as KL-LUCB (Kaufmann and
// Kalyanakrishnan 2013) and alibi's anchors compute them: the largest (smallest) q with
// n * KL(p, q) <= beta, found by 16 bisection steps; `level` is beta / n.
double KlBernoulli(double p, double q);
double KlUpperBound(double p, double level);
double KlLowerBound(double p, double level);

// The exploration rate of KL-LUCB for `arms` arms at round t, with alibi's constants.
double LucbBeta(int arms, int t, double delta);

}  // namespace whyrec
