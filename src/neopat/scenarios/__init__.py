"""Scenario files and their validation; the parameter catalogue; run specifications."""

from neopat.scenarios.loader import (
    apply_overrides,
    load_scenario,
    packaged_names,
    parameter_catalogue,
)
from neopat.scenarios.schema import Input, Scenario
from neopat.scenarios.spec import RunSpec, prepare

__all__ = [
    "Input",
    "RunSpec",
    "Scenario",
    "apply_overrides",
    "load_scenario",
    "packaged_names",
    "parameter_catalogue",
    "prepare",
]
