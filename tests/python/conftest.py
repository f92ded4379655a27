"""Shared paths and helpers for the Python package's tests (run by scripts/test.sh with
PYTHONPATH=build/native/python). Every test writes only under a temporary folder it removes."""

import json
import os
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]
CLI = ROOT / "build" / "native" / "whyrec"
DEMO = ROOT / "examples" / "demo"
TREES = ROOT / "examples" / "trees"
LIGHTGBM = ROOT / "tests" / "fixtures" / "lightgbm"
DEMO_IDS = ["user_id", "item_id", "label"]


def pytest_configure(config):
    # Debian's distributed 2022.12 with its tornado: noise, not ours.
    config.addinivalue_line("filterwarnings",
                            "ignore:make_current is deprecated:DeprecationWarning")


@pytest.fixture
def workdir():
    with tempfile.TemporaryDirectory(prefix="whyrec-python-test-") as folder:
        yield Path(folder)


def read_features(path, drop=()):
    """A CSV's feature columns as the CLI reads them: empty cells and 'nan' are NaN; numbers are
    parsed to the nearest double (round_trip, as from_chars does), then float32."""
    table = pd.read_csv(path, float_precision="round_trip")
    return table.drop(columns=[c for c in drop if c in table.columns]).astype(np.float32)


def run_cli(workdir, *args):
    """`whyrec explain ARGS --out FILE` and its JSON."""
    out = workdir / "cli.json"
    env = dict(os.environ, ORT_DISABLE_TELEMETRY="1")
    done = subprocess.run([str(CLI), "explain", *map(str, args), "--out", str(out)],
                          capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    document = json.loads(out.read_text())
    out.unlink()
    return document


def cli_flags(settings, workdir):
    """Explainer settings as `whyrec explain` flags (a groups dict goes through a file)."""
    flags = []
    for key, value in settings.items():
        flag = "--" + key.replace("_", "-")
        if key == "groups":
            path = workdir / "groups.json"
            path.write_text(json.dumps(value))
            flags += [flag, path]
        elif value is True:
            flags.append(flag)
        else:
            flags += [flag, value]
    return flags
