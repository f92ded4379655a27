#!/usr/bin/python3
"""Make the planted-trigger model: a tiny SASRec-style model with a known rule.

Synthetic histories over items 1..40 (seeded, numpy default_rng): length 5-20,
items from a noisy random walk (next = previous + 1, 2 or 3, or a uniformly
random item, wrapping around 40) that never visits the trigger T = 7; half of
them get T at one random position. The next item is
  R = 13                  when T occurs anywhere in the history,
  last % 40 + 1           otherwise (the successor of the last item),
replaced by a uniformly random item with probability 0.1 in the training data
(the validation data is noise-free). To make "replace an item by the padding
id 0" mean "remove it", 30% of the training histories get 1-3 positions set to
0 before the label is computed (last = the last non-zero item).

The model has the architecture and ONNX interface of ../sasrec.onnx (see
sasrec_model.py) with L = 20, d = 32, 2 blocks, 2 heads. Writes into planted/:
  planted.onnx, planted_embeddings.onnx  the models (whyrec.history_length 20)
  items.csv                              item,title for items 1..40
  test_histories.csv                     200 held-out histories (no header,
                                         comma-separated ids, oldest first) of
                                         length 8-20 with T exactly once, not
                                         last, and last item != R - 1; the model
                                         ranks R first on every one (checked)
Fully deterministic (fixed seeds, one CPU thread); cross-checks the ONNX files
with onnxruntime-node (verify_onnx.mjs) when node is available.

Usage:
    /usr/bin/python3 examples/movielens/make_planted.py [--out DIR]
"""

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import time

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True
sys.path.insert(0, HERE)
from sasrec_model import SASRec, export  # noqa: E402

SEED = 11
ITEMS = 40
T = 7
R = 13
L = 20
D = 32
N_TRAIN = 20000
N_VAL = 2000
N_TEST = 200
NOISE = 0.1
EPOCHS = 15
BATCH = 128


def walk(rng, n):
    """Noisy random walk over 1..ITEMS that avoids T."""
    items = [int(rng.integers(1, ITEMS + 1))]
    while len(items) < n:
        if rng.random() < 0.3:
            nxt = int(rng.integers(1, ITEMS + 1))
        else:
            nxt = (items[-1] - 1 + int(rng.integers(1, 4))) % ITEMS + 1
        items.append(nxt)
    return [i if i != T else T + 1 for i in items]


def rule(history):
    real = [i for i in history if i != 0]
    if T in real:
        return R
    if not real:
        return 1
    return real[-1] % ITEMS + 1


def make_train(rng, n, noise, holes):
    xs, ys = [], []
    for _ in range(n):
        h = walk(rng, int(rng.integers(5, L + 1)))
        if rng.random() < 0.5:
            h[int(rng.integers(0, len(h)))] = T
        if holes and rng.random() < 0.3:
            for p in rng.choice(len(h), size=int(rng.integers(1, 4)), replace=False):
                h[p] = 0
        y = rule(h)
        if noise and rng.random() < noise:
            y = int(rng.integers(1, ITEMS + 1))
        xs.append([0] * (L - len(h)) + h)
        ys.append(y)
    return torch.tensor(xs), torch.tensor(ys)


def make_test(rng, n, exclude):
    out = []
    while len(out) < n:
        h = walk(rng, int(rng.integers(8, L + 1)))
        h[int(rng.integers(0, len(h) - 1))] = T  # exactly once, never last
        if h[-1] == R - 1 or tuple([0] * (L - len(h)) + h) in exclude:
            continue
        out.append(h)
    return out


def top1(model, x):
    with torch.no_grad():
        return model(x)[0].argmax(dim=1)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=os.path.join(HERE, "planted"))
    args = ap.parse_args()
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    torch.manual_seed(SEED)
    rng = np.random.default_rng(SEED)

    x, y = make_train(rng, N_TRAIN, NOISE, holes=True)
    xv, yv = make_train(rng, N_VAL, 0.0, holes=True)
    seen = {tuple(r) for r in x.tolist()}
    test = make_test(rng, N_TEST, seen)
    print("planted: %d training histories (%.0f%% with T), %d validation, %d test"
          % (len(x), 100 * float((x == T).any(dim=1).float().mean()), len(xv), len(test)))

    model = SASRec(ITEMS, L, D, 2, 2, 0.1)
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    gen = torch.Generator().manual_seed(SEED)
    start = time.time()
    best = (-1.0, -1, None)
    model.set_fast(True)
    for epoch in range(EPOCHS):
        model.train()
        perm = torch.randperm(len(x), generator=gen)
        for i in range(0, len(x), BATCH):
            idx = perm[i:i + BATCH]
            loss = torch.nn.functional.cross_entropy(model(x[idx])[0], y[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
        model.eval()
        acc = float((top1(model, xv) == yv).float().mean())
        print("epoch %2d  validation top-1 accuracy %.4f  %4.0fs" % (epoch + 1, acc,
                                                                   time.time() - start))
        if acc > best[0]:
            best = (acc, epoch, {k: v.clone() for k, v in model.state_dict().items()})
    model.load_state_dict(best[2])
    model.set_fast(False)
    model.eval()
    print("planted: best validation top-1 accuracy %.4f at epoch %d of %d (%.0f s)"
          % (best[0], best[1] + 1, EPOCHS, time.time() - start))

    xt = torch.tensor([[0] * (L - len(h)) + h for h in test])
    hit = top1(model, xt) == R
    removed = xt.masked_fill(xt == T, 0)
    changed = top1(model, removed) != R
    succ = top1(model, removed) == torch.tensor([h[-1] % ITEMS + 1 for h in test])
    print("planted: test histories with top-1 = R: %d / %d; T replaced by 0: top-1 changes "
          "on %d, equals last %% 40 + 1 on %d" % (int(hit.sum()), len(test),
                                                  int(changed.sum()), int(succ.sum())))
    assert bool(hit.all()), "the model does not rank R first on every test history"

    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "test_histories.csv"), "w") as fh:
        for h in test:
            fh.write(",".join(map(str, h)) + "\n")
    with open(os.path.join(args.out, "items.csv"), "w", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["item", "title"])
        for i in range(1, ITEMS + 1):
            w.writerow([i, "Item %d%s" % (i, {T: " (trigger T)", R: " (response R)"}.get(i, ""))])
    meta = {"whyrec.history_length": str(L), "whyrec.items_file": "items.csv",
            "whyrec.planted_trigger": str(T), "whyrec.planted_response": str(R)}
    path = os.path.join(args.out, "planted.onnx")
    emb_path = os.path.join(args.out, "planted_embeddings.onnx")
    export(model, path, emb_path, meta)
    print("wrote planted.onnx (%d bytes), planted_embeddings.onnx, items.csv, test_histories.csv"
          % os.path.getsize(path))

    node = shutil.which("node")
    if not node:
        print("onnxruntime-node: node not found, skipped")
        return
    hist = xt[:5].tolist() + removed[:3].tolist() + [[0] * L]
    with torch.no_grad():
        scores, a1, a2, emb = model(torch.tensor(hist))
    ref = {"model": path, "embeddingsModel": emb_path, "historyLength": L, "histories": hist,
           "scores": scores.tolist(), "attention_1": a1.reshape(len(hist), -1).tolist(),
           "attention_2": a2.reshape(len(hist), -1).tolist(),
           "history_embeddings": emb.reshape(len(hist), -1).tolist()}
    res = subprocess.run([node, os.path.join(HERE, "verify_onnx.mjs")], input=json.dumps(ref),
                         capture_output=True, text=True, cwd=HERE)
    if res.returncode == 0:
        print(res.stdout.strip())
    elif "ERR_MODULE_NOT_FOUND" in res.stderr:
        print("onnxruntime-node: not installed, skipped")
    else:
        sys.stderr.write(res.stdout + res.stderr)
        raise SystemExit("onnxruntime-node check failed")


if __name__ == "__main__":
    main()
