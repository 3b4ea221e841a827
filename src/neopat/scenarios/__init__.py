"""Scenario files and their validation; the parameter catalogue."""

from neopat.scenarios.loader import (
    apply_overrides,
    load_scenario,
    packaged_names,
    parameter_catalogue,
)
from neopat.scenarios.schema import Input, Scenario

__all__ = [
    "Input",
    "Scenario",
    "apply_overrides",
    "load_scenario",
    "packaged_names",
    "parameter_catalogue",
]
