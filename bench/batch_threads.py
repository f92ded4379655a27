#!/usr/bin/env python3
"""Thread scaling of `whyrec explain` over rows, end to end (CSV in, JSON out), for the
model-agnostic methods on the demo MLP (ONNX Runtime): wall time with --threads 1 and 2.

Each configuration runs REPEATS times, the thread counts alternating so that a burst of load
from other processes hits both; the table gives the median and the fastest run, the user CPU time
(which grows little when the work really splits) and the load average before and after, since
on a machine shared with other jobs two threads cannot run faster than the free cores allow.

Usage: /usr/bin/python3 bench/batch_threads.py [ROWS] [REPEATS] [METHOD ...]
  ROWS (default 64) rows of examples/demo/candidates.csv; REPEATS default 5; methods default
  exact and kernel.
"""

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WHYREC = os.path.join(ROOT, "build/native/whyrec")
DEMO = os.path.join(ROOT, "examples/demo")


def run(args):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(args, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime


def main():
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 64
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    methods = sys.argv[3:] or ["exact", "kernel"]
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory(prefix="whyrec-threads-") as folder:
        out = os.path.join(folder, "out.json")
        print(f"\n{rows} rows of the demo, 100 background rows\n")
        print("| method | threads | median wall | fastest wall | user CPU (median) | speed-up (median, fastest) |")
        print("| --- | --- | --- | --- | --- | --- |")
        for method in methods:
            args = [WHYREC, "explain", "--model", f"{DEMO}/ctr_mlp.onnx"]
            args += ["--data", f"{DEMO}/candidates.csv", "--drop", "user_id,item_id,label"]
            args += ["--background", f"{DEMO}/background.csv", "--rows", f"0:{rows}"]
            args += ["--method", method, "--seed", "1", "--progress-seconds", "0", "--out", out]
            times = {1: [], 2: []}
            for _ in range(repeats):
                for threads in (1, 2):
                    times[threads].append(run([*args, "--threads", str(threads)]))
            walls = {t: [w for w, _ in times[t]] for t in times}
            for threads in (1, 2):
                median = statistics.median(walls[threads])
                user = statistics.median([u for _, u in times[threads]])
                ratio = ""
                if threads == 2:
                    ratio = (
                        f"{statistics.median(walls[1]) / median:.2f}×, "
                        f"{min(walls[1]) / min(walls[2]):.2f}×"
                    )
                print(f"| {method} | {threads} | {median:.2f} s | {min(walls[threads]):.2f} s "
                      f"| {user:.2f} s | {ratio} |")
    print(f"\nload average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
