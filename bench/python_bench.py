#!/usr/bin/python3
"""The Python package's speed next to the CLI's, and Dask on 2 local workers against 1.

Per-row time: the same job (model, rows, method, settings, one thread) through
`whyrec.Explainer(...)(X)` (model loaded before the clock starts) and through `whyrec explain`,
whose compute time per row is taken as (T(n rows) - T(1 row)) / (n - 1), so that loading the
model, reading the background and starting the process cancel out. Best of --repeats.

Dask: whyrec.dask.explain over the DASK_JOBS' rows in 8 partitions on LocalCluster(n_workers=1
or 2, threads_per_worker=1, processes=True); each cluster runs the job once to load the model in
its workers, then the timed runs. Speed-up = time on 1 worker / time on 2.

Usage (from the repository root, after the native build):
    PYTHONPATH=build/native/python /usr/bin/python3 bench/python_bench.py [--repeats 3]
        [--parts rows,dask]
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

import whyrec

ROOT = Path(__file__).resolve().parents[1]
CLI = ROOT / "build" / "native" / "whyrec"
DEMO = ROOT / "examples" / "demo"
IDS = ["user_id", "item_id", "label"]

JOBS = {
    # name: (model, method, settings, rows)
    "kernel, demo MLP, budget 512": (DEMO / "ctr_mlp.onnx", "kernel",
                                     {"budget": 512, "seed": 1, "output": "prob"}, 100),
    "exact, demo MLP": (DEMO / "ctr_mlp.onnx", "exact", {"output": "prob"}, 30),
    "tree interventional, ctr_xgb": (ROOT / "examples" / "trees" / "ctr_xgb.json", "tree",
                                     {"tree_mode": "interventional"}, 4000),
}

# Dask jobs: rows explained (8 partitions). Kernel SHAP's batches run in ONNX Runtime, whose
# default intra-op threads let one worker use every core already; TreeSHAP runs on one thread
# per task, so it shows what a second worker process adds by itself.
DASK_JOBS = {"kernel, demo MLP, budget 512": 240, "tree interventional, ctr_xgb": 80000}


def cli_seconds(model, method, settings, rows, scratch):
    """Wall and CPU seconds (user + system, all threads) of one `whyrec explain`."""
    args = [str(CLI), "explain", "--model", str(model), "--data", str(DEMO / "candidates.csv"),
            "--drop", ",".join(IDS), "--background", str(DEMO / "background.csv"), "--method",
            method, "--threads", "1", "--rows", f"0:{rows}", "--out", str(scratch / "out.json")]
    for key, value in settings.items():
        args += ["--" + key.replace("_", "-"), str(value)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(args, check=True, env=dict(os.environ, ORT_DISABLE_TELEMETRY="1"))
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return np.array([wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime])


def per_row(args, scratch):
    table = pd.read_csv(DEMO / "candidates.csv", float_precision="round_trip")
    x = table.drop(columns=IDS).to_numpy(np.float32)
    background = pd.read_csv(DEMO / "background.csv", float_precision="round_trip")
    print("| job | rows | Python, per row | CLI compute, per row | Python / CLI | "
          "CPU time: Python | CLI | Python / CLI |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, (model, method, settings, rows) in JOBS.items():
        explainer = whyrec.Explainer(model, background, method, threads=1, **settings)
        python, cli = [], []
        for _ in range(args.repeats):
            start, cpu = time.perf_counter(), time.process_time()
            explainer(x[:rows])
            python.append(np.array([time.perf_counter() - start, time.process_time() - cpu]) / rows)
            whole = cli_seconds(model, method, settings, rows, scratch)
            one = cli_seconds(model, method, settings, 1, scratch)
            cli.append((whole - one) / (rows - 1))
        p, c = np.min(python, axis=0) * 1e3, np.min(cli, axis=0) * 1e3
        print(f"| {name} | {rows} | {p[0]:.3f} ms | {c[0]:.3f} ms | {p[0] / c[0]:.2f} | "
              f"{p[1]:.3f} ms | {c[1]:.3f} ms | {p[1] / c[1]:.2f} |")


def dask_seconds(job_name, workers, table, background, args, scratch):
    import dask.dataframe as dd
    import whyrec.dask
    from distributed import Client, LocalCluster

    model, method, settings, _ = JOBS[job_name]
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                      dashboard_address=None, local_directory=str(scratch)) as cluster, \
            Client(cluster):
        # A fresh name per run: the scheduler would otherwise hand back the results of the
        # previous run of the same keys, if still held.
        def job(name):
            ddf = dd.from_pandas(table, npartitions=8, name=name)
            return whyrec.dask.explain(ddf, model, background, method, **settings)

        job("warm-up").compute()  # loads the model in each worker
        times = []
        for _ in range(args.repeats):
            start = time.perf_counter()
            job(f"timed-{len(times)}").compute()
            times.append(time.perf_counter() - start)
    return min(times)


def dask_speedup(args, scratch):
    table = pd.read_csv(DEMO / "candidates.csv", float_precision="round_trip")
    table = table.drop(columns=IDS).astype(np.float32)
    background = pd.read_csv(DEMO / "background.csv", float_precision="round_trip")
    print("\n| Dask job | rows | 1 worker | 2 workers | speed-up |")
    print("| --- | --- | --- | --- | --- |")
    for job_name, rows in DASK_JOBS.items():
        # The demo's rows, repeated when the job wants more.
        rows_table = pd.concat([table] * (1 + rows // len(table)), ignore_index=True).iloc[:rows]
        one = dask_seconds(job_name, 1, rows_table, background, args, scratch)
        two = dask_seconds(job_name, 2, rows_table, background, args, scratch)
        print(f"| {job_name} | {rows} | {one:.2f} s | {two:.2f} s | {one / two:.2f}x |",
              flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--parts", default="rows,dask", help="rows, dask or both")
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.2f}, cores: {os.cpu_count()}",
          file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="whyrec-python-bench-") as scratch:
        if "rows" in args.parts:
            per_row(args, Path(scratch))
        if "dask" in args.parts:
            dask_speedup(args, Path(scratch))
    print(f"load average after: {os.getloadavg()[0]:.2f}", file=sys.stderr)


if __name__ == "__main__":
    main()
