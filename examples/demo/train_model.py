#!/usr/bin/python3
"""Train the demo click-through models on candidates.csv.

Writes, next to this script (or into --out):
  ctr_mlp.onnx       MLP 12 -> 32 -> 16 -> 1 (ReLU), standardization folded in,
                     input "features" [batch, 12] float32 (raw feature values),
                     outputs "logit" and "prob" (= sigmoid(logit)), both [batch, 1]
  ctr_logistic.json  logistic regression on raw features
  meta.json          feature names/labels for the web demo

Users are split 60/15/25 into train/validation/test; validation picks the MLP's
epoch, test gives the reported metrics. Fully deterministic (fixed seeds, one
CPU thread).

Usage:
    /usr/bin/python3 examples/demo/train_model.py [--data DIR] [--out DIR]
"""

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys

import numpy as np
import onnx
import torch
from onnx import numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # keep __pycache__ out of examples/demo
sys.path.insert(0, HERE)
from make_data import FEATURES, click_logit  # noqa: E402

FEATURE_LABELS = {
    "price_vs_usual_spend": "Price vs. usual spend (log2 ratio)",
    "category_affinity": "Interest in this category",
    "days_since_category_view": "Days since last viewed category",
    "item_popularity": "Item popularity",
    "item_rating": "Item rating",
    "discount_pct": "Discount (%)",
    "novelty": "Novelty for this user",
    "viewed_item_before": "Viewed this item before",
    "brand_affinity": "Affinity for this brand",
    "item_age_days": "Days since item was listed",
    "user_activity": "User activity (sessions/week)",
    "shipping_days": "Shipping time (days)",
}

SEED = 7
EPOCHS = 150
BATCH = 64
LR = 1e-3
WEIGHT_DECAY = 1e-2


# ---------------------------------------------------------------- data


def load_candidates(path):
    with open(path, newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        assert header[2:14] == FEATURES and header[14] == "label", header
        users, x, y = [], [], []
        for row in reader:
            users.append(row[0])
            x.append([float(v) for v in row[2:14]])
            y.append(int(row[14]))
    return np.array(users), np.array(x, dtype=np.float64), np.array(y, dtype=np.float64)


def split_users(users, rng):
    ids = np.array(sorted(set(users)))
    ids = ids[rng.permutation(len(ids))]
    n_train = int(round(0.60 * len(ids)))
    n_val = int(round(0.15 * len(ids)))
    groups = [ids[:n_train], ids[n_train:n_train + n_val], ids[n_train + n_val:]]
    return [np.isin(users, g) for g in groups]


# ---------------------------------------------------------------- metrics


def auc(y, score):
    """ROC AUC via the Mann-Whitney statistic, ties get average ranks."""
    y = np.asarray(y)
    score = np.asarray(score, dtype=np.float64)
    order = np.argsort(score, kind="mergesort")
    s = score[order]
    ranks = np.empty(len(s))
    i = 0
    while i < len(s):
        j = i
        while j + 1 < len(s) and s[j + 1] == s[i]:
            j += 1
        ranks[i:j + 1] = 0.5 * (i + j) + 1.0
        i = j + 1
    r = np.empty(len(s))
    r[order] = ranks
    n_pos = y.sum()
    n_neg = len(y) - n_pos
    return (r[y == 1].sum() - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg)


def log_loss(y, p):
    p = np.clip(np.asarray(p, dtype=np.float64), 1e-12, 1 - 1e-12)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


# ---------------------------------------------------------------- models


class Standardize(torch.nn.Module):
    def __init__(self, mean, std):
        super().__init__()
        self.register_buffer("mean", torch.tensor(mean, dtype=torch.float32))
        self.register_buffer("std", torch.tensor(std, dtype=torch.float32))

    def forward(self, x):
        return (x - self.mean) / self.std


class CtrMlp(torch.nn.Module):
    def __init__(self, mean, std):
        super().__init__()
        self.norm = Standardize(mean, std)
        self.net = torch.nn.Sequential(
            torch.nn.Linear(12, 32),
            torch.nn.ReLU(),
            torch.nn.Linear(32, 16),
            torch.nn.ReLU(),
            torch.nn.Linear(16, 1),
        )

    def forward(self, x):
        logit = self.net(self.norm(x))
        return logit, torch.sigmoid(logit)


def train_mlp(x_tr, y_tr, x_va, y_va):
    torch.manual_seed(SEED)
    mean = x_tr.mean(axis=0)
    std = x_tr.std(axis=0)
    std[std == 0] = 1.0
    model = CtrMlp(mean, std)
    xt = torch.tensor(x_tr, dtype=torch.float32)
    yt = torch.tensor(y_tr, dtype=torch.float32).unsqueeze(1)
    xv = torch.tensor(x_va, dtype=torch.float32)
    opt = torch.optim.Adam(model.parameters(), lr=LR, weight_decay=WEIGHT_DECAY)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    gen = torch.Generator().manual_seed(SEED)
    best = (float("inf"), -1, None)
    for epoch in range(EPOCHS):
        model.train()
        perm = torch.randperm(len(xt), generator=gen)
        for start in range(0, len(xt), BATCH):
            idx = perm[start:start + BATCH]
            opt.zero_grad()
            logit, _ = model(xt[idx])
            loss = loss_fn(logit, yt[idx])
            loss.backward()
            opt.step()
        model.eval()
        with torch.no_grad():
            pv = model(xv)[1].numpy()[:, 0]
        val_loss = log_loss(y_va, pv)
        if val_loss < best[0]:
            state = {k: v.clone() for k, v in model.state_dict().items()}
            best = (val_loss, epoch, state)
    model.load_state_dict(best[2])
    model.eval()
    print("mlp: best validation log loss %.4f at epoch %d of %d" % (best[0], best[1] + 1, EPOCHS))
    return model


def train_logistic(x, y, l2=1e-6, iters=50):
    """Logistic regression by Newton's method (IRLS) on standardized features,
    converted back to raw-feature coefficients. l2 is a tiny ridge term for
    numerical stability only (the intercept is not penalized)."""
    mean = x.mean(axis=0)
    std = x.std(axis=0)
    std[std == 0] = 1.0
    z = np.hstack([np.ones((len(x), 1)), (x - mean) / std])
    w = np.zeros(z.shape[1])
    penalty = np.full(z.shape[1], l2 * len(x))
    penalty[0] = 0.0
    for _ in range(iters):
        p = sigmoid(z @ w)
        grad = z.T @ (p - y) + penalty * w
        hess = (z * (p * (1 - p))[:, None]).T @ z + np.diag(penalty)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.max(np.abs(step)) < 1e-10:
            break
    coef = w[1:] / std
    intercept = w[0] - np.sum(w[1:] * mean / std)
    return coef, intercept


# ---------------------------------------------------------------- ONNX checks


def run_onnx_numpy(model, x):
    """Tiny reference interpreter for the handful of ops in the exported graph."""
    env = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    env[model.graph.input[0].name] = x
    for node in model.graph.node:
        a = {at.name: onnx.helper.get_attribute_value(at) for at in node.attribute}
        ins = [env[n] for n in node.input]
        if node.op_type == "Sub":
            out = ins[0] - ins[1]
        elif node.op_type == "Div":
            out = ins[0] / ins[1]
        elif node.op_type == "Add":
            out = ins[0] + ins[1]
        elif node.op_type == "Mul":
            out = ins[0] * ins[1]
        elif node.op_type == "MatMul":
            out = ins[0] @ ins[1]
        elif node.op_type == "Gemm":
            aa = ins[0].T if a.get("transA", 0) else ins[0]
            bb = ins[1].T if a.get("transB", 0) else ins[1]
            out = a.get("alpha", 1.0) * (aa @ bb)
            if len(ins) > 2:
                out = out + a.get("beta", 1.0) * ins[2]
        elif node.op_type == "Relu":
            out = np.maximum(ins[0], 0)
        elif node.op_type == "Sigmoid":
            out = 1.0 / (1.0 + np.exp(-ins[0]))
        elif node.op_type == "Identity":
            out = ins[0]
        elif node.op_type == "Constant":
            out = numpy_helper.to_array(a["value"])
        else:
            raise NotImplementedError(node.op_type)
        env[node.output[0]] = out.astype(np.float32)
    return [env[o.name] for o in model.graph.output]


def check_onnx(path, torch_model, x):
    model = onnx.load(path)
    onnx.checker.check_model(model)
    assert [i.name for i in model.graph.input] == ["features"]
    assert [o.name for o in model.graph.output] == ["logit", "prob"]
    assert model.opset_import[0].version == 13
    for t in model.graph.initializer:
        assert t.data_location != onnx.TensorProto.EXTERNAL, t.name
    xt = x.astype(np.float32)
    with torch.no_grad():
        ref_logit, ref_prob = (t.numpy() for t in torch_model(torch.tensor(xt)))
    logit, prob = run_onnx_numpy(model, xt)
    assert logit.shape == ref_logit.shape == (len(x), 1), logit.shape
    diff = max(np.abs(logit - ref_logit).max(), np.abs(prob - ref_prob).max())
    print("onnx: checker ok, ops %s, numpy interpreter vs torch max |diff| %.2e"
          % (sorted({n.op_type for n in model.graph.node}), diff))
    assert diff < 1e-5
    # Cross-check with onnxruntime-node when it is available (repo node_modules).
    node = shutil.which("node")
    script = os.path.join(HERE, "verify_onnx.mjs")
    if node and os.path.exists(script):
        payload = json.dumps({"model": path, "rows": xt.tolist(),
                              "logit": ref_logit[:, 0].tolist(),
                              "prob": ref_prob[:, 0].tolist()})
        res = subprocess.run([node, script], input=payload, capture_output=True,
                             text=True)
        if res.returncode == 0:
            print(res.stdout.strip())
        elif "ERR_MODULE_NOT_FOUND" in res.stderr:
            print("onnxruntime-node: not installed, skipped")
        else:
            sys.stderr.write(res.stdout + res.stderr)
            raise SystemExit("onnxruntime-node check failed")


# ---------------------------------------------------------------- main


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=HERE)
    ap.add_argument("--out", default=HERE)
    args = ap.parse_args()
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)

    users, x, y = load_candidates(os.path.join(args.data, "candidates.csv"))
    tr, va, te = split_users(users, np.random.default_rng(SEED))
    print("rows: train %d, validation %d, test %d (CTR %.3f / %.3f / %.3f)"
          % (tr.sum(), va.sum(), te.sum(), y[tr].mean(), y[va].mean(), y[te].mean()))

    # Logistic regression (fitted on train + validation: nothing to tune).
    trva = tr | va
    coef, intercept = train_logistic(x[trva], y[trva])
    coef = [float("%.8g" % c) for c in coef]
    intercept = float("%.8g" % intercept)
    p_lr = sigmoid(intercept + x[te] @ np.array(coef))

    model = train_mlp(x[tr], y[tr], x[va], y[va])
    with torch.no_grad():
        p_mlp = model(torch.tensor(x[te], dtype=torch.float32))[1].numpy()[:, 0]

    f_te = {k: x[te][:, j] for j, k in enumerate(FEATURES)}
    p_true = sigmoid(click_logit(f_te))
    metrics = {
        "logistic": (auc(y[te], p_lr), log_loss(y[te], p_lr)),
        "mlp": (auc(y[te], p_mlp), log_loss(y[te], p_mlp)),
        "true_logit (noise-free generator, reference)": (
            auc(y[te], p_true), log_loss(y[te], p_true)),
        "base rate": (0.5, log_loss(y[te], np.full(te.sum(), y[tr].mean()))),
    }
    print("held-out test users (%d rows):" % te.sum())
    for name, (a, ll) in metrics.items():
        print("  %-46s AUC %.4f  log loss %.4f" % (name, a, ll))
    if metrics["mlp"][0] <= metrics["logistic"][0]:
        print("WARNING: the MLP does not beat logistic regression on AUC")

    onnx_path = os.path.join(args.out, "ctr_mlp.onnx")
    torch.onnx.export(
        model,
        torch.zeros(1, 12),
        onnx_path,
        input_names=["features"],
        output_names=["logit", "prob"],
        dynamic_axes={"features": {0: "batch"}, "logit": {0: "batch"}, "prob": {0: "batch"}},
        opset_version=13,
        do_constant_folding=True,
    )
    check_onnx(onnx_path, model, x[te][:16])

    with open(os.path.join(args.out, "ctr_logistic.json"), "w") as fh:
        json.dump({"type": "linear", "link": "logit", "feature_names": FEATURES,
                   "coefficients": coef, "intercept": intercept}, fh, indent=2)
        fh.write("\n")
    with open(os.path.join(args.out, "meta.json"), "w") as fh:
        json.dump({"feature_names": FEATURES, "feature_labels": FEATURE_LABELS,
                   "model": "ctr_mlp.onnx", "output": "prob",
                   "background": "background.csv"}, fh, indent=2)
        fh.write("\n")
    print("wrote ctr_mlp.onnx (%d bytes), ctr_logistic.json, meta.json"
          % os.path.getsize(onnx_path))


if __name__ == "__main__":
    main()
