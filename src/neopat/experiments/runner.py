"""Serial, seeded runner. A run's result is a plain, picklable :class:`RunResult`, so the
ensembles map :func:`run_one` over an executor unchanged."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from neopat.errors import InputError
from neopat.model import NeopatModel
from neopat.scenarios.catalogue import catalogue
from neopat.scenarios.schema import MAX_RUNS, Scenario


def check_count(n: int, where: str, what: str = "model runs", least: int = 1) -> int:
    """``n`` if ``least <= n <= MAX_RUNS``; else an :class:`InputError` at ``where``."""
    if not least <= n <= MAX_RUNS:
        raise InputError(f"{n:,} {what}; give from {least} to {MAX_RUNS:,}", where=where)
    return n


@dataclass
class RunResult:
    """One run: its scenario name, seed, parameter values, yearly indicators and events."""

    scenario: str
    seed: int
    parameters: dict[str, Any]
    years: list[dict[str, Any]]
    events: list[dict[str, Any]] = field(default_factory=list)
    elections: list[dict[str, Any]] = field(default_factory=list)
    parties: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """The stable JSON shape of ``neopat run --format json``."""
        return {"scenario": self.scenario, "seed": self.seed, "years": self.years,
                "events": self.events, "elections": self.elections, "parties": self.parties}

    @classmethod
    def from_model(cls, model: NeopatModel, seed: int) -> RunResult:
        """Collect a finished (or stopped) model's outputs."""
        sc = model.scenario
        return cls(scenario=sc.name, seed=int(seed), parameters=parameter_values(sc),
                   years=model.records, events=[e.as_dict() for e in model.log],
                   elections=model.elections, parties=model.party_rows)


def parameter_values(scenario: Scenario) -> dict[str, Any]:
    """Every catalogue parameter's value in ``scenario`` (dotted names)."""
    out: dict[str, Any] = {}
    for info in catalogue(Scenario):
        node: Any = scenario
        for part in info.name.split("."):
            node = getattr(node, part)
        out[info.name] = node
    return out


def run_one(scenario: Scenario, seed: int) -> RunResult:
    """Run ``scenario`` once with ``seed`` (fed to a ``numpy.random.SeedSequence``)."""
    return RunResult.from_model(NeopatModel(scenario, seed=seed).run(), seed)


def spawn_seeds(n: int, root: int = 0) -> list[int]:
    """``n`` independent run seeds spawned from ``SeedSequence(root)``."""
    return [int(s.generate_state(1, np.uint32)[0]) for s in np.random.SeedSequence(root).spawn(n)]


def run_many(scenario: Scenario, seeds: Sequence[int] | int, *, root: int = 0,
             on_done: Callable[[RunResult], None] | None = None) -> list[RunResult]:
    """Run ``scenario`` for each seed (or for ``seeds`` spawned seeds), serially, in order."""
    seed_list = spawn_seeds(seeds, root) if isinstance(seeds, int) else list(seeds)
    results = []
    for seed in seed_list:
        result = run_one(scenario, seed)
        if on_done is not None:
            on_done(result)
        results.append(result)
    return results
