#!/usr/bin/env python3
"""Streaming TreeSHAP over a large CSV: peak memory and throughput of `whyrec explain --method tree
--format jsonl` against the in-memory JSON document.

Writes ROWS rows x 12 features (the demo's columns, values drawn around the demo background's
means and spreads) to a temporary folder, explains them with the reference XGBoost model
(examples/trees/ctr_xgb.json, path-dependent TreeSHAP, no background), measures each run with
/usr/bin/time -v, prints a Markdown table and deletes the folder.

Usage: /usr/bin/python3 bench/batch_stream.py [ROWS] [THREADS] [OTHER_WHYREC]
  ROWS defaults to 1,000,000; THREADS to 2; OTHER_WHYREC, a second CLI build (for example the
  one before streaming) whose default JSON output is timed as well.
"""

import csv
import os
import re
import shutil
import subprocess
import sys
import tempfile

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WHYREC = os.path.join(ROOT, "build/native/whyrec")
MODEL = os.path.join(ROOT, "examples/trees/ctr_xgb.json")


def write_data(path, rows):
    with open(os.path.join(ROOT, "examples/demo/background.csv")) as f:
        reader = csv.reader(f)
        names = next(reader)
        background = np.array([[float(x) for x in row] for row in reader])
    rng = np.random.default_rng(1)
    values = background.mean(0) + background.std(0) * rng.standard_normal((rows, len(names)))
    with open(path, "w") as f:
        f.write(",".join(names) + "\n")
        block = 100_000
        for start in range(0, rows, block):
            np.savetxt(f, values[start : start + block], fmt="%.4g", delimiter=",")


def measure(command):
    result = subprocess.run(
        ["/usr/bin/time", "-v", *command], capture_output=True, text=True, check=True
    )
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", result.stderr)
    hours, minutes, seconds = wall.groups()
    elapsed = int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds)
    rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)[1])
    return elapsed, rss_kb / 1024


def main():
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    threads = sys.argv[2] if len(sys.argv) > 2 else "2"
    other = sys.argv[3] if len(sys.argv) > 3 else None
    folder = tempfile.mkdtemp(prefix="whyrec-stream-")
    try:
        data = os.path.join(folder, "rows.csv")
        write_data(data, rows)
        size_mb = os.path.getsize(data) / 2**20
        common = ["explain", "--model", MODEL, "--data", data, "--method", "tree"]
        common += ["--threads", threads, "--progress-seconds", "0"]
        runs = [
            ("jsonl (streamed)", [WHYREC, *common, "--format", "jsonl"], "out.jsonl"),
            ("csv (streamed)", [WHYREC, *common, "--format", "csv"], "out.csv"),
            ("json document (in memory)", [WHYREC, *common], "out.json"),
        ]
        if other:
            runs.append(("json document, other build", [other, *common[:-2]], "other.json"))
        print(f"{rows:,} rows x 12 features ({size_mb:.0f} MB of CSV), --threads {threads}\n")
        print("| output | wall time | rows/s | peak RSS | output size |")
        print("| --- | --- | --- | --- | --- |")
        for name, command, out in runs:
            path = os.path.join(folder, out)
            elapsed, rss = measure([*command, "--out", path])
            out_mb = os.path.getsize(path) / 2**20
            os.remove(path)
            print(f"| {name} | {elapsed:.1f} s | {rows / elapsed:,.0f} | {rss:.0f} MB "
                  f"| {out_mb:.0f} MB |")
    finally:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
