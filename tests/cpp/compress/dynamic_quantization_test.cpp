#include "native/compress/dynamic_quantization.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "native/compress/float_initializer.h"
#include "native/compress/int8_codes.h"
#include "tests/cpp/compress/compress_fixtures.h"

namespace whyrec {
namespace {

// Y = alpha * A W^T + C by one Gemm (transB=1), or Y = A W by one MatMul; A is [rows, k].
onnx::ModelProto DenseModel(bool gemm, const FloatTensorData& w, const FloatTensorData& c,
                            float alpha) {
  onnx::ModelProto model;
  model.set_ir_version(8);
  model.add_opset_import()->set_version(13);
  onnx::GraphProto& g = *model.mutable_graph();
  auto add_value = [](onnx::ValueInfoProto* v, const std::string& name) {
    v->set_name(name);
    auto* tensor = v->mutable_type()->mutable_tensor_type();
    tensor->set_elem_type(onnx::TensorProto::FLOAT);
    tensor->mutable_shape()->add_dim()->set_dim_param("rows");
    tensor->mutable_shape()->add_dim();
  };
  add_value(g.add_input(), "A");
  add_value(g.add_output(), "Y");
  auto* w_tensor = g.add_initializer();
  w_tensor->set_name("W");
  WriteFloatTensor(w, *w_tensor);
  onnx::NodeProto& node = *g.add_node();
  node.set_op_type(gemm ? "Gemm" : "MatMul");
  node.add_input("A");
  node.add_input("W");
  node.add_output("Y");
  if (gemm) {
    auto* c_tensor = g.add_initializer();
    c_tensor->set_name("C");
    WriteFloatTensor(c, *c_tensor);
    node.add_input("C");
    auto* t = node.add_attribute();
    t->set_name("transB");
    t->set_type(onnx::AttributeProto::INT);
    t->set_i(1);
    auto* a = node.add_attribute();
    a->set_name("alpha");
    a->set_type(onnx::AttributeProto::FLOAT);
    a->set_f(alpha);
  }
  return model;
}

// The closed form of ONNX's DynamicQuantizeLinear -> MatMulInteger -> scale: A to uint8 with
// scale (max(0, max A) - min(0, min A)) / 255 and zero point round(-min / scale); W [k, n] to
// per-column symmetric int8.
std::vector<float> ClosedForm(const std::vector<float>& a, int64_t rows, const FloatTensorData& w,
                              float alpha, const std::vector<float>& c) {
  const int64_t k = w.Rows(), n = w.Cols();
  const float lo = std::min(0.0f, *std::min_element(a.begin(), a.end()));
  const float hi = std::max(0.0f, *std::max_element(a.begin(), a.end()));
  const float a_scale = (hi - lo) / 255;
  const float a_zero = std::clamp(std::nearbyint(-lo / a_scale), 0.0f, 255.0f);
  const Int8Codes codes = QuantizeInt8(w.values, w.shape, 1);
  std::vector<float> y(rows * n);
  for (int64_t r = 0; r < rows; ++r) {
    for (int64_t j = 0; j < n; ++j) {
      int64_t sum = 0;
      for (int64_t i = 0; i < k; ++i) {
        const float q = std::clamp(std::nearbyint(a[r * k + i] / a_scale) + a_zero, 0.0f, 255.0f);
        sum += static_cast<int64_t>(q - a_zero) * codes.values[i * n + j];
      }
      y[r * n + j] = sum * (a_scale * (codes.scales[j] * alpha)) + (c.empty() ? 0 : c[j]);
    }
  }
  return y;
}

TEST(DynamicQuantization, MatMulAndGemmEqualTheIntegerClosedForm) {
  std::mt19937 rng(11);
  std::normal_distribution<float> normal;
  const int64_t rows = 5, k = 7, n = 3;
  std::vector<float> a(rows * k);
  for (float& v : a) v = normal(rng);
  FloatTensorData w{{k, n}, std::vector<float>(k * n)};
  for (float& v : w.values) v = normal(rng);
  FloatTensorData wt{{n, k}, std::vector<float>(k * n)};  // Gemm's B with transB=1
  for (int64_t i = 0; i < k; ++i) {
    for (int64_t j = 0; j < n; ++j) wt.values[j * k + i] = w.values[i * n + j];
  }
  const FloatTensorData c{{n}, {0.5f, -1.0f, 2.0f}};
  for (const bool gemm : {false, true}) {
    const float alpha = gemm ? 2.0f : 1.0f;
    onnx::ModelProto model = DenseModel(gemm, gemm ? wt : w, c, alpha);
    const auto report = QuantizeMatMulsDynamic(model, "dense.onnx");
    ASSERT_EQ(report.size(), 1u);
    EXPECT_EQ(FindInitializer(model.graph(), "W"), nullptr);  // only the int8 copy is left
    const auto got = testing::RunFirstOutput(model, a, {rows, k});
    const auto expected = ClosedForm(a, rows, w, alpha, gemm ? c.values : std::vector<float>{});
    ASSERT_EQ(got.size(), expected.size());
    for (size_t i = 0; i < got.size(); ++i) {
      EXPECT_NEAR(got[i], expected[i], 1e-5 * (1 + std::fabs(expected[i]))) << gemm << " " << i;
    }
  }
}

TEST(DynamicQuantization, SasrecSharesOneActivationQuantizerPerInput) {
  onnx::ModelProto model = testing::LoadExample("movielens/sasrec.onnx");
  EXPECT_EQ(QuantizeMatMulsDynamic(model, "sasrec.onnx").size(), 13u);
  int dynamic = 0, integer = 0;
  for (const auto& node : model.graph().node()) {
    dynamic += node.op_type() == "DynamicQuantizeLinear";
    integer += node.op_type() == "MatMulInteger";
  }
  EXPECT_EQ(integer, 13);
  EXPECT_EQ(dynamic, 9);  // q, k and v of each block read one LayerNorm output
}

}  // namespace
}  // namespace whyrec
