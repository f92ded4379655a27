"""whyrec on Dask: explain a Dask DataFrame partition by partition on a cluster's workers.

    import whyrec.dask
    values = whyrec.dask.explain(ddf, "model.onnx", background, method="kernel", seed=7)
    values.compute()   # one row per row of ddf, same index: one column per player + base_value

Each worker process loads the model once: explainers are cached per process, keyed by the
model's path, method, features, settings and a hash of the background, so every later partition
(and every later job with the same key) reuses it. The model path must be readable on every
worker (a shared file system, or the same file copied to the same path). Rows are explained one
by one with seeds per row, so the result equals Explainer(...)(rows) in one process.
"""

import collections
import os
import re
import threading

import dask
import numpy as np
import pandas as pd
from dask.base import tokenize

from . import Explainer, _as_rows

# A worker keeps the explainers of this many (model, settings, background) keys, most recent.
_CACHE_SIZE = 4
_cache = collections.OrderedDict()
_cache_lock = threading.Lock()
_loads = 0


def explain(ddf, model, background=None, method=None, *, feature_names=None, threads=1,
            **settings):
    """A lazy Dask DataFrame of explanations: per row of `ddf`, one float64 column per player
    (`player[j]` per output column j when the output has k > 1 columns) and `base_value`, with
    ddf's index and partitions. `ddf` holds the features by name (other columns are left out).
    `threads` is per task (default 1: a worker's own threads run tasks in parallel). The other
    arguments are Explainer's; the client loads the model too, once, to check them early."""
    path = os.path.abspath(os.fspath(model))
    if feature_names is None and hasattr(background, "columns"):
        feature_names = [str(c) for c in background.columns]
    local = Explainer(path, background, method, feature_names=feature_names, threads=threads,
                      **settings)
    feature_names = local.feature_names
    rows = None
    if background is not None:
        rows = _as_rows(background, "background", feature_names, "allow")
    columns = _columns(local.player_names, local.output_width)
    key = (path, method, tuple(feature_names), threads, tokenize(sorted(settings.items())),
           tokenize(rows))
    meta = pd.DataFrame({c: pd.Series(dtype="float64") for c in columns},
                        index=ddf._meta.index[:0])
    return ddf.map_partitions(_explain_partition, key, path, dask.delayed(rows, pure=True), method,
                              feature_names, threads, settings, columns, meta=meta,
                              align_dataframes=False)


def worker_cache_info():
    """This process's explainer cache: {'loads': models loaded, 'cached': explainers kept}.
    On a cluster: client.run(whyrec.dask.worker_cache_info)."""
    with _cache_lock:
        return {"loads": _loads, "cached": len(_cache)}


def _with_index(message, index):
    """Errors count rows within the partition ('row 3: ...'): name the row's index label too."""
    found = re.match(r"(X )?row (\d+)", message)
    if not found:
        return message
    return f"index {index[int(found.group(2))]!r}: {message} (row counted within its partition)"


def _columns(players, k):
    if k == 1:
        columns = list(players) + ["base_value"]
    else:
        columns = [f"{p}[{j}]" for p in players for j in range(k)]
        columns += [f"base_value[{j}]" for j in range(k)]
    if len(set(columns)) != len(columns):
        raise ValueError(f"a player is named like a result column: {columns}")
    return columns


def _cached_explainer(key, path, background, method, feature_names, threads, settings):
    global _loads
    with _cache_lock:
        explainer = _cache.get(key)
        if explainer is None:
            explainer = Explainer(path, background, method, feature_names=feature_names,
                                  threads=threads, **settings)
            _loads += 1
            _cache[key] = explainer
            while len(_cache) > _CACHE_SIZE:
                _cache.popitem(last=False)
        _cache.move_to_end(key)
        return explainer


def _explain_partition(part, key, path, background, method, feature_names, threads, settings,
                       columns):
    if len(part) == 0:
        return pd.DataFrame(np.empty((0, len(columns))), index=part.index, columns=columns)
    explainer = _cached_explainer(key, path, background, method, feature_names, threads, settings)
    try:
        explanation = explainer(part)
    except ValueError as error:
        raise ValueError(_with_index(str(error), part.index)) from None
    n = len(part)
    table = np.hstack([explanation.values.reshape(n, -1), explanation.base_values.reshape(n, -1)])
    return pd.DataFrame(table, index=part.index, columns=columns)
