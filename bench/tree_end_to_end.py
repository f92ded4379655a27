#!/usr/bin/python3
"""TreeSHAP end to end: the whyrec CLI against shap's C extension, per row, in the same run.

For each job of bench/make_tree_models.py (built first when build/bench/trees lacks it):
  whyrec   wall time of `whyrec explain --method tree --threads 1` (CSV in, JSON out), the
           process as a user starts it; also its peak RSS and a one-row run (the fixed cost)
  shap     TreeExplainer on shap's dict format, so that shap's own C++ TreeSHAP runs (its
           public route on an XGBoost booster hands the work to XGBoost): end to end = load
           the XGBoost file, convert it, read the CSV with pandas, compute (Python's start and
           imports left out, which favours shap); compute only = shap_values() alone
Runs alternate between the two; each figure is the median of --runs runs with the range.
One thread everywhere (OMP_NUM_THREADS=1, set before numpy loads). Values are checked against
shap and XGBoost's pred_contribs (max abs difference).

With --wasm, also the WebAssembly core end to end through the public JS API
(bench/tree_wasm_end_to_end.mjs: the API's import, the CSV's parsing, one explain() for all rows,
which loads the core, reads the model and builds the explainer; in a page, in the API's worker):
in a new Node process per run, alternating with the others, and in a new headless Chromium page
per run (one browser per job, after the job's other runs), in a second table; beside each, a
second job in the same process or page (engine, core and explainer ready, V8 warm). As the
WebAssembly runs count the core's loading, that table also compares them with shap's end to end
plus its imports (numpy, pandas, xgboost, shap: timed in a new Python per run).

Needs shap in ../shared/peers/shap-0.49.1 (PYTHONPATH); without it only whyrec is timed.

Usage:
    PYTHONPATH=../shared/peers/shap-0.49.1 /usr/bin/python3 bench/tree_end_to_end.py \
        [--runs 5] [--jobs reference,deep_d12,...] [--whyrec build/native/whyrec] [--wasm]
"""

import os

os.environ["OMP_NUM_THREADS"] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import xgboost as xgb  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..")
JOBS = ["reference", "deep_d12", "deep_d14", "wide", "small"]

try:
    import shap  # noqa: E402
    import shap._cext  # noqa: E402,F401
except ImportError:
    shap = None


def whyrec_command(binary, model, data, background, out, rows=None):
    cmd = [binary, "explain", "--model", model, "--data", data, "--background", background,
           "--method", "tree", "--threads", "1", "--out", out]
    return cmd + ["--rows", rows] if rows else cmd


def run_whyrec(*args, **kwargs):
    """Wall seconds of one CLI process."""
    cmd = whyrec_command(*args, **kwargs)
    start = time.perf_counter()
    subprocess.run(cmd, check=True)
    return time.perf_counter() - start


def whyrec_peak_rss(*args):
    """Peak RSS (MiB) of one CLI process, by GNU time (Python's rusage of a child counts the
    forked interpreter before exec)."""
    result = subprocess.run(["/usr/bin/time", "-f", "%M"] + whyrec_command(*args), check=True,
                            stderr=subprocess.PIPE, text=True)
    return int(result.stderr.strip().splitlines()[-1]) / 1024


def run_wasm(job, browser_runs=0):
    """Milliseconds of each WebAssembly run (one Node process, or browser_runs Chromium pages)
    and of each run's second job."""
    cmd = ["node", os.path.join(HERE, "tree_wasm_end_to_end.mjs"), job]
    if browser_runs:
        cmd += ["--browser", str(browser_runs)]
    result = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True)
    times = json.loads(result.stdout.strip().splitlines()[-1])
    return times["ms"], times["second_ms"]


def shap_import_seconds():
    """Seconds a new Python takes to import what run_shap uses (its start left out)."""
    code = ("import time; s = time.perf_counter(); import numpy, pandas, xgboost, shap, shap._cext; "
            "print(time.perf_counter() - s)")
    result = subprocess.run([sys.executable, "-c", code], check=True, stdout=subprocess.PIPE,
                            text=True)
    return float(result.stdout)


def shap_dict_model(booster):
    """The booster's trees in shap's documented dict format (shap's own C++ then runs)."""
    m = shap.TreeExplainer(booster).model
    trees = [{"children_left": t.children_left, "children_right": t.children_right,
              "children_default": t.children_default, "features": t.features,
              "thresholds": t.thresholds, "values": t.values.astype(np.float64),
              "node_sample_weight": t.node_sample_weight.astype(np.float64)} for t in m.trees]
    return {"trees": trees, "base_offset": m.base_offset}


def run_shap(model, data):
    """(end-to-end seconds, compute-only seconds, values)."""
    start = time.perf_counter()
    booster = xgb.Booster(model_file=model)
    explainer = shap.TreeExplainer(shap_dict_model(booster))
    x = pd.read_csv(data, dtype=np.float32).to_numpy()
    compute = time.perf_counter()
    values = explainer.shap_values(x, check_additivity=False)
    end = time.perf_counter()
    return end - start, end - compute, np.asarray(values)


def spread(xs, scale):
    xs = [x * scale for x in xs]
    return statistics.median(xs), min(xs), max(xs)


def fmt(m, unit="µs"):
    med, lo, hi = m
    return f"{med:,.1f} {unit} ({lo:,.1f}–{hi:,.1f})"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--jobs", default=",".join(JOBS))
    ap.add_argument("--whyrec", default=os.path.join(ROOT, "build", "native", "whyrec"))
    ap.add_argument("--models", default=os.path.join(ROOT, "build", "bench", "trees"))
    ap.add_argument("--wasm", action="store_true", help="time the WebAssembly core too")
    args = ap.parse_args()
    jobs = args.jobs.split(",")
    if not all(os.path.exists(os.path.join(args.models, j + ".json")) for j in jobs):
        subprocess.run([sys.executable, os.path.join(HERE, "make_tree_models.py"), "--out",
                        args.models], check=True)
    if shap is None:
        print("shap peer not found (PYTHONPATH=../shared/peers/shap-0.49.1): timing whyrec only")
    table = []
    imports = []  # seconds
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out.json")
        for job in jobs:
            model = os.path.join(args.models, job + ".json")
            data = os.path.join(args.models, job + ".csv")
            background = os.path.join(args.models, job + "_background.csv")
            n = len(pd.read_csv(data))
            ours, one_row, theirs, theirs_compute, node, node_second = [], [], [], [], [], []
            shap_values = None
            for _ in range(args.runs):
                ours.append(run_whyrec(args.whyrec, model, data, background, out))
                one_row.append(run_whyrec(args.whyrec, model, data, background, out, "0:1"))
                if shap is not None:
                    total, compute, shap_values = run_shap(model, data)
                    theirs.append(total)
                    theirs_compute.append(compute)
                if args.wasm:
                    first, second = run_wasm(job)
                    node += first
                    node_second += second
                    if shap is not None:
                        imports.append(shap_import_seconds())
            chromium, chromium_second = run_wasm(job, args.runs) if args.wasm else ([], [])
            rss = whyrec_peak_rss(args.whyrec, model, data, background, out)
            with open(out) as f:
                values = np.array(json.load(f)["values"], dtype=np.float64)
            booster = xgb.Booster(model_file=model)
            x = pd.read_csv(data, dtype=np.float32)
            contribs = booster.predict(xgb.DMatrix(x), pred_contribs=True)[:, :-1]
            row = {"job": job, "rows": n, "whyrec": spread(ours, 1e6 / n),
                   "one_row": spread(one_row, 1e3), "rss": rss,
                   "xgb_diff": float(np.max(np.abs(values - contribs)))}
            if args.wasm:
                row["node"] = spread(node, 1e3 / n)  # milliseconds
                row["node_second"] = spread(node_second, 1e3 / n)
                row["chromium"] = spread(chromium, 1e3 / n)
                row["chromium_second"] = spread(chromium_second, 1e3 / n)
            if shap_values is not None:
                row["shap"] = spread(theirs, 1e6 / n)
                row["shap_compute"] = spread(theirs_compute, 1e6 / n)
                row["shap_diff"] = float(np.max(np.abs(values - shap_values)))
                row["speedup"] = row["shap"][0] / row["whyrec"][0]
                row["speedup_compute"] = row["shap_compute"][0] / row["whyrec"][0]
            table.append(row)
            print(json.dumps(row, ensure_ascii=False), flush=True)
    print(f"\nmedian of {args.runs} runs (range), per row, one thread")
    print("| job | rows | whyrec CLI end to end | one-row run | peak RSS | shap end to end | "
          "shap compute only | speed-up (end to end / vs compute only) | max abs diff shap, "
          "XGBoost |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in table:
        shap_cells = (f"{fmt(r['shap'])} | {fmt(r['shap_compute'])} | "
                      f"{r['speedup']:.1f}× / {r['speedup_compute']:.1f}× | "
                      f"{r['shap_diff']:.1e}, {r['xgb_diff']:.1e}") if "shap" in r else (
                          f"— | — | — | —, {r['xgb_diff']:.1e}")
        print(f"| {r['job']} | {r['rows']:,} | {fmt(r['whyrec'])} | {fmt(r['one_row'], 'ms')} | "
              f"{r['rss']:.0f} MiB | {shap_cells} |")
    if args.wasm:
        print("\nWebAssembly end to end through the JS API, per row, median of the runs (range); "
              "speed-up over shap's end to end above; second: a second job in the same process "
              "or page")
        if imports:
            print(f"shap's imports in a new Python: {fmt(spread(imports, 1e3), 'ms')}; last "
                  "column: the first job's speed-up over shap's end to end plus them, Node / "
                  "Chromium")
        print("| job | rows | Node | speed-up | Node, second job | speed-up | Chromium | speed-up | "
              "Chromium, second job | speed-up | with shap's imports |")
        print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
        for r in table:
            ratio = (lambda k: f"{r['shap'][0] / r[k][0]:.1f}×") if "shap" in r else (lambda k: "—")
            cells = " | ".join(f"{fmt(r[k])} | {ratio(k)}" for k in
                               ("node", "node_second", "chromium", "chromium_second"))
            with_imports = "—"
            if "shap" in r and imports:
                shap_total = r["shap"][0] + statistics.median(imports) * 1e6 / r["rows"]
                with_imports = (f"{shap_total / r['node'][0]:.1f}× / "
                                f"{shap_total / r['chromium'][0]:.1f}×")
            print(f"| {r['job']} | {r['rows']:,} | {cells} | {with_imports} |")


if __name__ == "__main__":
    main()
