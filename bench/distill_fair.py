#!/usr/bin/python3
"""Distillation on data the high-fidelity recipe and the search's grid were not chosen on:
statsmodels' `fair` (6,366 women, 8 mostly discrete features; Fair, 1978), an XGBoost classifier
of "had an affair" (200 trees of depth 4) trained here, its margins distilled. One seeded split of the rows (80% to
fit, 20% held out), the same for every surrogate:

  - whyrec distill's GA2M defaults and the high-fidelity recipe, fitted on the training rows and
    measured on the held-out ones (--holdout-data), --seeds times;
  - whyrec distill --search on the training rows alone (it splits them to choose), then the
    pick's settings and the most faithful candidate's refitted on all training rows and measured
    on the held-out ones, as a user would adopt them;
  - InterpretML's EBM with its defaults, on the same rows and margins, --seeds times.

Prints a Markdown table (mean and range over seeds; processor and wall time of a fit). Files go
to build/bench/fair/. Needs Debian's python3-xgboost and python3-statsmodels, and
../shared/peers/interpret-0.7.8 for EBM (skipped with a message when absent). Usage:
    OMP_NUM_THREADS=1 /usr/bin/python3 bench/distill_fair.py [--seeds 3] [--whyrec PATH]
"""

import argparse
import json
import os
import subprocess
import sys

import numpy as np

sys.dont_write_bytecode = True  # importing the sibling script leaves no __pycache__ in bench/
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from distill_vs_ebm import (EBM_SEEDS, HIGH_FIDELITY, PEER, ROOT, distill_report, fit_ebm_on,
                            r_squared, summary)

OUT = os.path.join(ROOT, "build", "bench", "fair")


def fair_data():
    """The fair rows as float32 features, the teacher trained on the first 80% of a seeded
    shuffle, and its margins; writes train.csv, holdout.csv and fair_xgb.json to OUT."""
    import statsmodels.api as sm
    import xgboost as xgb

    frame = sm.datasets.fair.load_pandas().data
    names = [c for c in frame.columns if c != "affairs"]
    x = frame[names].to_numpy(np.float32)
    y = (frame["affairs"].to_numpy() > 0).astype(int)
    order = np.random.RandomState(0).permutation(len(x))
    cut = int(0.8 * len(x))
    fit, held = order[:cut], order[cut:]
    teacher = xgb.XGBClassifier(n_estimators=200, max_depth=4, learning_rate=0.1,
                                random_state=0, n_jobs=1)
    teacher.fit(x[fit], y[fit])
    os.makedirs(OUT, exist_ok=True)
    model = os.path.join(OUT, "fair_xgb.json")
    teacher.save_model(model)
    margins = teacher.get_booster().predict(xgb.DMatrix(x), output_margin=True)
    for part, rows in (("train", fit), ("holdout", held)):
        with open(os.path.join(OUT, part + ".csv"), "w") as f:
            f.write(",".join(names) + "\n")
            for r in rows:
                f.write(",".join(str(v) for v in x[r]) + "\n")  # float32: reads back exactly
    return model, x[fit], margins[fit].astype(np.float64), x[held], margins[held].astype(np.float64)


def whyrec_row(r):
    return {"holdout_r2": r["holdout_r2"], "fit_seconds": r["fit_seconds"],
            "fit_cpu_seconds": r["fit_cpu_seconds"], "terms": r["terms"],
            "gzip_bytes": r["gzip_bytes"]}


def searched(binary, model, train):
    """The search on the training rows: its front's pick and most faithful candidate."""
    front = os.path.join(OUT, "front.json")
    subprocess.run([binary, "distill", "--model", model, "--data", train, "--search",
                    "--time-budget", "900", "--front", front,
                    "--out", os.path.join(OUT, "picked.json")],
                   check=True, stdout=subprocess.DEVNULL)
    with open(front) as f:
        candidates = json.load(f)["candidates"]
    picked = next(c for c in candidates if c["picked"])
    best = max(candidates, key=lambda c: c["holdout_r2"])
    return picked, best


def flags_of(candidate):
    """A front candidate's family and settings as `whyrec distill` flags."""
    flags = ["--family", candidate["family"]]
    for key, value in candidate["settings"].items():
        flags += ["--" + key.replace("_", "-"), str(value)]
    return flags


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--whyrec", default=os.path.join(ROOT, "build", "native", "whyrec"))
    parser.add_argument("--seeds", type=int, default=3, choices=range(1, len(EBM_SEEDS) + 1))
    args = parser.parse_args()
    model, x, t, xh, th = fair_data()
    train, holdout = os.path.join(OUT, "train.csv"), os.path.join(OUT, "holdout.csv")
    print(f"{len(x)} rows fitted, {len(xh)} held out; teacher margins' std {t.std():.3f}; "
          f"load average at the start: {os.getloadavg()}")
    fit = lambda flags: [whyrec_row(distill_report(args.whyrec, model, train, holdout,
                                                   flags + ["--seed", str(seed)]))
                         for seed in range(args.seeds)]
    rows = [("whyrec GA2M defaults", fit([])),
            ("whyrec GA2M high-fidelity recipe", fit(HIGH_FIDELITY))]
    picked, best = searched(args.whyrec, model, train)
    for name, candidate in (("search's pick", picked), ("search's most faithful", best)):
        settings = ", ".join(f"{k} {v}" for k, v in candidate["settings"].items())
        rows.append((f"whyrec {name}: {candidate['family']} ({settings})",
                     fit(flags_of(candidate))))
    if os.path.isdir(PEER):
        ebm = []
        for seed in EBM_SEEDS[:args.seeds]:
            s, measures = fit_ebm_on(x, t, xh, {"random_state": seed})
            ebm.append({"holdout_r2": r_squared(th, s), **measures})
        rows.append(("EBM defaults", ebm))
    else:
        print(f"EBM skipped: {PEER} is absent (see ../shared/peers/README.md)")
    print("| surrogate | held-out R² | fit, processor | fit, wall | terms | gzip |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, runs in rows:
        print(f"| {name} | {summary(runs, 'holdout_r2', 4)} | "
              f"{np.mean([r['fit_cpu_seconds'] for r in runs]):.2f} s | "
              f"{np.mean([r['fit_seconds'] for r in runs]):.2f} s | {runs[0]['terms']} | "
              f"{np.mean([r['gzip_bytes'] for r in runs]) / 1000:.1f} KB |")
    print(f"load average at the end: {os.getloadavg()}")


if __name__ == "__main__":
    main()
