"""The Python package against `whyrec explain` on the same inputs: the same values, standard
errors, base values, outputs, seed, settings and method-specific fields (to 1e-6)."""

import gzip
import os
import subprocess
import shutil

import numpy as np
import pytest

import whyrec
from conftest import CLI, DEMO, DEMO_IDS, LIGHTGBM, TREES, cli_flags, read_features, run_cli

MLP = DEMO / "ctr_mlp.onnx"
CANDIDATES = DEMO / "candidates.csv"
BACKGROUND = DEMO / "background.csv"
GROUPS = {"price": ["price_vs_usual_spend", "discount_pct"],
          "item": ["item_popularity", "item_rating", "item_age_days"]}

# id: (model, data, background or None, rows, method or None, settings)
CASES = {
    "mlp-exact": (MLP, CANDIDATES, BACKGROUND, (0, 5), "exact", {"output": "prob"}),
    "mlp-kernel": (MLP, CANDIDATES, BACKGROUND, (0, 4), "kernel",
                   {"budget": 300, "seed": 7, "output": "prob"}),
    "mlp-kernel-logit": (MLP, CANDIDATES, BACKGROUND, (4, 7), "kernel",
                         {"budget": 200, "seed": 1, "output": "prob", "link": "logit",
                          "sampling": "kernel", "surrogate": "none"}),
    "mlp-kernel-tolerance": (MLP, CANDIDATES, BACKGROUND, (0, 2), "kernel",
                             {"budget": 1200, "tolerance": 0.002, "seed": 2}),
    "mlp-permutation": (MLP, CANDIDATES, BACKGROUND, (0, 4), "permutation",
                        {"budget": 200, "seed": 3}),
    "mlp-auto-summary": (MLP, CANDIDATES, BACKGROUND, (10, 12), "auto",
                         {"budget": 5000, "background_summary": 10, "seed": 2}),
    "mlp-groups": (MLP, CANDIDATES, BACKGROUND, (0, 3), "exact", {"groups": GROUPS}),
    "mlp-lime": (MLP, CANDIDATES, BACKGROUND, (0, 3), "lime",
                 {"num_samples": 500, "seed": 4, "output": "prob"}),
    "mlp-anchors": (MLP, CANDIDATES, BACKGROUND, (0, 2), "anchors",
                    {"seed": 5, "output": "prob", "coverage_samples": 1000}),
    "logistic-default": (DEMO / "ctr_logistic.json", CANDIDATES, BACKGROUND, (0, 20), None, {}),
    "xgb-path": (TREES / "ctr_xgb.json", CANDIDATES, None, (0, 50), "tree", {}),
    "xgb-interventional": (TREES / "ctr_xgb.json", CANDIDATES, BACKGROUND, (0, 10), "tree",
                           {"tree_mode": "interventional"}),
    "xgb-interactions": (TREES / "ctr_xgb.json", CANDIDATES, None, (0, 4), "tree",
                         {"interactions": True}),
    "xgb-multiclass": (TREES / "multiclass_xgb.json", CANDIDATES, None, (0, 10), None, {}),
    "onnx-trees": (TREES / "ctr_trees.onnx", CANDIDATES, None, (0, 10), "tree", {}),
    "lightgbm-nan": (LIGHTGBM / "binary_missing" / "model.txt",
                     LIGHTGBM / "binary_missing" / "explain_nan.csv", None, (0, 30), "tree", {}),
    "lightgbm-multiclass-nan": (LIGHTGBM / "multiclass_wine" / "model.txt",
                                LIGHTGBM / "multiclass_wine" / "explain_nan.csv", None, (0, 20),
                                "tree", {}),
}


def assert_same(explanation, cli):
    assert explanation.method == cli["method"]
    assert explanation.feature_names == cli["feature_names"]
    np.testing.assert_allclose(explanation.values, np.array(cli["values"]), rtol=0, atol=1e-6)
    np.testing.assert_allclose(explanation.std_errors, np.array(cli["std_errors"]), rtol=0,
                               atol=1e-6)
    np.testing.assert_allclose(explanation.model_output, np.array(cli["model_output"]), rtol=0,
                               atol=1e-6)
    for base in explanation.base_values:
        np.testing.assert_allclose(base, np.array(cli["base_value"]), rtol=0, atol=1e-6)
    assert explanation.seed == cli["seed"]
    recorded = dict(cli["settings"])
    del recorded["rows"]
    assert explanation.settings == recorded
    assert np.max(explanation.evaluations) == cli["evaluations"]


@pytest.mark.parametrize("case", CASES)
def test_same_as_cli(case, workdir):
    model, data, background, (begin, end), method, settings = CASES[case]
    drop = DEMO_IDS if data == CANDIDATES else []
    args = ["--model", model, "--data", data, "--rows", f"{begin}:{end}"]
    args += ["--drop", ",".join(drop)] if drop else []
    args += ["--background", background] if background else []
    args += ["--method", method] if method else []
    cli = run_cli(workdir, *args, *cli_flags(settings, workdir))

    rows = read_features(data, drop)
    explainer = whyrec.Explainer(model, read_features(background, drop) if background else None,
                                 method, feature_names=list(rows.columns), **settings)
    explanation = explainer(rows.iloc[begin:end])
    assert_same(explanation, cli)
    extras = [k for k in cli if k not in ("method", "output", "feature_names", "base_value",
                                          "values", "std_errors", "model_output", "evaluations",
                                          "seed", "settings")]
    assert sorted(explanation.extras) == sorted(extras)
    for name in extras:
        ours = explanation.extras[name]
        if isinstance(ours, np.ndarray):
            np.testing.assert_allclose(ours, np.array(cli[name], dtype=float), rtol=0, atol=1e-6)
        else:
            assert ours == cli[name], name


def test_gzip_model_same_as_plain(workdir):
    packed = workdir / "ctr_xgb.json.gz"
    with open(TREES / "ctr_xgb.json", "rb") as plain, gzip.open(packed, "wb") as out:
        shutil.copyfileobj(plain, out)
    rows = read_features(CANDIDATES, DEMO_IDS).iloc[:20]
    cli = run_cli(workdir, "--model", packed, "--data", CANDIDATES, "--drop", ",".join(DEMO_IDS),
                  "--rows", "0:20")
    explanation = whyrec.Explainer(packed)(rows)
    assert_same(explanation, cli)
    plain = whyrec.Explainer(TREES / "ctr_xgb.json")(rows)
    np.testing.assert_array_equal(explanation.values, plain.values)


def test_a_rule_list_is_explained_interventionally_by_default_as_in_the_cli(workdir):
    # A distilled rule list, read as a tree, has no training covers for path-dependent TreeSHAP:
    # with no tree_mode both the CLI and the package explain it against the background.
    model = workdir / "rules.json"
    env = dict(os.environ, ORT_DISABLE_TELEMETRY="1")
    done = subprocess.run([str(CLI), "distill", "--model", str(MLP), "--data", str(CANDIDATES),
                           "--drop", "item_id,label", "--group", "user_id", "--family",
                           "rule_list", "--max-rules", "8", "--out", str(model)],
                          capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    cli = run_cli(workdir, "--model", model, "--data", CANDIDATES, "--drop", ",".join(DEMO_IDS),
                  "--background", BACKGROUND, "--rows", "0:4")
    assert cli["settings"]["tree_mode"] == "interventional"
    rows = read_features(CANDIDATES, DEMO_IDS)
    explanation = whyrec.Explainer(model, read_features(BACKGROUND, DEMO_IDS),
                                   feature_names=list(rows.columns))(rows.iloc[0:4])
    assert_same(explanation, cli)
    with pytest.raises(ValueError, match="no training covers"):
        whyrec.Explainer(model, None, feature_names=list(rows.columns))
