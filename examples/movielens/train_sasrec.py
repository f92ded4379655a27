#!/usr/bin/python3
"""Train the SASRec-style MovieLens recommender and export it to ONNX.

Reads sessions.csv (from prepare_data.py) and writes, next to this script (or
into --out):
  sasrec.onnx             input history int64 [batch, 50] (left-padded with 0);
                          outputs scores [batch, N+1], attention_1,
                          attention_2 [batch, 2, 50, 50], history_embeddings
                          [batch, 50, 64]
  sasrec_embeddings.onnx  inputs history_embeddings [batch, 50, 64] and history
                          [batch, 50] (mask only); output scores [batch, N+1]
  metrics.json            test HR@10 / NDCG@10 of SASRec, popularity, item-kNN

Leave-one-out: per user the last item is the test item, the one before it the
validation item (picks the epoch), the rest is training data (next-item
prediction at every position, full softmax over all items; Adam, lr 3e-3,
batch 128, dropout 0.5, at most 60 epochs; 10% of the input items are
replaced by the padding id 0 each epoch, so that the model has seen "removed"
items, as explanations that mask history items produce). Evaluation ranks
all N items given the last <= 50 items before the held-out item; items the user
has already seen are excluded from the ranking. Fully deterministic (fixed
seeds, one CPU thread); cross-checks the ONNX files with onnxruntime-node
(verify_onnx.mjs) when node is available.

Usage:
    /usr/bin/python3 examples/movielens/train_sasrec.py [--data DIR] [--out DIR]
"""

import argparse
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

SEED = 7
L = 50
D = 64
HEADS = 2
BLOCKS = 2
K = 10
PROTOCOL = (
    "leave-one-out: per user the last item is the test item, the second to last the "
    "validation item; input = the last <= 50 items before the test item (left-padded "
    "with 0); all N items are ranked, items already in the user's history are excluded; "
    "ties are broken by lower item id; HR@10 and NDCG@10 averaged over all users")


def load_sessions(path):
    with open(path) as fh:
        assert fh.readline().strip() == "user,items"
        return [[int(v) for v in line.split(",")[1].split()] for line in fh]


def pad_left(items, length=L):
    items = items[-length:]
    return [0] * (length - len(items)) + items


# ---------------------------------------------------------------- evaluation


def rank_of(scores, target, seen):
    """0-based rank of target among all items 1..N not in seen; ties -> lower id first."""
    s = np.asarray(scores, dtype=np.float64).copy()
    s[0] = -np.inf
    s[[i for i in seen if i != target]] = -np.inf
    st = s[target]
    return int(np.sum(s > st) + np.sum(s[:target] == st))


def hr_ndcg(ranks):
    ranks = np.asarray(ranks)
    hit = ranks < K
    return float(hit.mean()), float(np.where(hit, 1.0 / np.log2(ranks + 2.0), 0.0).mean())


def model_scores(model, histories, batch=256):
    model.eval()
    out = []
    with torch.no_grad():
        for i in range(0, len(histories), batch):
            x = torch.tensor([pad_left(h) for h in histories[i:i + batch]])
            out.append(model(x)[0].numpy())
    return np.concatenate(out)


def evaluate(score_rows, sessions, cut):
    """cut = 1: test (target = last item), cut = 2: validation."""
    ranks = []
    for s, row in zip(sessions, score_rows):
        seen = s[:len(s) - cut]
        ranks.append(rank_of(row, s[len(s) - cut], seen))
    return ranks


# ---------------------------------------------------------------- training


def windows(sessions, gen):
    """Training windows (input, target), each [L], from every user's training part;
    chunk boundaries move with a random offset each epoch."""
    xs, ys = [], []
    for s in sessions:
        t = s[:-2]
        n = len(t)
        offset = int(torch.randint(0, L, (1,), generator=gen))
        ends = [n - 1] + list(range(n - 1 - offset - L, 0, -L)) if offset else \
            list(range(n - 1, 0, -L))
        for e in ends:
            lo = max(0, e - L)
            xs.append(pad_left(t[lo:e]))
            ys.append(pad_left(t[lo + 1:e + 1]))
    return torch.tensor(xs), torch.tensor(ys)


def train(sessions, n_items, args):
    torch.manual_seed(SEED)
    gen = torch.Generator().manual_seed(SEED)
    model = SASRec(n_items, L, D, HEADS, BLOCKS, args.dropout)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr, betas=(0.9, 0.98),
                           weight_decay=args.weight_decay)
    model.set_fast(True)
    val_hist = [s[:-2] for s in sessions]
    best = (-1.0, -1, None)
    start = time.time()
    for epoch in range(args.epochs):
        model.train()
        x, y = windows(sessions, gen)
        if args.item_mask > 0:
            drop = (torch.rand(x.shape, generator=gen) < args.item_mask) & (x != 0)
            x = x.masked_fill(drop, 0)
        perm = torch.randperm(len(x), generator=gen)
        total, count = 0.0, 0
        for i in range(0, len(x), args.batch):
            idx = perm[i:i + args.batch]
            xb, yb = x[idx], y[idx]
            emb = model.embed(xb)
            h, _ = model.hidden(emb, xb)
            loss = torch.nn.functional.cross_entropy(model.all_logits(h), yb - 1,
                                                     ignore_index=-1)
            opt.zero_grad()
            loss.backward()
            opt.step()
            n = int((yb != 0).sum())
            total += float(loss) * n
            count += n
        hr, ndcg = hr_ndcg(evaluate(model_scores(model, val_hist), sessions, 2))
        mark = ""
        if ndcg > best[0]:
            best = (ndcg, epoch, {k: v.clone() for k, v in model.state_dict().items()})
            mark = " *"
        print("epoch %3d  loss %.4f  validation HR@10 %.4f NDCG@10 %.4f  %5.0fs%s"
              % (epoch + 1, total / count, hr, ndcg, time.time() - start, mark), flush=True)
        if epoch - best[1] >= args.patience:
            break
    model.load_state_dict(best[2])
    model.set_fast(False)
    model.eval()
    print("sasrec: best validation NDCG@10 %.4f at epoch %d (%.0f s)"
          % (best[0], best[1] + 1, time.time() - start))
    return model, best[1] + 1, time.time() - start


# ---------------------------------------------------------------- baselines


def popularity_scores(sessions, n_items):
    counts = np.zeros(n_items + 1)
    for s in sessions:
        np.add.at(counts, s[:-2], 1)
    return counts


def item_knn_sim(sessions, n_items):
    x = np.zeros((len(sessions), n_items + 1))
    for u, s in enumerate(sessions):
        x[u, s[:-2]] = 1.0
    co = x.T @ x
    norm = np.sqrt(np.diag(co))
    norm[norm == 0] = 1.0
    sim = co / norm[:, None] / norm[None, :]
    np.fill_diagonal(sim, 0.0)
    return sim


# ---------------------------------------------------------------- ONNX check


def verify(out, data, model, sessions, test_ranks):
    node = shutil.which("node")
    script = os.path.join(HERE, "verify_onnx.mjs")
    if not node:
        print("onnxruntime-node: node not found, skipped")
        return
    picks = [0, 1, 100, 300, 670]
    hist = [pad_left(sessions[u][:-1]) for u in picks] + [[0] * L]
    with torch.no_grad():
        scores, a1, a2, emb = model(torch.tensor(hist))
    ref = {
        "model": os.path.join(out, "sasrec.onnx"),
        "embeddingsModel": os.path.join(out, "sasrec_embeddings.onnx"),
        "historyLength": L,
        "histories": hist,
        "scores": scores.numpy().tolist(),
        "attention_1": a1.numpy().reshape(len(hist), -1).tolist(),
        "attention_2": a2.numpy().reshape(len(hist), -1).tolist(),
        "history_embeddings": emb.numpy().reshape(len(hist), -1).tolist(),
        "sessions": os.path.join(data, "sessions.csv"),
        "ranks": test_ranks,
    }
    res = subprocess.run([node, script], input=json.dumps(ref), capture_output=True, text=True,
                         cwd=HERE)
    if res.returncode == 0:
        print(res.stdout.strip())
    elif "ERR_MODULE_NOT_FOUND" in res.stderr:
        print("onnxruntime-node: not installed, skipped")
    else:
        sys.stderr.write(res.stdout + res.stderr)
        raise SystemExit("onnxruntime-node check failed")


# ---------------------------------------------------------------- main


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=HERE)
    ap.add_argument("--out", default=HERE)
    ap.add_argument("--epochs", type=int, default=60)
    ap.add_argument("--patience", type=int, default=20)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--dropout", type=float, default=0.5)
    ap.add_argument("--weight-decay", type=float, default=0.0)
    ap.add_argument("--item-mask", type=float, default=0.1)
    ap.add_argument("--no-export", action="store_true")
    args = ap.parse_args()
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)

    sessions = load_sessions(os.path.join(args.data, "sessions.csv"))
    n_items = max(max(s) for s in sessions)
    print("sessions: %d users, %d items, %d interactions"
          % (len(sessions), n_items, sum(len(s) for s in sessions)))
    print("training: %s" % ", ".join("%s %s" % kv for kv in sorted(vars(args).items())
                                       if kv[0] not in ("data", "out", "no_export")))

    model, epochs, seconds = train(sessions, n_items, args)
    test_hist = [s[:-1] for s in sessions]
    sas_ranks = evaluate(model_scores(model, test_hist), sessions, 1)

    pop = popularity_scores(sessions, n_items)
    pop_ranks = evaluate([pop] * len(sessions), sessions, 1)
    sim = item_knn_sim(sessions, n_items)
    knn_ranks = evaluate([sim[h[-L:]].sum(axis=0) for h in test_hist], sessions, 1)
    knn_full = evaluate([sim[h].sum(axis=0) for h in test_hist], sessions, 1)

    results = {"sasrec": sas_ranks, "popularity": pop_ranks, "item_knn": knn_ranks}
    metrics = {"protocol": PROTOCOL, "users": len(sessions)}
    print("\ntest, %d users          HR@10    NDCG@10" % len(sessions))
    for name, ranks in results.items():
        hr, ndcg = hr_ndcg(ranks)
        metrics[name] = {"hr@10": round(hr, 6), "ndcg@10": round(ndcg, 6)}
        print("  %-20s %.4f   %.4f" % (name, hr, ndcg))
    print("  (item_knn over the full history instead of the last 50: %.4f   %.4f)"
          % hr_ndcg(knn_full))
    best_base = max(metrics["popularity"]["ndcg@10"], metrics["item_knn"]["ndcg@10"])
    if metrics["sasrec"]["ndcg@10"] <= best_base:
        print("WARNING: SASRec does not beat the baselines")
    if args.no_export:
        return

    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "metrics.json"), "w") as fh:
        json.dump(metrics, fh, indent=2)
        fh.write("\n")
    meta = {"whyrec.history_length": str(L), "whyrec.items_file": "items.csv"}
    export(model, os.path.join(args.out, "sasrec.onnx"),
           os.path.join(args.out, "sasrec_embeddings.onnx"), meta)
    print("wrote metrics.json, sasrec.onnx (%d bytes), sasrec_embeddings.onnx (%d bytes); "
          "%d epochs, training %.0f s" % (
              os.path.getsize(os.path.join(args.out, "sasrec.onnx")),
              os.path.getsize(os.path.join(args.out, "sasrec_embeddings.onnx")),
              epochs, seconds))
    verify(args.out, args.data, model, sessions, sas_ranks)


if __name__ == "__main__":
    main()
