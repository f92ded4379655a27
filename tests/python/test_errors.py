"""Bad input ends in a Python exception whose message names the problem (the C++ core's own
messages, ValueError for bad input), never a crash or a silent wrong answer."""

import numpy as np
import pytest

import whyrec
from conftest import DEMO, DEMO_IDS, read_features

MLP = DEMO / "ctr_mlp.onnx"


@pytest.fixture(scope="module")
def background():
    return read_features(DEMO / "background.csv")


@pytest.fixture(scope="module")
def rows():
    return read_features(DEMO / "candidates.csv", DEMO_IDS).iloc[:3]


def test_wrong_width(background, rows):
    explainer = whyrec.Explainer(MLP, background, "exact")
    with pytest.raises(ValueError, match=r"X has 11 columns but there are 12 features"):
        explainer(rows.to_numpy()[:, :11])
    with pytest.raises(ValueError, match=r"expects 12 inputs, got 11 features"):
        whyrec.Explainer(MLP, background.iloc[:, :11], "exact")


def test_dataframe_without_the_features(background, rows):
    explainer = whyrec.Explainer(MLP, background, "exact")
    with pytest.raises(ValueError, match=r"X lacks the column 'novelty'"):
        explainer(rows.drop(columns=["novelty"]))


def test_unknown_method(background):
    with pytest.raises(ValueError,
                       match=r"unknown method 'shapley'; available: tree, linear, exact"):
        whyrec.Explainer(MLP, background, "shapley")


def test_unknown_setting_lists_the_valid_ones(background):
    with pytest.raises(TypeError, match=r"unknown setting 'budjet'; valid settings: .*budget"):
        whyrec.Explainer(MLP, background, "kernel", budjet=100)
    with pytest.raises(ValueError, match=r"'budjet'"):  # also a ValueError, as bad input
        whyrec.Explainer(MLP, background, "kernel", budjet=100)


@pytest.mark.parametrize("settings,message", [
    ({"budget": -3}, r"setting 'budget' must be an integer >= 1, got -3"),
    ({"budget": 3.5}, r"setting 'budget' must be an integer >= 1, got 3.5"),
    ({"sampling": "uniform"}, r"setting 'sampling' must be one of leverage, kernel"),
    ({"tolerance": float("nan")}, r"setting 'tolerance' must be finite"),
    ({"tree_mode": "paths"}, r'tree mode must be "path" or "interventional", got "paths"'),
    ({"output": "score"}, r"no output named 'score'; its outputs are: logit, prob"),
    ({"missing": "maybe"}, r"setting 'missing' must be 'allow' or 'error'"),
])
def test_bad_setting_values(settings, message, background):
    with pytest.raises(ValueError, match=message):
        whyrec.Explainer(MLP, background, "kernel", **settings)


def test_bad_setting_of_lime(background):
    with pytest.raises(ValueError,
                       match=r"setting 'num_features' must be an integer >= 1 and <= 12, got 40"):
        whyrec.Explainer(MLP, background, "lime", num_features=40)


def test_bad_files(workdir, background):
    with pytest.raises(FileNotFoundError, match=r"model file '.*nothing.onnx' does not exist"):
        whyrec.Explainer(workdir / "nothing.onnx", background)
    garbage = workdir / "garbage.onnx"
    garbage.write_bytes(b"\x08\x01 not a model")
    with pytest.raises(ValueError, match=r"cannot load ONNX model '.*garbage.onnx'"):
        whyrec.Explainer(garbage, background)
    broken = workdir / "broken.json"
    broken.write_text('{"learner": {')
    with pytest.raises(ValueError, match=r"broken.json: not valid JSON"):
        whyrec.Explainer(broken, background)


def test_method_that_does_not_fit_the_model(background):
    with pytest.raises(ValueError, match=r"method 'tree' needs a tree ensemble"):
        whyrec.Explainer(MLP, background, "tree")
    with pytest.raises(ValueError, match=r"needs a background"):
        whyrec.Explainer(MLP, None, "kernel")
    with pytest.raises(ValueError, match=r"interactions need method 'tree'"):
        whyrec.Explainer(MLP, background, "exact", interactions=True)


def test_bad_cells(background, rows):
    explainer = whyrec.Explainer(MLP, background, "exact")
    x = rows.to_numpy().copy()
    x[2, 5] = np.inf
    with pytest.raises(ValueError, match=r"X row 2, feature 'discount_pct': inf is infinite"):
        explainer(x)
    x[2, 5] = np.nan
    strict = whyrec.Explainer(MLP, background, "exact", missing="error")
    with pytest.raises(ValueError, match=r"X row 2, feature 'discount_pct': nan is missing"):
        strict(x)
    with pytest.raises(ValueError, match=r"X must be 2-D .* for one row use x\[None, :\]"):
        explainer(x[0])
    with pytest.raises(ValueError, match=r"X must be numeric"):
        explainer(np.array([["a"] * 12]))


def test_error_inside_a_row_names_the_row(background, rows):
    # LIME samples from the background's distributions: a missing value in a row is refused,
    # naming the row, whatever thread met it.
    x = rows.to_numpy().copy()
    x[1, 0] = np.nan
    explainer = whyrec.Explainer(MLP, background, "lime", num_samples=100, threads=2)
    with pytest.raises(ValueError,
                       match=r"^row 1: LIME .* feature 'price_vs_usual_spend' is missing"):
        explainer(x)
