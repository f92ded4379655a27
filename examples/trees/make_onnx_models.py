#!/usr/bin/python3
"""Write tree models as ONNX ai.onnx.ml TreeEnsembleRegressor/TreeEnsembleClassifier models.

Writes next to this script (or into --out) ctr_trees.onnx from the reference model
ctr_xgb.json (the same 100 trees) and ranking_trees.onnx from ranking_xgb.json (3 small trees,
a seed for the parser's fuzz corpus); input "features" [batch, 12] float32, output "margin"
[batch, 1]. Each split is written in one of the
four ONNX branch modes in turn (BRANCH_LT, BRANCH_LEQ, BRANCH_GTE, BRANCH_GT, thresholds moved
by one float32 step where the mode needs it) so that a reader must handle them all; missing
values follow XGBoost's default directions (nodes_missing_value_tracks_true), training cover
goes to nodes_hitrates, base_values holds XGBoost's starting margin. Its margins must equal
XGBoost's (expected/ctr.json).

Classifiers, written as ONNX converters do, with outputs "label" and "probabilities":
- binary_classifier.onnx: XGBoost binary:logistic (20 trees, depth 3) trained here on the demo
  candidates' label: one score column (class_ids 0) with the starting log-odds in base_values
  and post_transform LOGISTIC, classlabels_int64s [0, 1], as onnxmltools writes it; ONNX
  Runtime's binary case writes it as two columns.
- multiclass_trees.onnx: multiclass_xgb.json (multi:softprob, 3 classes) with class_ids per
  tree, base_values 0.5 each, SOFTMAX, classlabels_strings.
And branch_modes_trees.onnx: 6 random regression trees (depth 5, 5 features with values 0..3)
whose splits use every branch mode, BRANCH_EQ and BRANCH_NEQ nested under each other, with
random nodes_missing_value_tracks_true and consistent nodes_hitrates.
Needs Debian's python3-onnx, numpy and (for the binary classifier) python3-xgboost.

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
    save(graph, target)


def save(graph, target):
    model = helper.make_model(graph, producer_name="whyrec make_onnx_models.py", opset_imports=[
        helper.make_opsetid("", 17), helper.make_opsetid("ai.onnx.ml", 3)])
    model.ir_version = 8
    checker.check_model(model)
    with open(target, "wb") as f:
        f.write(model.SerializeToString())


def classifier(attrs, labels, width, target, **extra):
    """A graph with one TreeEnsembleClassifier node; attrs hold nodes_* and class_*."""
    label_type = TensorProto.INT64 if isinstance(labels[0], int) else TensorProto.STRING
    key = "classlabels_int64s" if label_type == TensorProto.INT64 else "classlabels_strings"
    node = helper.make_node("TreeEnsembleClassifier", ["features"], ["label", "probabilities"],
                            domain="ai.onnx.ml", **{key: labels}, **attrs, **extra)
    graph = helper.make_graph(
        [node], "trees",
        [helper.make_tensor_value_info("features", TensorProto.FLOAT, ["batch", width])],
        [helper.make_tensor_value_info("label", label_type, ["batch"]),
         helper.make_tensor_value_info("probabilities", TensorProto.FLOAT,
                                       ["batch", len(labels)])])
    save(graph, target)


def node_lists():
    return {key: [] for key in (
        "nodes_treeids", "nodes_nodeids", "nodes_featureids", "nodes_modes", "nodes_values",
        "nodes_truenodeids", "nodes_falsenodeids", "nodes_missing_value_tracks_true",
        "nodes_hitrates", "class_treeids", "class_nodeids", "class_ids", "class_weights")}


def add_node(attrs, tree, node, feature, mode, value, true_child, false_child, tracks, cover):
    for key, v in (("nodes_treeids", tree), ("nodes_nodeids", node), ("nodes_featureids", feature),
                   ("nodes_modes", mode), ("nodes_values", value),
                   ("nodes_truenodeids", true_child), ("nodes_falsenodeids", false_child),
                   ("nodes_missing_value_tracks_true", tracks), ("nodes_hitrates", cover)):
        attrs[key].append(v)


def add_weight(attrs, tree, node, class_id, weight):
    for key, v in (("class_treeids", tree), ("class_nodeids", node), ("class_ids", class_id),
                   ("class_weights", weight)):
        attrs[key].append(v)


def xgboost_trees(learner, attrs, class_of_tree):
    """Adds an XGBoost model's trees (x < threshold goes left) as BRANCH_LT nodes."""
    info = learner["gradient_booster"]["model"]
    for t, tree in enumerate(info["trees"]):
        for i, left in enumerate(tree["left_children"]):
            cover = float(tree["sum_hessian"][i])
            if left == -1:
                add_node(attrs, t, i, 0, "LEAF", 0.0, 0, 0, 0, cover)
                add_weight(attrs, t, i, class_of_tree(info, t), float(tree["split_conditions"][i]))
                continue
            add_node(attrs, t, i, int(tree["split_indices"][i]), "BRANCH_LT",
                     float(tree["split_conditions"][i]), left, tree["right_children"][i],
                     int(bool(tree["default_left"][i])), cover)


def binary_classifier(target):
    import xgboost
    demo = os.path.join(HERE, "..", "demo", "candidates.csv")
    data = np.genfromtxt(demo, delimiter=",", skip_header=1)[:, 2:]
    x, y = data[:, :-1].astype(np.float32), data[:, -1]
    booster = xgboost.train({"objective": "binary:logistic", "max_depth": 3, "eta": 0.3,
                             "seed": 0, "nthread": 1}, xgboost.DMatrix(x, label=y), 20)
    learner = json.loads(booster.save_raw("json"))["learner"]
    attrs = node_lists()
    xgboost_trees(learner, attrs, lambda info, t: 0)
    base = float(learner["learner_model_param"]["base_score"])
    classifier(attrs, [0, 1], x.shape[1], target, base_values=[math.log(base / (1 - base))],
               post_transform="LOGISTIC")


def multiclass_classifier(source, target):
    with open(source) as f:
        learner = json.load(f)["learner"]
    attrs = node_lists()
    xgboost_trees(learner, attrs, lambda info, t: int(info["tree_info"][t]))
    base = float(learner["learner_model_param"]["base_score"])
    width = int(learner["learner_model_param"]["num_feature"])
    classifier(attrs, ["low", "mid", "high"], width, target, base_values=[base] * 3,
               post_transform="SOFTMAX")


def branch_modes(target):
    """Random trees over features with values 0..3, so that equality splits matter."""
    rng = np.random.default_rng(7)
    modes = ("BRANCH_EQ", "BRANCH_NEQ", "BRANCH_LT", "BRANCH_LEQ", "BRANCH_GTE", "BRANCH_GT")
    attrs = {key: [] for key in (
        "nodes_treeids", "nodes_nodeids", "nodes_featureids", "nodes_modes", "nodes_values",
        "nodes_truenodeids", "nodes_falsenodeids", "nodes_missing_value_tracks_true",
        "nodes_hitrates", "target_treeids", "target_nodeids", "target_ids", "target_weights")}
    for t in range(6):
        nodes = []  # (depth, parent slot) grown breadth first; covers filled from the leaves up

        def grow(depth):
            i = len(nodes)
            nodes.append(None)
            if depth == 5 or (depth > 1 and rng.random() < 0.25):
                cover = float(rng.integers(1, 20))
                nodes[i] = ("LEAF", 0, 0.0, 0, 0, 0, cover, float(rng.normal()))
                return cover
            # EQ and NEQ at the top two levels too, so their subtrees hold more of them.
            mode = modes[int(rng.integers(0, 2 if depth < 2 else 6))]
            feature, value = int(rng.integers(0, 5)), float(rng.integers(0, 4))
            tracks = int(rng.integers(0, 2))
            true_child = len(nodes)
            cover = grow(depth + 1)
            false_child = len(nodes)
            cover += grow(depth + 1)
            nodes[i] = (mode, feature, value, true_child, false_child, tracks, cover, 0.0)
            return cover

        grow(0)
        for i, (mode, feature, value, tc, fc, tracks, cover, weight) in enumerate(nodes):
            for key, v in (("nodes_treeids", t), ("nodes_nodeids", i),
                           ("nodes_featureids", feature), ("nodes_modes", mode),
                           ("nodes_values", value), ("nodes_truenodeids", tc),
                           ("nodes_falsenodeids", fc), ("nodes_missing_value_tracks_true", tracks),
                           ("nodes_hitrates", cover)):
                attrs[key].append(v)
            if mode == "LEAF":
                for key, v in (("target_treeids", t), ("target_nodeids", i), ("target_ids", 0),
                               ("target_weights", weight)):
                    attrs[key].append(v)
    node = helper.make_node(
        "TreeEnsembleRegressor", ["features"], ["prediction"], domain="ai.onnx.ml", n_targets=1,
        base_values=[0.25], post_transform="NONE", aggregate_function="SUM", **attrs)
    graph = helper.make_graph(
        [node], "trees",
        [helper.make_tensor_value_info("features", TensorProto.FLOAT, ["batch", 5])],
        [helper.make_tensor_value_info("prediction", TensorProto.FLOAT, ["batch", 1])])
    save(graph, target)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=HERE)
    args = parser.parse_args()
    for name in ("ctr", "ranking"):
        convert(os.path.join(HERE, name + "_xgb.json"), os.path.join(args.out, name + "_trees.onnx"))
    binary_classifier(os.path.join(args.out, "binary_classifier.onnx"))
    multiclass_classifier(os.path.join(HERE, "multiclass_xgb.json"),
                          os.path.join(args.out, "multiclass_trees.onnx"))
    branch_modes(os.path.join(args.out, "branch_modes_trees.onnx"))


if __name__ == "__main__":
    sys.exit(main())
