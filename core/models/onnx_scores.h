#pragma once

#include <Eigen/Core>
#include <string>

#include "core/models/tree_ensemble.h"

namespace whyrec {

enum class OnnxPostTransform { kNone, kLogistic, kSoftmax, kSoftmaxZero, kProbit };

// "NONE", "LOGISTIC", "SOFTMAX", "SOFTMAX_ZERO" or "PROBIT"; false for anything else.
bool ParseOnnxPostTransform(const std::string& name, OnnxPostTransform& out);

// What ONNX Runtime outputs from a tree ensemble's margins m (one row):
// transform(linear * m + offset). `linear` maps the margins to the output's columns: the
// identity mostly, [-1, 1] where ONNX Runtime writes a binary classifier's single score column
// as two.
struct OnnxScoreLayout {
  Eigen::MatrixXd linear;
  Eigen::VectorXd offset;
  OnnxPostTransform transform = OnnxPostTransform::kNone;
};

// The output `name` computing the layout in float32 with ONNX Runtime's formulas (its PROBIT is
// an approximation of the inverse error function; SOFTMAX_ZERO leaves zero scores at zero).
DerivedOutput OnnxScores(std::string name, OnnxScoreLayout layout);

}  // namespace whyrec
