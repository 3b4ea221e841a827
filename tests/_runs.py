"""Runs of a scenario object in tests: a spec around it (tests build scenarios with
``model_copy``, which the package itself never does) run through the one runner."""

from __future__ import annotations

from collections.abc import Iterable

from neopat.experiments.runner import RunResult, execute, run, spawn_seeds
from neopat.scenarios.schema import Scenario
from neopat.scenarios.spec import RunSpec, code_version


def spec_of(scenario: Scenario, seed: int = 0) -> RunSpec:
    return RunSpec(scenario, seed, code_version())


def run_one(scenario: Scenario, seed: int) -> RunResult:
    return execute(spec_of(scenario, seed))


def run_many(scenario: Scenario, seeds: Iterable[int] | int, *, root: int = 0
             ) -> list[RunResult]:
    """One run per seed (or per seed spawned from ``root``), in order."""
    seeds = spawn_seeds(seeds, root) if isinstance(seeds, int) else list(seeds)
    return run([spec_of(scenario, s) for s in seeds])
