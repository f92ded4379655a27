#pragma once

namespace whyrec {

// The resolution a distilled model's scores are written at: multiples of `step`, which is 1, 2
// or 5 times a power of ten, so that each score is a short decimal with `decimals` digits after
// the point. Scores smoothed by boosting differ in every bin; written on a step they repeat, and
// neighbouring bins that then score the same merge, so the model compresses several-fold.
struct ScoreStep {
  double step = 0.0;  // 0: no step
  int decimals = 0;
};

// The step for scores whose spread (the teacher's standard deviation) is `spread`: `share` of
// it, rounded down to 1, 2 or 5 times a power of ten; no step when either is not positive.
// Computed with IEEE operations only (no log or pow), so native and WebAssembly builds agree.
ScoreStep ScoreStepFor(double share, double spread);

// v as the nearest multiple of the step (v itself when there is none).
double RoundToStep(double v, const ScoreStep& step);

}  // namespace whyrec
