#include "core/models/onnx_scores.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

namespace whyrec {
namespace {

constexpr float kPi = 3.14159265358979323846f;
constexpr float kSqrt2 = 1.41421356237309504880f;

float Logistic(float v) {
  const float e = 1.0f / (1.0f + std::exp(-std::abs(v)));
  return v < 0 ? 1.0f - e : e;
}

// ONNX Runtime's probit: sqrt(2) * erfinv(2p - 1), with Winitzki's approximation (a = 0.147).
float Probit(float p) {
  float x = 2 * p - 1;
  const float sign = x < 0 ? -1.0f : 1.0f;
  x = (1 - x) * (1 + x);
  const float log = std::log(x);
  const float v = 2 / (kPi * 0.147f) + 0.5f * log;
  const float v2 = 1 / 0.147f * log;
  return kSqrt2 * sign * std::sqrt(-v + std::sqrt(v * v - v2));
}

void Softmax(Eigen::VectorXf& s, bool keep_zeros) {
  const float top = std::max(s.maxCoeff(), -std::numeric_limits<float>::max());
  float sum = 0;
  for (float& v : s) {
    if (keep_zeros && std::abs(v) <= 1e-7f) {
      v *= std::exp(-top);
      continue;
    }
    v = std::exp(v - top);
    sum += v;
  }
  s /= sum;
}

}  // namespace

bool ParseOnnxPostTransform(const std::string& name, OnnxPostTransform& out) {
  static const std::pair<const char*, OnnxPostTransform> kNames[] = {
      {"NONE", OnnxPostTransform::kNone},
      {"LOGISTIC", OnnxPostTransform::kLogistic},
      {"SOFTMAX", OnnxPostTransform::kSoftmax},
      {"SOFTMAX_ZERO", OnnxPostTransform::kSoftmaxZero},
      {"PROBIT", OnnxPostTransform::kProbit}};
  for (const auto& [text, value] : kNames) {
    if (name == text) {
      out = value;
      return true;
    }
  }
  return false;
}

DerivedOutput OnnxScores(std::string name, OnnxScoreLayout layout) {
  return {std::move(name), [layout = std::move(layout)](const Eigen::VectorXd& margin) {
            Eigen::VectorXf s = (layout.linear * margin + layout.offset).cast<float>();
            switch (layout.transform) {
              case OnnxPostTransform::kLogistic:
                s = s.unaryExpr(&Logistic);
                break;
              case OnnxPostTransform::kProbit:
                s = s.unaryExpr(&Probit);
                break;
              case OnnxPostTransform::kSoftmax:
              case OnnxPostTransform::kSoftmaxZero:
                Softmax(s, layout.transform == OnnxPostTransform::kSoftmaxZero);
                break;
              case OnnxPostTransform::kNone:
                break;
            }
            return Eigen::VectorXd(s.cast<double>());
          }};
}

}  // namespace whyrec
