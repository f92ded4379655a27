"""What holds whatever the CLI says: efficiency against independently computed outputs, the same
numbers for any thread count or batching, and numpy arrays shared rather than copied."""

import json
import pickle

import numpy as np
import pytest

import whyrec
from conftest import DEMO, DEMO_IDS, TREES, read_features

MLP = DEMO / "ctr_mlp.onnx"


@pytest.fixture(scope="module")
def rows():
    return read_features(DEMO / "candidates.csv", DEMO_IDS)


@pytest.fixture(scope="module")
def background():
    return read_features(DEMO / "background.csv")


def test_tree_values_are_xgboosts_pred_contribs_and_sum_to_its_margin():
    expected = json.loads((TREES / "expected" / "ctr.json").read_text())
    x = np.array(expected["rows"], dtype=float)  # null (missing) becomes NaN
    explanation = whyrec.Explainer(TREES / "ctr_xgb.json")(x)
    contribs = np.array(expected["contribs"])  # per row: players then the bias
    np.testing.assert_allclose(explanation.values, contribs[:, :-1], rtol=0, atol=1e-5)
    np.testing.assert_allclose(explanation.values.sum(1) + explanation.base_values,
                               expected["margin"], rtol=0, atol=1e-5)


def test_linear_values_sum_to_the_models_own_margin(rows, background):
    spec = json.loads((DEMO / "ctr_logistic.json").read_text())
    explanation = whyrec.Explainer(DEMO / "ctr_logistic.json", background)(rows.iloc[:50])
    x = rows.iloc[:50].to_numpy(np.float64)
    margin = x @ np.array(spec["coefficients"]) + spec["intercept"]
    np.testing.assert_allclose(explanation.values.sum(1), margin - explanation.base_values,
                               rtol=0, atol=1e-5)
    # phi_j = w_j (x_j - E[x_j]): the closed form of an interventional linear explanation.
    mean = background.to_numpy(np.float64).mean(0)
    np.testing.assert_allclose(explanation.values, (x - mean) * spec["coefficients"], rtol=0,
                               atol=1e-5)


@pytest.mark.parametrize("method,settings", [
    ("exact", {}), ("kernel", {"budget": 256, "seed": 1}), ("permutation", {"budget": 64}),
])
def test_shapley_values_sum_to_output_minus_base(method, settings, rows, background):
    linear = DEMO / "ctr_logistic.json"  # f is known in closed form: check model_output too
    spec = json.loads(linear.read_text())
    explanation = whyrec.Explainer(linear, background, method, output="prob", **settings)(
        rows.iloc[:4])
    x = rows.iloc[:4].to_numpy(np.float64)
    prob = 1 / (1 + np.exp(-(x @ np.array(spec["coefficients"]) + spec["intercept"])))
    np.testing.assert_allclose(explanation.model_output, prob, rtol=0, atol=1e-6)
    np.testing.assert_allclose(explanation.values.sum(1),
                               explanation.model_output - explanation.base_values, rtol=0,
                               atol=1e-6)


@pytest.mark.parametrize("method,settings", [
    ("kernel", {"budget": 300, "seed": 9}),
    ("permutation", {"budget": 100, "seed": 9}),
    ("lime", {"num_samples": 300, "seed": 9}),
    ("tree", {"tree_mode": "interventional"}),
])
def test_same_numbers_for_any_thread_count_and_batching(method, settings, rows, background):
    model = TREES / "ctr_xgb.json" if method == "tree" else MLP
    explainer = whyrec.Explainer(model, background, method, **settings)
    x = rows.iloc[:9]
    one = explainer(x, threads=1)
    for threads in (2, 3):
        other = explainer(x, threads=threads)
        np.testing.assert_array_equal(one.values, other.values)
        np.testing.assert_array_equal(one.std_errors, other.std_errors)
    alone = np.concatenate([explainer(x.iloc[r:r + 1], threads=1).values for r in range(9)])
    np.testing.assert_array_equal(one.values, alone)


def test_float32_rows_are_not_copied(rows):
    x = np.ascontiguousarray(rows.to_numpy(np.float32)[:5])
    explanation = whyrec.Explainer(TREES / "ctr_xgb.json")(x)
    assert explanation.data is x
    other = whyrec.Explainer(TREES / "ctr_xgb.json")(x.astype(np.float64))
    assert other.data.dtype == np.float32 and other.data.flags.c_contiguous
    np.testing.assert_array_equal(other.values, explanation.values)


def test_missing_values_pass_as_nan(rows):
    x = rows.to_numpy(np.float32)[:3].copy()
    x[0, 2] = np.nan
    explanation = whyrec.Explainer(TREES / "ctr_xgb.json")(x)
    np.testing.assert_allclose(explanation.values.sum(1),
                               explanation.model_output - explanation.base_values, atol=1e-5)
    assert not np.isnan(explanation.values).any()


def test_rows_indexing_and_pickling_keep_the_numbers(rows, background):
    explainer = whyrec.Explainer(MLP, background, "kernel", budget=200, seed=4, threads=1)
    explanation = explainer(rows.iloc[:3])
    assert explanation[1].values.shape == (12,)
    np.testing.assert_array_equal(explanation[1:].values, explanation.values[1:])
    copy = pickle.loads(pickle.dumps(explainer))
    np.testing.assert_array_equal(copy(rows.iloc[:3]).values, explanation.values)
    assert explanation.output_names == ["logit"] and explainer.output_width == 1


def test_multiclass_layout_is_shaps(rows):
    explanation = whyrec.Explainer(TREES / "multiclass_xgb.json")(rows.iloc[:4])
    assert explanation.values.shape == (4, 12, 3)
    assert explanation.base_values.shape == (4, 3)
    assert explanation.output_names == ["margin[0]", "margin[1]", "margin[2]"]
    np.testing.assert_allclose(explanation.values.sum(1),
                               explanation.model_output - explanation.base_values, atol=1e-5)


def test_a_distilled_model_gets_its_pairwise_exact_values_by_default(rows, background):
    # No method: 'additive', as `whyrec explain` picks; its values equal exact Shapley values.
    model = DEMO / "ctr_mlp_distilled.json"
    picked = whyrec.Explainer(model, background)(rows.iloc[:3])
    exact = whyrec.Explainer(model, background, "exact")(rows.iloc[:3])
    assert picked.method == "additive"
    np.testing.assert_allclose(picked.values, exact.values, atol=1e-6)
    np.testing.assert_allclose(picked.base_values, exact.base_values, atol=1e-6)
