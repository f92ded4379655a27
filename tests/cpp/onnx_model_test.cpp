#include "native/onnx_model.h"

#include <gtest/gtest.h>

#include <cmath>

#include "native/model_loader.h"

namespace whyrec {
namespace {

const std::string kDemoModel = std::string(WHYREC_SOURCE_DIR) + "/examples/demo/ctr_mlp.onnx";

TEST(OnnxModel, LoadsTheDemoMlpAndPredictsBothOutputs) {
  OnnxModel model(kDemoModel);
  EXPECT_EQ(model.input_width(), 12);
  EXPECT_EQ(model.output_names(), (std::vector<std::string>{"logit", "prob"}));
  RowMatrixF rows = RowMatrixF::Zero(3, 12);
  rows.row(1).setLinSpaced(12, 0.0f, 1.0f);
  const ConstMatrixView view(rows.data(), 3, 12);
  const RowMatrixF logit = model.Predict(view, FindOutput(model, "logit"));
  const RowMatrixF prob = model.Predict(view, FindOutput(model, "prob"));
  ASSERT_EQ(prob.rows(), 3);
  ASSERT_EQ(prob.cols(), 1);
  for (int i = 0; i < 3; ++i) {
    EXPECT_NEAR(prob(i, 0), 1.0 / (1.0 + std::exp(-logit(i, 0))), 1e-6);
  }
  EXPECT_NE(prob(0, 0), prob(1, 0));
}

TEST(OnnxModel, ClearErrorsForBadFilesOutputsAndWidths) {
  OnnxModel model(kDemoModel);
  try {
    FindOutput(model, "score");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "the model has no output named 'score'; its outputs are: logit, prob");
  }
  const RowMatrixF narrow = RowMatrixF::Zero(2, 11);
  EXPECT_THROW(model.Predict(ConstMatrixView(narrow.data(), 2, 11), 0), std::invalid_argument);
  EXPECT_THROW(LoadModel("/nonexistent/model.onnx"), std::invalid_argument);
  const std::string not_onnx = std::string(WHYREC_SOURCE_DIR) + "/examples/demo/background.csv";
  try {
    LoadModel(not_onnx);
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()).rfind("cannot load ONNX model '" + not_onnx + "'", 0), 0u)
        << e.what();
  }
}

}  // namespace
}  // namespace whyrec
