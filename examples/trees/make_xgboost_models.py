#!/usr/bin/python3
"""Train XGBoost models on the demo candidates and write them with XGBoost's own predictions.

Writes, next to this script (or into --out):
  ctr_xgb.json           the reference model: binary:logistic, 100 trees, max_depth 6
  regression_xgb.json    reg:squarederror, 10% of training cells missing (learned default
                         directions), feature names dropped
  multiclass_xgb.json    multi:softprob, 3 classes (label + item_rating > 4)
  ranking_xgb.json       rank:pairwise, queries = users
  ndcg_xgb.json          rank:ndcg, queries = users
  deep_xgb.json          reg:squarederror, 2 trees of depth 20 (noisy target, 1000 rows)
  expected/NAME.json     for each model: rows (null = missing), XGBoost's margins
                         (output_margin=True), pred_contribs and, for the reference model,
                         pred_interactions

Models are XGBoost's save_model() JSON, unchanged. Deterministic (fixed seeds, one thread).

Usage:
    /usr/bin/python3 examples/trees/make_xgboost_models.py [--out DIR]
"""

import argparse
import csv
import json
import os
import sys

import numpy as np
import xgboost as xgb

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "demo", "candidates.csv")
DROP = ("user_id", "item_id", "label")


def load_candidates():
    with open(DATA, newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = list(reader)
    keep = [i for i, name in enumerate(header) if name not in DROP]
    x = np.array([[float(r[i]) for i in keep] for r in rows], dtype=np.float32)
    label = np.array([float(r[header.index("label")]) for r in rows], dtype=np.float32)
    users = [r[header.index("user_id")] for r in rows]
    return [header[i] for i in keep], x, label, users


def train(params, dtrain, rounds):
    base = {"nthread": 1, "seed": 7, "tree_method": "exact"}
    return xgb.train({**base, **params}, dtrain, num_boost_round=rounds)


def as_json_rows(x):
    return [[None if np.isnan(v) else float(v) for v in row] for row in x]


def write_expected(out, name, booster, x, names, interactions=False):
    d = xgb.DMatrix(x, feature_names=names, missing=np.nan)
    expected = {
        "model": name + "_xgb.json",
        "xgboost_version": xgb.__version__,
        "rows": as_json_rows(x),
        "margin": booster.predict(d, output_margin=True).tolist(),
        "contribs": booster.predict(d, pred_contribs=True).tolist(),
    }
    if interactions:
        expected["interactions"] = booster.predict(d, pred_interactions=True).tolist()
    os.makedirs(os.path.join(out, "expected"), exist_ok=True)
    with open(os.path.join(out, "expected", name + ".json"), "w") as f:
        json.dump(expected, f, separators=(",", ":"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=HERE)
    args = parser.parse_args()
    names, x, label, users = load_candidates()
    rng = np.random.default_rng(7)
    probe = x[rng.choice(len(x), 8, replace=False)].copy()
    probe[1, 2] = np.nan  # one missing value: the default direction decides
    probe[3, [0, 5, 9]] = np.nan

    reference = train({"objective": "binary:logistic", "max_depth": 6, "eta": 0.1},
                      xgb.DMatrix(x, label=label, feature_names=names), 100)
    reference.save_model(os.path.join(args.out, "ctr_xgb.json"))
    write_expected(args.out, "ctr", reference, probe[:4], names, interactions=True)

    target = x[:2000, 4] * 2 - x[:2000, 0] + label[:2000]
    holey = x[:2000].copy()
    holey[rng.random(holey.shape) < 0.1] = np.nan
    regression = train({"objective": "reg:squarederror", "max_depth": 4, "eta": 0.3,
                        "base_score": 1.5},
                       xgb.DMatrix(holey, label=target, missing=np.nan), 8)
    regression.save_model(os.path.join(args.out, "regression_xgb.json"))
    write_expected(args.out, "regression", regression, probe, None)

    classes = label + (x[:, 4] > 4.0)
    multiclass = train({"objective": "multi:softprob", "num_class": 3, "max_depth": 3,
                        "eta": 0.3}, xgb.DMatrix(x[:2000], label=classes[:2000],
                                                 feature_names=names), 4)
    multiclass.save_model(os.path.join(args.out, "multiclass_xgb.json"))
    write_expected(args.out, "multiclass", multiclass, probe, names)

    order = np.argsort(np.array(users[:1000]), kind="stable")
    groups = np.unique(np.array(users[:1000])[order], return_counts=True)[1]
    for objective, name in (("rank:pairwise", "ranking"), ("rank:ndcg", "ndcg")):
        ranked = xgb.DMatrix(x[:1000][order], label=label[:1000][order], feature_names=names)
        ranked.set_group(groups)
        ranker = train({"objective": objective, "max_depth": 3, "eta": 0.3}, ranked, 3)
        ranker.save_model(os.path.join(args.out, name + "_xgb.json"))
        write_expected(args.out, name, ranker, probe, names)

    few = rng.choice(len(x), 1000, replace=False)
    deep = train({"objective": "reg:squarederror", "max_depth": 20, "eta": 0.5,
                  "min_child_weight": 0, "lambda": 0.01},
                 xgb.DMatrix(x[few], label=x[few, 0] * x[few, 6] + label[few] +
                             rng.normal(size=len(few)), feature_names=names), 2)
    deep.save_model(os.path.join(args.out, "deep_xgb.json"))
    write_expected(args.out, "deep", deep, probe, names)


if __name__ == "__main__":
    sys.exit(main())
