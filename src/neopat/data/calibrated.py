"""The calibrated defaults: posterior medians of the last calibration
(``neopat calibrate-history``), kept with their provenance in
``data/calibration/provenance.toml`` (``[defaults]``) beside the posterior sample
(``posterior.csv``). Every scenario that does not set one of these parameters gets its value
(:func:`neopat.scenarios.loader.load_scenario`); none is typed by hand."""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from neopat.files import read_toml

PROVENANCE = "provenance.toml"
POSTERIOR = "posterior.csv"


def folder() -> Traversable:
    """The packaged calibration folder."""
    return resources.files("neopat.data").joinpath("calibration")


def provenance(where: Traversable | Path | None = None) -> dict[str, Any] | None:
    """The provenance file of the calibration in ``where`` (default: the packaged one), or
    None when there has been none."""
    file = (where or folder()).joinpath(PROVENANCE)
    return read_toml(file, what="calibration provenance") if file.is_file() else None


def calibrated_defaults(where: Traversable | Path | None = None) -> dict[str, Any]:
    """Parameter (dotted name) -> calibrated default; empty when there has been no
    calibration."""
    found = provenance(where)
    return dict(found.get("defaults", {})) if found else {}
