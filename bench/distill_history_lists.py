"""Where a distilled history model's ranking differs from its teacher's, per held-out list.

Reads the CSV `whyrec distill-history --holdout-rows FILE` writes (user, length, target, teacher,
surrogate; one list per (user, length)) and prints, over the lists: the share of the surrogate's
top 10 that is in the teacher's top `--top` (the candidates drawn as the teacher's best; the rest
of a list is a random sample), top-10 agreement, how often the two rank the same item first, and
the share of the teacher's score variance that lies within lists (what no per-list shift, such as
a history-level term, can explain).
Ties are broken by row order, as the CLI's fidelity does.

Usage: /usr/bin/python3 bench/distill_history_lists.py held.csv [--top 20]
"""
import argparse
import csv
from collections import OrderedDict


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("rows")
    parser.add_argument("--top", type=int, default=20)
    args = parser.parse_args()
    lists = OrderedDict()
    with open(args.rows, newline="") as f:
        for r in csv.DictReader(f):
            key = (r["user"], r["length"])
            lists.setdefault(key, []).append((float(r["teacher"]), float(r["surrogate"])))
    in_top = agree = first = 0.0
    for rows in lists.values():
        order = range(len(rows))
        by_teacher = sorted(order, key=lambda i: (-rows[i][0], i))
        by_surrogate = sorted(order, key=lambda i: (-rows[i][1], i))
        teacher_top = set(by_teacher[: args.top])
        in_top += sum(i in teacher_top for i in by_surrogate[:10]) / 10
        agree += len(set(by_teacher[:10]) & set(by_surrogate[:10])) / 10
        first += by_teacher[0] == by_surrogate[0]
    n = len(lists)
    scores = [t for rows in lists.values() for t, _ in rows]
    mean = sum(scores) / len(scores)
    total = sum((t - mean) ** 2 for t in scores)
    within = 0.0
    for rows in lists.values():
        m = sum(t for t, _ in rows) / len(rows)
        within += sum((t - m) ** 2 for t, _ in rows)
    print(f"{args.rows}: {n} lists")
    print(f"teacher's variance within lists: {within / total:.3f}")
    print(f"surrogate's top 10 within the teacher's top {args.top}: {in_top / n:.3f}")
    print(f"top-10 agreement: {agree / n:.4f}")
    print(f"same first item: {first / n:.3f}")


if __name__ == "__main__":
    main()
