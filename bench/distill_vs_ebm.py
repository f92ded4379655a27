#!/usr/bin/python3
"""Distillation benchmark data and the InterpretML EBM side of bench/README.md's distill table.

  data: writes build/bench/distill/{train,holdout}.csv: the first 5,000 demo candidates
        (examples/demo/candidates.csv, 12 features, user_id kept as the list column), split by
        user (a seeded 20% of the users held out), and each teacher's scores on them:
        {train,holdout}_{xgb,mlp}.txt, the margins of examples/trees/ctr_xgb.json (100 trees,
        by XGBoost) and the logits of examples/demo/ctr_mlp.onnx (its `logit` output, computed
        here with NumPy from the ONNX weights: Sub, Div, Gemm, Relu, Gemm, Relu, Gemm).
  ebm:  fits InterpretML's ExplainableBoostingRegressor on a teacher's training scores and
        prints one JSON line: held-out R^2, top-10 agreement and NDCG@10 per user list (the same
        definitions as whyrec distill's report), fit time, model size (to_json minimal, gzip).
  compare: both in one run, on both teachers: `whyrec distill` (GA2M defaults, --augment 14
        --bags 1, and the high-fidelity recipe: HIGH_FIDELITY below) and EBM's defaults, one
        after the other per teacher, each --seeds times (whyrec --seed 0, 1, ...; EBM
        random_state 42, 1, ...); prints a Markdown table (mean and range over the seeds; mean processor and wall time of a fit;
        whyrec's from its --report).

Needs Debian's python3-xgboost, python3-onnx; `ebm` needs ../shared/peers/interpret-0.7.8
(skips with a message when absent). Usage:
    /usr/bin/python3 bench/distill_vs_ebm.py data
    OMP_NUM_THREADS=1 /usr/bin/python3 bench/distill_vs_ebm.py ebm --teacher xgb [--outer-bags 14]
        [--settings '{"max_interaction_bins": 20, "random_state": 1}']
    OMP_NUM_THREADS=1 /usr/bin/python3 bench/distill_vs_ebm.py compare [--seeds 3]
        [--whyrec build/native/whyrec]
"""

import argparse
import csv
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..")
OUT = os.path.join(ROOT, "build", "bench", "distill")
PEER = os.path.join(ROOT, "..", "shared", "peers", "interpret-0.7.8")
FEATURES = 12
TEACHERS = {"xgb": os.path.join(ROOT, "examples", "trees", "ctr_xgb.json"),
            "mlp": os.path.join(ROOT, "examples", "demo", "ctr_mlp.onnx")}


def read_candidates():
    with open(os.path.join(ROOT, "examples", "demo", "candidates.csv"), newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = [r for _, r in zip(range(5000), reader)]
    keep = [i for i, h in enumerate(header) if h not in ("user_id", "item_id", "label")]
    users = [r[0] for r in rows]
    x = np.array([[float(r[i]) for i in keep] for r in rows], dtype=np.float32)
    return [header[i] for i in keep], users, x


def mlp_logits(x):
    import onnx
    from onnx import numpy_helper

    model = onnx.load(os.path.join(ROOT, "examples", "demo", "ctr_mlp.onnx"))
    weights = {t.name: numpy_helper.to_array(t).astype(np.float64) for t in model.graph.initializer}
    values = {model.graph.input[0].name: x.astype(np.float64)}
    for node in model.graph.node:
        a = [values[i] if i in values else weights[i] for i in node.input]
        attrs = {at.name: onnx.helper.get_attribute_value(at) for at in node.attribute}
        if node.op_type == "Sub":
            out = a[0] - a[1]
        elif node.op_type == "Div":
            out = a[0] / a[1]
        elif node.op_type == "Gemm":
            b = a[1].T if attrs.get("transB", 0) else a[1]
            out = a[0] @ b + (a[2] if len(a) > 2 else 0)
        elif node.op_type == "Relu":
            out = np.maximum(a[0], 0)
        elif node.op_type == "Sigmoid":
            out = 1 / (1 + np.exp(-a[0]))
        else:
            raise SystemExit("unexpected ONNX op " + node.op_type)
        values[node.output[0]] = out
    return values["logit"].reshape(-1)


def xgb_margins(x, names):
    import xgboost as xgb

    booster = xgb.Booster(model_file=os.path.join(ROOT, "examples", "trees", "ctr_xgb.json"))
    return booster.predict(xgb.DMatrix(x, feature_names=names), output_margin=True).astype(np.float64)


def write_csv(path, names, users, x):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["user_id"] + names)
        for u, r in zip(users, x):
            w.writerow([u] + [str(v) for v in r])  # float32: shortest digits that read back


def data(args=None):
    names, users, x = read_candidates()
    distinct = sorted(set(users))
    rng = np.random.RandomState(0)
    held_users = set(rng.permutation(distinct)[: round(0.2 * len(distinct))])
    held = np.array([u in held_users for u in users])
    os.makedirs(OUT, exist_ok=True)
    scores = {"xgb": xgb_margins(x, names), "mlp": mlp_logits(x)}
    for part, mask in (("train", ~held), ("holdout", held)):
        write_csv(os.path.join(OUT, part + ".csv"), names,
                  [u for u, m in zip(users, mask) if m], x[mask])
        for teacher, s in scores.items():
            np.savetxt(os.path.join(OUT, f"{part}_{teacher}.txt"), s[mask], fmt="%.9g")
    print(f"wrote {OUT}: {int((~held).sum())} train rows, {int(held.sum())} held out "
          f"({len(held_users)} of {len(distinct)} users)")


def read_part(part, teacher):
    with open(os.path.join(OUT, part + ".csv"), newline="") as f:
        reader = csv.reader(f)
        next(reader)
        rows = list(reader)
    users = [r[0] for r in rows]
    x = np.array([[float(v) for v in r[1:]] for r in rows])
    return users, x, np.loadtxt(os.path.join(OUT, f"{part}_{teacher}.txt"))


def ranking(users, teacher, surrogate, k=10):
    """Mean top-k agreement (lists longer than k) and NDCG@10 (gains 10..1 for the teacher's top 10)."""
    lists = {}
    for i, u in enumerate(users):
        lists.setdefault(u, []).append(i)
    top, ndcg = [], []
    for rows in lists.values():
        rows = np.array(rows)
        by_t = rows[np.argsort(-teacher[rows], kind="stable")]
        by_s = rows[np.argsort(-surrogate[rows], kind="stable")]
        gain = {r: 10.0 - p for p, r in enumerate(by_t[:10])}
        dcg = lambda order: sum(gain.get(r, 0) / np.log2(p + 2) for p, r in enumerate(order[:10]))
        ndcg.append(dcg(by_s) / dcg(by_t))
        if len(rows) > k:
            top.append(len(set(by_t[:k]) & set(by_s[:k])) / k)
    return float(np.mean(top)), float(np.mean(ndcg)), len(top)


def fit_ebm_on(x, t, xh, settings):
    """EBM's regressor fitted on (x, t), one thread unless settings say otherwise: the model's
    predictions on xh, fit times and sizes (to_json minimal, gzip -9)."""
    sys.path.insert(0, PEER)
    from interpret.glassbox import ExplainableBoostingRegressor

    model = ExplainableBoostingRegressor(**{"n_jobs": 1, **settings})
    start, cpu_start = time.perf_counter(), time.process_time()
    model.fit(x, t)
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "ebm.json")
        model.to_json(path, detail="minimal")
        raw = open(path, "rb").read()
    return model.predict(xh), {"fit_seconds": seconds, "fit_cpu_seconds": cpu_seconds,
                               "terms": len(model.term_features_), "json_bytes": len(raw),
                               "gzip_bytes": len(gzip.compress(raw, 9))}


def r_squared(t, s):
    return float(1 - np.sum((t - s) ** 2) / np.sum((t - t.mean()) ** 2))


def fit_ebm(teacher, outer_bags=None, interactions=None, extra=None):
    _, x, t = read_part("train", teacher)
    users, xh, th = read_part("holdout", teacher)
    settings = {"n_jobs": 1, "random_state": 42}
    if outer_bags is not None:
        settings["outer_bags"] = outer_bags
    if interactions is not None:
        settings["interactions"] = interactions
    settings.update(extra or {})
    s, fit = fit_ebm_on(x, t, xh, settings)
    top, ndcg, lists = ranking(users, th, s)
    return {"teacher": teacher, "settings": settings, "holdout_r2": r_squared(th, s),
            "top_10_agreement": top, "ndcg_at_10": ndcg, "lists": lists, **fit}


def ebm(args):
    if not os.path.isdir(PEER):
        print(f"skipped: {PEER} is absent (see ../shared/peers/README.md)")
        return
    extra = json.loads(args.settings) if args.settings else None
    print(json.dumps(fit_ebm(args.teacher, args.outer_bags, args.interactions, extra)))


def distill_report(binary, model, train, holdout, flags):
    """`whyrec distill` of the teacher `model` on train.csv, measured on holdout.csv: its report."""
    with tempfile.TemporaryDirectory() as tmp:
        report = os.path.join(tmp, "report.json")
        subprocess.run([binary, "distill", "--model", model, "--data", train,
                        "--holdout-data", holdout, "--out", os.path.join(tmp, "model.json"),
                        "--report", report] + flags, check=True, stdout=subprocess.DEVNULL)
        with open(report) as f:
            return json.load(f)


def fit_whyrec(binary, teacher, flags):
    """`whyrec distill` of a teacher on the same split; its report's fidelity, times and size."""
    r = distill_report(binary, TEACHERS[teacher], os.path.join(OUT, "train.csv"),
                       os.path.join(OUT, "holdout.csv"), ["--group", "user_id"] + flags)
    return {"holdout_r2": r["holdout_r2"], "top_10_agreement": r["top_k_agreement"],
            "ndcg_at_10": r["ndcg_at_10"], "fit_seconds": r["fit_seconds"],
            "fit_cpu_seconds": r["fit_cpu_seconds"],
            "terms": f"{r['terms']} ({len(r['pairs'])} pairs)", "gzip_bytes": r["gzip_bytes"]}


def summary(runs, key, digits):
    """The mean of one measure over the seeds' runs, and its range when there are several."""
    values = [r[key] for r in runs]
    mean = f"{np.mean(values):.{digits}f}"
    if len(values) == 1:
        return mean
    return f"{mean} ({min(values):.{digits}f}–{max(values):.{digits}f})"


# The high-fidelity recipe (README "Distilled models"): synthetic rows, one bag, every pair on
# 28 x 28 bins, smoothed slower boosting.
HIGH_FIDELITY = ["--augment", "7", "--bags", "1", "--interactions", "66", "--max-pair-bins", "28",
                 "--learning-rate", "0.04", "--smoothing-rounds", "500", "--max-rounds", "1000"]
# The variants compared, as `whyrec distill` flags.
WHYREC_VARIANTS = [("whyrec GA2M defaults", []),
                   ("whyrec GA2M `--augment 14 --bags 1`", ["--augment", "14", "--bags", "1"]),
                   ("whyrec GA2M high-fidelity recipe", HIGH_FIDELITY)]
# EBM's own random_state first (42), then 1, 2, ...
EBM_SEEDS = [42, 1, 2, 3, 4]


def compare(args):
    if not os.path.isdir(PEER):
        print(f"skipped: {PEER} is absent (see ../shared/peers/README.md)")
        return
    print(f"load average at the start: {os.getloadavg()}")
    print("| teacher | surrogate | held-out R² | top-10 agreement | NDCG@10 | fit, processor | "
          "fit, wall | terms | gzip |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for teacher in ("xgb", "mlp"):
        fits = [(name, [fit_whyrec(args.whyrec, teacher, flags + ["--seed", str(seed)])
                        for seed in range(args.seeds)])
                for name, flags in WHYREC_VARIANTS]
        fits.append(("EBM defaults", [fit_ebm(teacher, extra={"random_state": seed})
                                      for seed in EBM_SEEDS[:args.seeds]]))
        for name, runs in fits:
            print(f"| {teacher} | {name} | {summary(runs, 'holdout_r2', 4)} | "
                  f"{summary(runs, 'top_10_agreement', 3)} | {summary(runs, 'ndcg_at_10', 4)} | "
                  f"{np.mean([r['fit_cpu_seconds'] for r in runs]):.2f} s | "
                  f"{np.mean([r['fit_seconds'] for r in runs]):.2f} s | {runs[0]['terms']} | "
                  f"{np.mean([r['gzip_bytes'] for r in runs]) / 1000:.1f} KB |", flush=True)
    print(f"load average at the end: {os.getloadavg()}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("step", choices=["data", "ebm", "compare"])
    parser.add_argument("--teacher", choices=["xgb", "mlp"], default="xgb")
    parser.add_argument("--outer-bags", type=int)
    parser.add_argument("--interactions", type=int)
    parser.add_argument("--settings", help="more ExplainableBoostingRegressor arguments, as JSON")
    parser.add_argument("--whyrec", default=os.path.join(ROOT, "build", "native", "whyrec"))
    parser.add_argument("--seeds", type=int, default=1, choices=range(1, len(EBM_SEEDS) + 1),
                        help="compare: fits per variant (whyrec --seed 0, 1, ...; EBM "
                             "random_state 42, 1, ...), shown as mean (range)")
    args = parser.parse_args()
    {"data": data, "ebm": ebm, "compare": compare}[args.step](args)


if __name__ == "__main__":
    main()
