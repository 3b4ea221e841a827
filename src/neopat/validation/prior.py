"""A prior-predictive check of the party system: does the record lie inside what the model
produces when every numeric parameter is drawn over its range (``sensitivity.default_range``:
the catalogue range for shares, the default halved and doubled otherwise, zero a unit either
side)? Not a fit: a check
that the model can produce the record's ballots and registry at all, and how often a defector's
list reaches a ballot."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass

import numpy as np
from scipy.stats import qmc

from neopat.experiments.runner import RunResult, run, spawn_seeds
from neopat.experiments.sensitivity import factors, point_spec
from neopat.scenarios.spec import RunSpec
from neopat.validation.facts import contestants, indicator, parliament, stance, vehicle


@dataclass(frozen=True)
class Check:
    """A quantity of one run, and the record's value (seed lines)."""

    name: str
    record: float
    source: str
    quantity: Callable[[RunResult], float | None]


def _lists(year: int) -> Callable[[RunResult], float | None]:
    def q(run: RunResult) -> float | None:
        e = parliament(run, year)
        return None if e is None else float(len(contestants(e)))
    return q


def _seated(year: int) -> Callable[[RunResult], float | None]:
    def q(run: RunResult) -> float | None:
        e = parliament(run, year)
        return None if e is None else float(sum(
            1 for k, n in e["seats"].items() if n > 0 and k in contestants(e)))
    return q


def _single_qualifier(run: RunResult) -> float | None:
    e = parliament(run, 2007)
    if e is None:
        return None
    passing = [k for k, n in e.get("list_seats", {}).items() if n > 0]
    return float(passing == [vehicle(run, 2007)])


def _opposition_on_ballot(run: RunResult) -> float | None:
    e = parliament(run, 2007)
    return None if e is None else float(any(stance(e, k) == "opposition"
                                            for k in contestants(e)))


def _registered(year: int) -> Callable[[RunResult], float | None]:
    return lambda run: indicator(run, year, "registered_parties")


CHECKS = (
    Check("lists standing, 2004", 10, "seed:8525-8537", _lists(2004)),
    Check("lists standing, 2007", 7, "seed:10374-10407", _lists(2007)),
    Check("parties winning seats, 2004", 5, "seed:8525-8537", _seated(2004)),
    Check("one list passes in 2007, the vehicle", 1, "seed:272-279", _single_qualifier),
    Check("an opposition list on the 2007 ballot", 1, "seed:10374-10407",
          _opposition_on_ballot),
    Check("registered parties, 2001", 19, "seed:10946-10961", _registered(2001)),
    Check("registered parties, 2004", 10, "seed:11007-11008", _registered(2004)),
    Check("registered parties, 2008", 10, "seed:11623-11639", _registered(2008)),
)


def draws(spec: RunSpec, n: int, root: int) -> list[RunSpec]:
    """``n`` specs, every numeric parameter drawn by a Latin hypercube over its range, each
    with its own seed spawned from ``root``."""
    fs = factors()
    sample = qmc.LatinHypercube(d=len(fs), seed=np.random.default_rng(root)).random(n)
    lo, hi = np.array([f.lo for f in fs]), np.array([f.hi for f in fs])
    return [point_spec(spec, fs, lo + row * (hi - lo)).with_seed(seed)
            for row, seed in zip(sample, spawn_seeds(n, root), strict=True)]


def defector_ballot_share(runs: Sequence[RunResult]) -> float | None:
    """Share of the parties defectors founded that stood in a parliamentary election."""
    founded = [(r, p) for r in runs for p in {row["key"] for row in r.parties
                                              if row["motive"] == "defector"}]
    if not founded:
        return None
    stood = [any(key in e["votes"] for e in r.elections if e["kind"] == "parliament")
             for r, key in founded]
    return float(np.mean(stood))


def check(spec: RunSpec, n: int, root: int = 2, executor: Executor | None = None) -> dict:
    """Run one model per parameter draw and place the record in each check's simulated
    distribution (its 5-95% range and the share of runs at or below it)."""
    runs = run(draws(spec, n, root), executor)
    rows = []
    for c in CHECKS:
        values = np.array([v for v in (c.quantity(r) for r in runs) if v is not None],
                          dtype=float)
        lo, hi = (np.percentile(values, [5, 95]) if len(values) else (np.nan, np.nan))
        rows.append({"check": c.name, "record": c.record, "source": c.source,
                     "p5": float(lo), "p95": float(hi),
                     "inside": bool(len(values) and lo <= c.record <= hi),
                     "at_or_below": float(np.mean(values <= c.record)) if len(values) else None})
    return {"draws": n, "checks": rows, "defector_lists_on_a_ballot": defector_ballot_share(runs)}
