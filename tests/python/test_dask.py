"""whyrec.dask on a LocalCluster of 2 worker processes: the same numbers as one process, the
partitions' index kept, and each worker loading the model once for all its partitions."""

import tempfile

import dask.dataframe as dd
import numpy as np
import pytest
from distributed import Client, LocalCluster

import whyrec
import whyrec.dask
from conftest import DEMO, read_features

MLP = DEMO / "ctr_mlp.onnx"
SETTINGS = {"budget": 200, "seed": 11, "output": "prob"}


@pytest.fixture(scope="module")
def client():
    # The workers' scratch space (lock files, spill) goes to a folder removed afterwards.
    with tempfile.TemporaryDirectory(prefix="whyrec-dask-test-") as scratch, LocalCluster(
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None,
            local_directory=scratch) as cluster, Client(cluster) as client:
        yield client


@pytest.fixture(scope="module")
def table():
    candidates = read_features(DEMO / "candidates.csv", ["user_id", "item_id"]).iloc[:48]
    candidates.index = candidates.index * 10 + 5  # an index that is not 0..n-1
    return candidates


def test_dask_equals_one_process(client, table):
    background = read_features(DEMO / "background.csv")
    ddf = dd.from_pandas(table, npartitions=6)  # label is a column the features leave out
    result = whyrec.dask.explain(ddf, MLP, background, "kernel", **SETTINGS)
    assert result.npartitions == 6
    values = result.compute()

    single = whyrec.Explainer(MLP, background, "kernel", **SETTINGS)(table)
    assert list(values.columns) == single.feature_names + ["base_value"]
    assert list(values.index) == list(table.index)
    np.testing.assert_array_equal(values[single.feature_names].to_numpy(), single.values)
    np.testing.assert_array_equal(values["base_value"].to_numpy(), single.base_values)

    loads = client.run(whyrec.dask.worker_cache_info)
    assert len(loads) == 2
    # 6 partitions, at most one model load per worker process.
    assert all(info["loads"] <= 1 for info in loads.values())
    assert sum(info["loads"] for info in loads.values()) >= 1

    # New keys (a new name), so that the workers compute again rather than the scheduler
    # handing back results it still holds.
    again_ddf = dd.from_pandas(table, npartitions=6, name="again")
    again = whyrec.dask.explain(again_ddf, MLP, background, "kernel", **SETTINGS).compute()
    np.testing.assert_array_equal(again.to_numpy(), values.to_numpy())
    assert client.run(whyrec.dask.worker_cache_info) == loads  # cached: no new load


def test_dask_multiclass_columns(client, table):
    ddf = dd.from_pandas(table, npartitions=3)
    model = DEMO.parent / "trees" / "multiclass_xgb.json"
    values = whyrec.dask.explain(ddf, model).compute()
    single = whyrec.Explainer(model)(table)
    assert values.columns[0] == "price_vs_usual_spend[0]" and values.columns[-1] == "base_value[2]"
    np.testing.assert_array_equal(values.to_numpy()[:, :-3], single.values.reshape(len(table), -1))
    np.testing.assert_array_equal(values.to_numpy()[:, -3:], single.base_values)


def test_dask_errors(client, table):
    ddf = dd.from_pandas(table, npartitions=2)
    # Settings are checked on the client, before any task runs.
    with pytest.raises(TypeError, match=r"unknown setting 'budjet'"):
        whyrec.dask.explain(ddf, MLP, table.iloc[:5, :12], "kernel", budjet=3)
    # A bad cell is named by its index label, not only by its row within the partition.
    bad = table.copy()
    bad.loc[bad.index[30], "novelty"] = np.inf
    values = whyrec.dask.explain(dd.from_pandas(bad, npartitions=2), MLP, table.iloc[:5, :12])
    with pytest.raises(ValueError, match=r"^index 305: X row 6, feature 'novelty': inf"):
        values.compute()
