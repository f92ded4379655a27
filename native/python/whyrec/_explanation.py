"""The result of an explanation, shaped like shap's Explanation so that shap users feel at home:
`values`, `base_values`, `data`, `feature_names`, `output_names`; indexing by rows."""

import dataclasses
import json
from typing import Optional

import numpy as np


@dataclasses.dataclass(kw_only=True, repr=False, eq=False)
class Explanation:
    """Explanations of n rows for P players (features, or groups of them) and k model outputs.

    values        (n, P) float64, or (n, P, k) when the explained output has k > 1 columns (shap's
                  layout: outputs last); a row sums to model_output - base_values
    base_values   (n,) or (n, k): E[f] over the background (tree_mode 'path': over the cover)
    data          (n, features) float32: the rows explained, as the core read them
    feature_names the P player names (a group is one player)
    output_names  the explained output's name, or one name per column when k > 1
    std_errors    like values: standard errors, 0 where exact
    model_output  like base_values: f(row)
    evaluations   (n,) int64: model rows evaluated per row
    method        the method that ran ('auto' reports what it chose)
    seed          the seed a random method used, else None
    settings      the settings the first row's explanation records (as the CLI's JSON)
    extras        method-specific fields by name, one entry per row (LIME's intercept, an anchor's
                  rule, TreeSHAP's interaction_values): numpy arrays where numeric, else lists
    """

    values: np.ndarray
    base_values: np.ndarray
    data: np.ndarray
    feature_names: list
    output_names: list
    std_errors: np.ndarray
    model_output: np.ndarray
    evaluations: np.ndarray
    method: str
    seed: Optional[int]
    settings: dict
    extras: dict

    @property
    def shape(self):
        return self.values.shape

    @property
    def interaction_values(self):
        """TreeSHAP interaction values (n, P, P[, k]) when asked for (interactions=True)."""
        return self.extras.get("interaction_values")

    def __len__(self):
        return len(self.values)

    def __getitem__(self, rows):
        """Rows by index, slice, mask or index array (an int gives one row without the row axis,
        as shap's does)."""
        per_row = ("values", "base_values", "data", "std_errors", "model_output", "evaluations")
        selected = {name: getattr(self, name)[rows] for name in per_row}
        extras = {name: _take(field, rows) for name, field in self.extras.items()}
        return dataclasses.replace(self, extras=extras, **selected)

    def __repr__(self):
        return (f".values =\n{self.values!r}\n\n.base_values =\n{self.base_values!r}\n\n"
                f".data =\n{self.data!r}\n\n.feature_names = {self.feature_names!r}\n"
                f".method = {self.method!r}")


def _take(field, rows):
    """The selected rows of an extras field: an array, or a list of per-row entries."""
    if isinstance(field, np.ndarray) or isinstance(rows, (int, np.integer)):
        return field[rows]
    return [field[i] for i in np.arange(len(field))[rows]]


def parse_extras(rows_json):
    """Per-row JSON objects of method-specific fields -> {field: one entry per row}, numeric fields
    as arrays. A row without a field has None there, as in the CLI's JSON."""
    if not rows_json:
        return {}
    rows = [json.loads(text) if text else {} for text in rows_json]
    names = []
    for row in rows:
        names.extend(name for name in row if name not in names)
    extras = {}
    for name in names:
        column = [row.get(name) for row in rows]
        extras[name] = _as_array(column)
    return extras


def _as_array(column):
    """Numbers (nested alike) -> a float array; text, rules or ragged lists stay a list."""
    if any(entry is None for entry in column):
        return column
    try:
        array = np.asarray(column)
    except ValueError:  # ragged
        return column
    if array.dtype.kind in "biuf":
        return array
    return column
