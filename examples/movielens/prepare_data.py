#!/usr/bin/python3
"""Derive the MovieLens session files from Debian's dslabs::movielens.

Runs extract.R (Rscript, package r-cran-dslabs) into a temporary folder, or
reads an exported ratings CSV given with --ratings, and writes next to this
script (or into --out):
  items.csv      item,movieId,title,year,genres: the N most-rated movies
                 (ties by movieId), item = model id 1..N by descending
                 rating count (0 is the padding item)
  sessions.csv   user,items: one line per user with >= 3 kept ratings, the
                 user's item ids space-separated in time order (ties in
                 timestamp broken by movieId)
  histories.csv  no header, one line per user in sessions.csv order: the last
                 <= 50 items before the user's held-out test item (the last
                 one), comma-separated, oldest first

Deterministic: running it twice gives identical files.

Usage:
    /usr/bin/python3 examples/movielens/prepare_data.py [--ratings CSV] [--out DIR] [--items N]
"""

import argparse
import collections
import csv
import os
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
N_ITEMS = 2000
HISTORY = 50
MIN_ITEMS = 3


def read_ratings(path):
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        rows = []
        for r in reader:
            rows.append((int(r["userId"]), int(r["timestamp"]), int(r["movieId"]),
                         r["title"], r["year"], r["genres"]))
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ratings", help="CSV written by extract.R (default: run it)")
    ap.add_argument("--out", default=HERE)
    ap.add_argument("--items", type=int, default=N_ITEMS)
    args = ap.parse_args()

    if args.ratings:
        rows = read_ratings(args.ratings)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "ratings.csv")
            subprocess.run(["Rscript", os.path.join(HERE, "extract.R"), path], check=True)
            rows = read_ratings(path)
    print("ratings: %d by %d users of %d movies"
          % (len(rows), len({r[0] for r in rows}), len({r[2] for r in rows})))

    counts = collections.Counter(r[2] for r in rows)
    meta = {r[2]: (r[3], r[4], r[5]) for r in rows}
    top = sorted(counts, key=lambda m: (-counts[m], m))[:args.items]
    item_of = {m: i + 1 for i, m in enumerate(top)}
    print("items: %d movies with >= %d ratings each (%d ratings kept)"
          % (len(top), counts[top[-1]], sum(counts[m] for m in top)))

    by_user = collections.defaultdict(list)
    for user, ts, movie, *_ in rows:
        if movie in item_of:
            by_user[user].append((ts, movie))
    sessions = []
    for user in sorted(by_user):
        events = sorted(by_user[user])
        if len(events) >= MIN_ITEMS:
            sessions.append((user, [item_of[m] for _, m in events]))
    lengths = sorted(len(s) for _, s in sessions)
    print("sessions: %d users, length min %d / median %d / max %d"
          % (len(sessions), lengths[0], lengths[len(lengths) // 2], lengths[-1]))

    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "items.csv"), "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["item", "movieId", "title", "year", "genres"])
        for m in top:
            title, year, genres = meta[m]
            w.writerow([item_of[m], m, title, year, genres])
    with open(os.path.join(args.out, "sessions.csv"), "w", newline="") as fh:
        fh.write("user,items\n")
        for user, items in sessions:
            fh.write("%d,%s\n" % (user, " ".join(map(str, items))))
    with open(os.path.join(args.out, "histories.csv"), "w", newline="") as fh:
        for _, items in sessions:
            fh.write(",".join(map(str, items[:-1][-HISTORY:])) + "\n")
    print("wrote items.csv, sessions.csv, histories.csv to %s" % args.out)


if __name__ == "__main__":
    main()
