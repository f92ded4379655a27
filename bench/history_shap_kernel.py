#!/usr/bin/python3
"""shap's KernelExplainer on the history game, for bench/history_quality.mjs.

The game is whyrec's: a coalition of history items is the history with the absent items
removed (removal), scored by the history model. shap sees each history as one instance of H
binary features (1 = present) against one background row of zeros, and its model function
asks the parent process (which runs the ONNX model) for the target's score of each mask: one
JSON line out ({"masks": [[0/1, ...], ...]}), one JSON line back ({"scores": [...]}).

stdin, first line: {"histories": [[ids]], "targets": [id], "l1_reg": "0" | "auto"}.
Last line out: {"values": [[...] per history], "calls": model rows per explanation}.
Needs shap (../shared/peers/shap-0.49.1 on PYTHONPATH) and Debian's numpy/scipy/sklearn.
"""

import json
import sys
import warnings

import numpy as np
import shap

warnings.filterwarnings("ignore")
# KernelExplainer samples coalitions from numpy's global random state.
np.random.seed(0)
request = json.loads(sys.stdin.readline())
l1_reg = 0 if request["l1_reg"] == "0" else "auto"
out = sys.stdout


def scores(masks, user):
    out.write(json.dumps({"user": user, "masks": masks.astype(int).tolist()}) + "\n")
    out.flush()
    return np.asarray(json.loads(sys.stdin.readline())["scores"], dtype=np.float64)


values, calls = [], 0
for user, history in enumerate(request["histories"]):
    size = len(history)
    explainer = shap.KernelExplainer(lambda m, u=user: scores(m, u), np.zeros((1, size)))
    phi = explainer.shap_values(np.ones((1, size)), l1_reg=l1_reg, silent=True)
    values.append(np.asarray(phi).reshape(-1).tolist())
    calls = int(explainer.nsamples) + 2
out.write(json.dumps({"values": values, "calls": calls}) + "\n")
