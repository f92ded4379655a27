"""whyrec for Python: the native core's explanations, numpy in and numpy out.

    import whyrec
    explainer = whyrec.Explainer("examples/demo/ctr_mlp.onnx", background, method="kernel",
                                 budget=512, seed=7, output="prob")
    explanation = explainer(X)          # or explainer.explain(X)
    explanation.values                  # (rows, players), like shap's Explanation

Layout (native/python/): whyrec/ is this package (pure Python); bindings/ is the extension
module whyrec._whyrec (pybind11) with BatchExplainer, which loads the model once and explains
rows on several threads with the CLI's own code; CMake builds both into build/native/python.

Copies: X as a float32 C-contiguous array is read in place (mapped onto the core's row-major
matrix); any other dtype, order or a DataFrame is converted once (np.ascontiguousarray). The
background is copied once, into the explainer that keeps it. Each row is copied into a vector
(one row of floats) by the core's explainers; results are written straight into the returned
numpy arrays.
"""

import json
import os

import numpy as np

from . import _whyrec
from ._explanation import Explanation, parse_extras
from ._settings import METHODS, SETTINGS, UnknownSettingError, check_settings, settings_json

__all__ = ["Explainer", "Explanation", "METHODS", "SETTINGS", "UnknownSettingError"]

# Rows per call into the core: between calls Python handles signals (Ctrl-C stops a long job).
_CLOSED_FORM_CHUNK = 4096
# Rows per thread per call for sampled methods: threads idle at the end of a call for at most a
# row's time, a small share of 32 rows.
_SAMPLED_CHUNK_PER_THREAD = 32


class Explainer:
    """Explains rows of a model's input like `whyrec explain`, with the same methods, settings
    and numbers.

    model       path of an ONNX model, XGBoost JSON, LightGBM text or linear model JSON (gzip
                too), read once here
    background  reference rows (array or DataFrame, features in the model's order), or None for
                method 'tree' with tree_mode 'path'
    method      tree, linear, exact, kernel, permutation, auto, lime or anchors; None: tree or
                linear for those models, else exact (the CLI's default)
    feature_names  default: the DataFrame's columns, else the model's names, else f0, f1, ...
    threads     threads over rows (0: one per core); results do not depend on it
    settings    the CLI's flags with underscores: budget, seed, tolerance, link, sampling,
                surrogate, background_summary, max_batch_rows, tree_mode, interactions, output,
                groups, missing and LIME's and Anchors' (see whyrec.SETTINGS)
    """

    def __init__(self, model, background=None, method=None, *, feature_names=None, threads=0,
                 **settings):
        check_settings(settings)
        self.threads = _check_threads(threads)
        if method is not None and method not in METHODS:
            raise ValueError(f"unknown method {method!r}; available: {', '.join(METHODS)}")
        path = os.fspath(model)
        if not os.path.isfile(path):
            raise FileNotFoundError(f"model file '{path}' does not exist (or is not a file)")
        if feature_names is None and _is_dataframe(background):
            feature_names = [str(c) for c in background.columns]
        self._missing = settings.get("missing", "allow")
        rows = None
        if background is not None:
            rows = _as_rows(background, "background", feature_names, self._missing)
        self._args = (path, background, method, feature_names, threads, dict(settings))
        self._core = _whyrec.BatchExplainer(path, rows, list(feature_names or []), method or "",
                                            settings_json(settings))
        self.settings = dict(settings)

    def __reduce__(self):
        # Rebuilt from its arguments (a worker process loads the model itself).
        path, background, method, feature_names, threads, settings = self._args
        return (_rebuild, (path, background, method, feature_names, threads, settings))

    @property
    def method(self):
        """The method that runs ('auto' for a model-agnostic auto, which picks per job)."""
        return self._core.method

    @property
    def feature_names(self):
        return list(self._core.feature_names)

    @property
    def player_names(self):
        """The players values are given for: the features, with each group as one."""
        return list(self._core.player_names)

    @property
    def output_name(self):
        return self._core.output_name

    @property
    def output_width(self):
        """Columns of the explained output (k): values are (n, P) when 1, else (n, P, k)."""
        return self._core.output_width

    def __call__(self, X, *, threads=None):
        return self.explain(X, threads=threads)

    def explain(self, X, *, threads=None):
        """Explains each row of X (array or DataFrame, n x features) and returns an Explanation."""
        threads = self.threads if threads is None else _check_threads(threads)
        data = _as_rows(X, "X", self.feature_names, self._missing)
        n, k, players = len(data), self.output_width, len(self.player_names)
        per_output = (n, players) if k == 1 else (n, players, k)
        per_row = (n,) if k == 1 else (n, k)
        values = np.empty(per_output)
        std_errors = np.empty(per_output)
        base_values = np.empty(per_row)
        model_output = np.empty(per_row)
        evaluations = np.zeros(n, dtype=np.int64)
        record = {"settings": "{}", "method": self.method, "seed": None, "extras": []}
        extras = []
        for begin in range(0, n, self._chunk_rows(threads)):
            end = min(n, begin + self._chunk_rows(threads))
            part = self._core.explain_into(data, begin, end, threads, values, std_errors,
                                           base_values, model_output, evaluations)
            if begin == 0:
                record = part
            extras.extend(part["extras"] or [""] * (end - begin))
        return Explanation(
            values=values, base_values=base_values, data=data, feature_names=self.player_names,
            output_names=self._output_names(), std_errors=std_errors, model_output=model_output,
            evaluations=evaluations, method=record["method"], seed=record["seed"],
            settings=json.loads(record["settings"]),
            extras=parse_extras(extras if any(extras) else []))

    def _chunk_rows(self, threads):
        if self.method in ("tree", "linear"):
            return _CLOSED_FORM_CHUNK
        return _SAMPLED_CHUNK_PER_THREAD * (threads or os.cpu_count() or 1)

    def _output_names(self):
        k = self.output_width
        return [self.output_name] if k == 1 else [f"{self.output_name}[{j}]" for j in range(k)]

    def __repr__(self):
        return (f"whyrec.Explainer(model={self._args[0]!r}, method={self.method!r}, "
                f"players={len(self.player_names)}, output={self.output_name!r})")


def _rebuild(path, background, method, feature_names, threads, settings):
    return Explainer(path, background, method, feature_names=feature_names, threads=threads,
                     **settings)


def _is_dataframe(x):
    return hasattr(x, "columns") and hasattr(x, "to_numpy")


def _check_threads(threads):
    if isinstance(threads, bool) or not isinstance(threads, (int, np.integer)) or threads < 0:
        raise ValueError(f"threads must be an integer >= 0 (0: one per core), got {threads!r}")
    return int(threads)


def _as_rows(x, what, feature_names, missing):
    """x as float32 C-contiguous rows (no copy when it already is), checked: 2-D, numeric, the
    explainer's width, no infinity, and no NaN when missing='error'. A DataFrame's columns are
    taken by name when it has the feature names (extra columns such as ids are left out)."""
    if _is_dataframe(x):
        if feature_names is not None:
            absent = [name for name in feature_names if name not in x.columns]
            if not absent:
                x = x[list(feature_names)]
            elif all(isinstance(c, str) for c in x.columns):
                raise ValueError(f"{what} lacks the column{'s' if len(absent) > 1 else ''} "
                                 f"{', '.join(map(repr, absent[:5]))}; the explainer's features "
                                 f"are {_listed(feature_names)} (give Explainer feature_names=, "
                                 "or the background as a DataFrame)")
        x = x.to_numpy()
    array = np.asarray(x)
    if array.ndim != 2:
        raise ValueError(f"{what} must be 2-D (rows x features), got shape {array.shape}"
                         + ("; for one row use x[None, :]" if array.ndim == 1 else ""))
    if array.dtype.kind not in "biuf":
        raise ValueError(f"{what} must be numeric, got dtype {array.dtype}")
    if feature_names is not None and array.shape[1] != len(feature_names):
        raise ValueError(f"{what} has {array.shape[1]} columns but there are "
                         f"{len(feature_names)} features ({_listed(feature_names)})")
    rows = np.ascontiguousarray(array, dtype=np.float32)
    _require_values(rows, what, feature_names, np.isinf(rows),
                    "is infinite (a missing value is NaN)")
    if missing == "error":
        _require_values(rows, what, feature_names, np.isnan(rows),
                        "is missing (NaN) and missing='error'")
    return rows


def _require_values(rows, what, feature_names, bad, problem):
    if not bad.any():
        return
    r, c = np.argwhere(bad)[0]
    name = feature_names[c] if feature_names is not None else f"column {c}"
    raise ValueError(f"{what} row {r}, feature '{name}': {rows[r, c]} {problem}")


def _listed(names, most=6):
    shown = ", ".join(names[:most])
    return shown + (", ..." if len(names) > most else "")
