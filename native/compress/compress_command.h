#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace whyrec {

struct CompressOptions {
  std::string model;
  double prune = 0;         // fraction of weights (or, with structured, hidden units) removed
  bool structured = false;  // remove whole hidden units of MLP chains instead of single weights
  std::string quantize = "none";  // none, int8 (DequantizeLinear) or int8-dynamic (MatMulInteger)
  std::string out;
  std::string report;
};

// Registers `whyrec compress`: magnitude pruning and int8 weight quantization of an ONNX
// model, written as ONNX that ONNX Runtime (native and Web) runs.
void AddCompressCommand(CLI::App& app, CompressOptions& options);
void RunCompress(const CompressOptions& options);

}  // namespace whyrec
