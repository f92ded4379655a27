#!/usr/bin/python3
"""Build the XGBoost models and CSVs that bench/tree_end_to_end.py explains.

Maintainer tool (needs Debian's python3-xgboost, python3-sklearn); no test needs it. Writes
into build/bench/trees (git-ignored), one MODEL.json + MODEL.csv (+ MODEL_background.csv,
its first 100 rows) per job:

  reference    examples/trees/ctr_xgb.json (committed) on 5,000 demo candidates (cycled)
  deep_d12     diabetes (442 rows, 10 features), reg:squarederror, 200 trees, max_depth 12
  deep_d14     digits' 64 pixels (1,797 rows), regression on the digit, 200 trees, lossguide,
               max_depth 14, max_leaves 256
  wide         digits' 64 pixels + 56 horizontal differences of adjacent pixels + 8 row sums
               (128 features, 1,797 rows), binary:logistic on digit < 5, 100 trees, depth 6
  small        breast_cancer (569 rows, 30 features), binary:logistic, 300 trees, depth 6

Deterministic: fixed seeds, one thread, exact tree method where the depth allows.

Usage:
    /usr/bin/python3 bench/make_tree_models.py [--out DIR]
"""

import argparse
import csv
import os

import numpy as np
import xgboost as xgb
from sklearn import datasets

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..")


def write_csv(path, names, rows):
    rows = np.asarray(rows, dtype=np.float32)
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(names)
        for r in rows:
            w.writerow([repr(v) for v in r])  # float32: shortest digits that read back


def reference():
    """The committed reference model and 5,000 demo candidates (the issue's job)."""
    with open(os.path.join(ROOT, "examples", "demo", "candidates.csv"), newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = list(reader)
    keep = [i for i, h in enumerate(header) if h not in ("user_id", "item_id", "label")]
    x = np.array([[float(r[i]) for i in keep] for r in rows], dtype=np.float32)
    x = np.resize(x, (5000, x.shape[1]))  # cycles the 8,000 candidates: here their first 5,000
    booster = xgb.Booster(model_file=os.path.join(ROOT, "examples", "trees", "ctr_xgb.json"))
    return booster, [header[i] for i in keep], x


def train(x, y, names, params, rounds):
    d = xgb.DMatrix(x, label=y, feature_names=names)
    base = {"seed": 0, "nthread": 1}
    return xgb.train({**base, **params}, d, num_boost_round=rounds)


def deep_d12():
    x, y = datasets.load_diabetes(return_X_y=True, scaled=False)
    names = [f"x{i}" for i in range(x.shape[1])]
    params = {"objective": "reg:squarederror", "max_depth": 12, "min_child_weight": 0,
              "eta": 0.1, "lambda": 0.1, "tree_method": "exact"}
    return train(x, y, names, params, 200), names, x.astype(np.float32)


def digits():
    x, y = datasets.load_digits(return_X_y=True)
    return x.astype(np.float64), y


def deep_d14():
    x, y = digits()
    names = [f"p{i}" for i in range(64)]
    params = {"objective": "reg:squarederror", "max_depth": 14, "grow_policy": "lossguide",
              "max_leaves": 256, "min_child_weight": 0, "eta": 0.1, "lambda": 0.1,
              "tree_method": "hist", "max_bin": 256}
    return train(x, y, names, params, 200), names, x.astype(np.float32)


def wide():
    x, y = digits()
    img = x.reshape(-1, 8, 8)
    diffs = (img[:, :, 1:] - img[:, :, :-1]).reshape(len(x), -1)
    rows = img.sum(axis=2)
    xw = np.hstack([x, diffs, rows])
    names = ([f"p{i}" for i in range(64)] + [f"dx{r}_{c}" for r in range(8) for c in range(7)] +
             [f"row{r}" for r in range(8)])
    params = {"objective": "binary:logistic", "max_depth": 6, "eta": 0.3, "tree_method": "exact"}
    return train(xw, (y < 5).astype(float), names, params, 100), names, xw.astype(np.float32)


def small():
    x, y = datasets.load_breast_cancer(return_X_y=True)
    names = [f"c{i}" for i in range(x.shape[1])]
    params = {"objective": "binary:logistic", "max_depth": 6, "eta": 0.1, "tree_method": "exact"}
    return train(x, y, names, params, 300), names, x.astype(np.float32)


JOBS = {"reference": reference, "deep_d12": deep_d12, "deep_d14": deep_d14, "wide": wide,
        "small": small}


def count_nodes(booster):
    return sum(len(t.splitlines()) for t in booster.get_dump())


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=os.path.join(ROOT, "build", "bench", "trees"))
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for name, make in JOBS.items():
        booster, names, x = make()
        booster.save_model(os.path.join(args.out, name + ".json"))
        write_csv(os.path.join(args.out, name + ".csv"), names, x)
        write_csv(os.path.join(args.out, name + "_background.csv"), names, x[:100])
        print(f"{name}: {x.shape[0]} rows, {x.shape[1]} features, "
              f"{len(booster.get_dump())} trees, {count_nodes(booster)} nodes")


if __name__ == "__main__":
    main()
