#!/usr/bin/python3
"""Write XGBoost models of this folder as ONNX ai.onnx.ml TreeEnsembleRegressor models.

Writes next to this script (or into --out) ctr_trees.onnx from the reference model
ctr_xgb.json (the same 100 trees) and ranking_trees.onnx from ranking_xgb.json (3 small trees,
a seed for the parser's fuzz corpus); input "features" [batch, 12] float32, output "margin"
[batch, 1]. Each split is written in one of the
four ONNX branch modes in turn (BRANCH_LT, BRANCH_LEQ, BRANCH_GTE, BRANCH_GT, thresholds moved
by one float32 step where the mode needs it) so that a reader must handle them all; missing
values follow XGBoost's default directions (nodes_missing_value_tracks_true), training cover
goes to nodes_hitrates, base_values holds XGBoost's starting margin. Its margins must equal
XGBoost's (expected/ctr.json). Needs only Debian's python3-onnx and numpy.

Usage:
    /usr/bin/python3 examples/trees/make_onnx_models.py [--out DIR]
"""

import argparse
import json
import math
import os
import sys

import numpy as np
from onnx import TensorProto, checker, helper

HERE = os.path.dirname(os.path.abspath(__file__))
MODES = ("BRANCH_LT", "BRANCH_LEQ", "BRANCH_GTE", "BRANCH_GT")


def below(t):
    return float(np.nextafter(np.float32(t), np.float32(-np.inf)))


def convert(source, target):
    with open(source) as f:
        learner = json.load(f)["learner"]
    base_score = float(learner["learner_model_param"]["base_score"])
    width = int(learner["learner_model_param"]["num_feature"])
    attrs = {key: [] for key in (
        "nodes_treeids", "nodes_nodeids", "nodes_featureids", "nodes_modes", "nodes_values",
        "nodes_truenodeids", "nodes_falsenodeids", "nodes_missing_value_tracks_true",
        "nodes_hitrates", "target_treeids", "target_nodeids", "target_ids", "target_weights")}
    splits = 0
    for t, tree in enumerate(learner["gradient_booster"]["model"]["trees"]):
        for i, left in enumerate(tree["left_children"]):
            right = tree["right_children"][i]
            attrs["nodes_treeids"].append(t)
            attrs["nodes_nodeids"].append(i)
            attrs["nodes_hitrates"].append(float(tree["sum_hessian"][i]))
            if left == -1:
                attrs["nodes_featureids"].append(0)
                attrs["nodes_modes"].append("LEAF")
                attrs["nodes_values"].append(0.0)
                attrs["nodes_truenodeids"].append(0)
                attrs["nodes_falsenodeids"].append(0)
                attrs["nodes_missing_value_tracks_true"].append(0)
                for key, value in (("target_treeids", t), ("target_nodeids", i),
                                   ("target_ids", 0),
                                   ("target_weights", float(tree["split_conditions"][i]))):
                    attrs[key].append(value)
                continue
            threshold = float(tree["split_conditions"][i])
            mode = MODES[splits % 4]
            splits += 1
            # XGBoost goes left when x < threshold; each mode says the same thing.
            value, true_child, false_child = {
                "BRANCH_LT": (threshold, left, right),
                "BRANCH_LEQ": (below(threshold), left, right),
                "BRANCH_GTE": (threshold, right, left),
                "BRANCH_GT": (below(threshold), right, left),
            }[mode]
            missing_child = left if tree["default_left"][i] else right
            attrs["nodes_featureids"].append(int(tree["split_indices"][i]))
            attrs["nodes_modes"].append(mode)
            attrs["nodes_values"].append(value)
            attrs["nodes_truenodeids"].append(true_child)
            attrs["nodes_falsenodeids"].append(false_child)
            attrs["nodes_missing_value_tracks_true"].append(int(missing_child == true_child))
    node = helper.make_node(
        "TreeEnsembleRegressor", ["features"], ["margin"], domain="ai.onnx.ml", n_targets=1,
        base_values=[math.log(base_score / (1 - base_score))], post_transform="NONE",
        aggregate_function="SUM", **attrs)
    graph = helper.make_graph(
        [node], "trees",
        [helper.make_tensor_value_info("features", TensorProto.FLOAT, ["batch", width])],
        [helper.make_tensor_value_info("margin", TensorProto.FLOAT, ["batch", 1])])
    model = helper.make_model(graph, producer_name="whyrec make_onnx_models.py", opset_imports=[
        helper.make_opsetid("", 17), helper.make_opsetid("ai.onnx.ml", 3)])
    model.ir_version = 8
    checker.check_model(model)
    with open(target, "wb") as f:
        f.write(model.SerializeToString())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=HERE)
    args = parser.parse_args()
    for name in ("ctr", "ranking"):
        convert(os.path.join(HERE, name + "_xgb.json"), os.path.join(args.out, name + "_trees.onnx"))


if __name__ == "__main__":
    sys.exit(main())
