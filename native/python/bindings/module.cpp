// The extension module whyrec._whyrec: BatchExplainer with numpy in and out. Arrays arrive as
// float32 C-contiguous rows (the Python layer converts anything else, once, and says so), are
// mapped onto the core's row-major matrices without a copy, and results are written straight
// into numpy arrays the Python layer allocated. C++ errors become Python exceptions by
// pybind11's standard translation: std::invalid_argument is ValueError, std::out_of_range
// IndexError, any other std::exception RuntimeError, each with the C++ message.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "native/python/bindings/batch_explainer.h"

namespace py = pybind11;

namespace whyrec {
namespace {

using Rows = py::array_t<float, py::array::c_style>;
using Doubles = py::array_t<double, py::array::c_style>;
using Counts = py::array_t<int64_t, py::array::c_style>;

ConstMatrixView MapRows(const Rows& rows, const char* what) {
  if (rows.ndim() != 2) {
    throw std::invalid_argument(std::string(what) + " must be 2-D (rows x features), got " +
                                std::to_string(rows.ndim()) + "-D");
  }
  return ConstMatrixView(rows.data(), rows.shape(0), rows.shape(1));
}

template <typename Array>
auto* Writable(Array& array, int64_t size, const char* what) {
  if (array.size() != size) {
    throw std::invalid_argument(std::string(what) + " has " + std::to_string(array.size()) +
                                " entries, expected " + std::to_string(size));
  }
  return array.mutable_data();
}

std::unique_ptr<BatchExplainer> MakeBatchExplainer(const std::string& model,
                                                   const std::optional<Rows>& background,
                                                   std::vector<std::string> feature_names,
                                                   const std::string& method,
                                                   const std::string& settings_json) {
  // The explainer owns its background (it outlives the caller's array): the one copy of it.
  RowMatrixF reference;
  if (background) reference = MapRows(*background, "background");
  const auto settings = nlohmann::ordered_json::parse(settings_json);
  const py::gil_scoped_release unlocked;
  return std::make_unique<BatchExplainer>(model, std::move(reference), std::move(feature_names),
                                          method, settings);
}

py::dict ExplainInto(const BatchExplainer& self, const Rows& rows, int64_t begin, int64_t end,
                     int threads, Doubles& values, Doubles& std_errors, Doubles& base_values,
                     Doubles& model_output, Counts& evaluations) {
  const ConstMatrixView x = MapRows(rows, "rows");
  const int64_t n = x.rows();
  const int64_t k = self.output_width();
  const int64_t players = static_cast<int64_t>(self.player_names().size());
  const BatchOutputs out{Writable(values, n * players * k, "values"),
                         Writable(std_errors, n * players * k, "std_errors"),
                         Writable(base_values, n * k, "base_values"),
                         Writable(model_output, n * k, "model_output"),
                         Writable(evaluations, n, "evaluations")};
  BatchRecord record;
  {
    const py::gil_scoped_release unlocked;
    record = self.Explain(x, begin, end, threads, out);
  }
  py::dict result;
  result["settings"] = record.settings.dump();
  result["method"] = record.method;
  result["seed"] = record.seed ? py::object(py::int_(*record.seed)) : py::object(py::none());
  result["extras"] = record.extras;
  return result;
}

}  // namespace
}  // namespace whyrec

PYBIND11_MODULE(_whyrec, m) {
  using whyrec::BatchExplainer;
  m.doc() = "whyrec's native core (use the whyrec package, not this module)";
  py::class_<BatchExplainer>(m, "BatchExplainer")
      .def(py::init(&whyrec::MakeBatchExplainer), py::arg("model"),
           py::arg("background").noconvert(), py::arg("feature_names"), py::arg("method"),
           py::arg("settings_json"))
      .def_property_readonly("method", &BatchExplainer::method)
      .def_property_readonly("player_names", &BatchExplainer::player_names)
      .def_property_readonly("feature_names", &BatchExplainer::feature_names)
      .def_property_readonly("output_name", &BatchExplainer::output_name)
      .def_property_readonly("output_width", &BatchExplainer::output_width)
      .def("explain_into", &whyrec::ExplainInto, py::arg("rows").noconvert(), py::arg("begin"),
           py::arg("end"), py::arg("threads"), py::arg("values").noconvert(),
           py::arg("std_errors").noconvert(), py::arg("base_values").noconvert(),
           py::arg("model_output").noconvert(), py::arg("evaluations").noconvert());
}
