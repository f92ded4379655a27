#!/usr/bin/python3
"""Before/after of whyrec CLI builds on one TreeSHAP job: processor time per row, runs alternating.

Each run is `BINARY explain --model JOB.json --data JOB.csv --background JOB_background.csv
--method tree --threads 1` on a job of bench/make_tree_models.py (build/bench/trees), as
bench/tree_end_to_end.py runs it; the figure is the child process's user + system time
(getrusage) per row, which a machine shared with other work disturbs less than wall time.
With --one-row, each run explains row 0 only (`--rows 0:1`: the fixed cost) and the figure is
milliseconds per run. Median (range) over --runs runs per binary. The output goes to a
temporary file, removed at the end.

Usage:
    /usr/bin/python3 bench/tree_cli_ab.py JOB RUNS BINARY... [--one-row]
e.g. /usr/bin/python3 bench/tree_cli_ab.py reference 10 /tmp/whyrec_before build/native/whyrec
"""

import argparse
import os
import resource
import statistics
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TREES = os.path.join(HERE, "..", "build", "bench", "trees")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("job")
    parser.add_argument("runs", type=int)
    parser.add_argument("binaries", nargs="+")
    parser.add_argument("--one-row", action="store_true")
    args = parser.parse_args()
    base = os.path.join(TREES, args.job)
    rows = 1 if args.one_row else sum(1 for _ in open(base + ".csv")) - 1
    times = {b: [] for b in args.binaries}
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out.json")
        for _ in range(args.runs):
            for binary in args.binaries:
                cmd = [binary, "explain", "--model", base + ".json", "--data", base + ".csv",
                       "--background", base + "_background.csv", "--method", "tree",
                       "--threads", "1", "--out", out]
                if args.one_row:
                    cmd += ["--rows", "0:1"]
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                subprocess.run(cmd, check=True)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
                times[binary].append(cpu * 1e3 if args.one_row else cpu / rows * 1e6)
    unit = "ms per run" if args.one_row else "µs per row"
    for binary, values in times.items():
        print(f"{args.job} {binary}: {statistics.median(values):.1f} {unit} "
              f"({min(values):.1f}–{max(values):.1f}), processor time")
    print("load average", " ".join(f"{v:.2f}" for v in os.getloadavg()))


if __name__ == "__main__":
    main()
