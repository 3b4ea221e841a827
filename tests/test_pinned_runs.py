"""Pinned run outputs: the full JSON of ``neopat run SCENARIO --seed 1`` for the reference
scenario and one preset. A change that moves them changes behaviour; make it on purpose,
regenerate with ``NEOPAT_UPDATE_PINS=1 python -m pytest tests/test_pinned_runs.py`` and say why
in the commit message. Refactors (moves, renames) must leave them untouched."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest

PINNED = Path(__file__).parent / "pinned"
SCENARIOS = ("kazakhstan", "kyrgyzstan")


def _first_difference(old, new, path: str = "") -> str:
    """Where two JSON values first differ, as a readable path."""
    if type(old) is not type(new):
        return f"{path or '/'}: {type(old).__name__} -> {type(new).__name__}"
    if isinstance(old, dict):
        for key in sorted(set(old) | set(new), key=str):
            if key not in old or key not in new:
                return f"{path}/{key}: {'added' if key in new else 'removed'}"
            if old[key] != new[key]:
                return _first_difference(old[key], new[key], f"{path}/{key}")
    if isinstance(old, list):
        if len(old) != len(new):
            return f"{path}: {len(old)} items -> {len(new)}"
        for i, (a, b) in enumerate(zip(old, new, strict=True)):
            if a != b:
                return _first_difference(a, b, f"{path}[{i}]")
    return f"{path}: {old!r} -> {new!r}"


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_run_output_is_pinned(invoke, scenario):
    code, out = invoke("run", scenario, "--seed", "1", "--format", "json")
    assert code == 0, out
    pin = PINNED / f"{scenario}-seed1.json.gz"
    if os.environ.get("NEOPAT_UPDATE_PINS") == "1":
        pin.write_bytes(gzip.compress(out.encode(), mtime=0))
    expected = gzip.decompress(pin.read_bytes()).decode()
    if out != expected:
        where = _first_difference(json.loads(expected), json.loads(out))
        pytest.fail(f"`neopat run {scenario} --seed 1` changed; first difference at {where}")
