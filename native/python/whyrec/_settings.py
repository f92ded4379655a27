"""Method settings under the CLI's flag names with underscores (--tree-mode is tree_mode), as the
JS API names them too. Values are checked by the C++ core, whose messages name the setting."""

import json
import numbers

# Setting name -> the methods that read it. Each is a `whyrec explain` flag (the CLI's help and
# README say what it does).
SETTINGS = {
    # what is explained
    "output": "exact, kernel, permutation, auto, lime, anchors (tree, linear: the margin only)",
    "groups": "Shapley methods: {player: [feature, ...]} explained as one player",
    "missing": "all: 'allow' (default) passes NaN as a missing value, 'error' refuses it",
    # Shapley samplers
    "budget": "kernel, permutation, auto",
    "tolerance": "kernel, permutation",
    "seed": "kernel, permutation, lime, anchors, background_summary",
    "link": "exact, kernel, permutation",
    "sampling": "kernel",
    "surrogate": "kernel",
    "background_summary": "every method that reads the background",
    "max_batch_rows": "model-agnostic methods",
    # TreeSHAP
    "tree_mode": "tree",
    "interactions": "tree",
    # LIME
    "num_samples": "lime",
    "discretizer": "lime",
    "feature_selection": "lime",
    "num_features": "lime",
    "kernel_width": "lime",
    "ridge_alpha": "lime",
    # Anchors
    "threshold": "anchors",
    "delta": "anchors",
    "tau": "anchors",
    "batch_size": "anchors",
    "coverage_samples": "anchors",
    "beam_size": "anchors",
    "max_anchor_size": "anchors",
    "anchor_threshold": "anchors",
    "max_verify_samples": "anchors",
    "min_samples_start": "anchors",
}

METHODS = ("tree", "linear", "exact", "kernel", "permutation", "auto", "lime", "anchors")


class UnknownSettingError(TypeError, ValueError):
    """A keyword that is no setting: a TypeError as for any unexpected keyword, and a ValueError
    as for any other bad input."""


def check_settings(settings):
    """Raises UnknownSettingError naming an unknown setting and listing the valid ones."""
    unknown = sorted(set(settings) - set(SETTINGS))
    if unknown:
        raise UnknownSettingError(
            f"unknown setting{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}; "
            f"valid settings: {', '.join(sorted(SETTINGS))} (and feature_names, threads)"
        )
    missing = settings.get("missing", "allow")
    if missing not in ("allow", "error"):
        raise ValueError(f"setting 'missing' must be 'allow' or 'error', got {missing!r}")


def _plain(value):
    """numpy scalars and arrays as the JSON values the core reads (a float stays a float, so
    budget=3.0 is refused as the CLI refuses it)."""
    if hasattr(value, "tolist"):
        return value.tolist()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    raise TypeError(
        f"a setting's value must be a number, string, bool, list or dict, got {value!r}")


def settings_json(settings):
    """The settings the core reads, as JSON text (without 'missing', which is read here)."""
    core = {k: _plain(v) for k, v in settings.items() if k != "missing"}
    for key, value in core.items():
        try:
            json.dumps(value, allow_nan=False)
        except ValueError:
            raise ValueError(f"setting {key!r} must be finite, got {settings[key]!r}") from None
    return json.dumps(core)
