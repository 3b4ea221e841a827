"""What a calibration varies, what it fits and how one parameter point is simulated.

The parameters are the catalogue's numeric ones outside the ``numerical`` and ``formal`` tiers
(read generically, so a new catalogue parameter is picked up), each over its default range
(:func:`neopat.experiments.sensitivity.default_range`: the catalogue range for shares, the
declared default halved and doubled otherwise, zero a unit either side; the catalogue's own
bounds are validity bounds,
e.g. up to 10^9 voters). The targets are the in-sample facts only (every year they read is
:data:`~neopat.validation.facts.IN_SAMPLE_UNTIL` or earlier): held-out facts never enter a fit.
A fact's standardised distance is 0 at its target and 1 at the edge of its band, so a point
whose distances are all at most 1 puts every in-sample fact inside. Every simulation of the
screen, the ABC-SMC and the posterior-predictive check goes through :func:`simulate`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass

import numpy as np

from neopat.experiments.runner import RunFailure, RunResult, run
from neopat.experiments.sensitivity import Factor, factors, point_spec
from neopat.scenarios.catalogue import catalogue
from neopat.scenarios.schema import Scenario
from neopat.scenarios.spec import RunSpec, prepare
from neopat.validation.facts import IN_SAMPLE_UNTIL, Fact, facts

# Never calibrated: numerical settings (e.g. scale), and the formal tier's sensitivities on top of
# the rule set and party law in force: the rules are scenario inputs (ODD §8, §9), so a fit must not
# move the 7% threshold or the membership minimums the record prints
EXCLUDED_TIERS = ("numerical", "formal")
CAP = 5.0  # a fact's distance is capped here (an uncomputable statistic counts as CAP)


def parameters() -> list[Factor]:
    """Every catalogue parameter a calibration may vary, with its prior range."""
    tiers = {p.name: p.tier for p in catalogue(Scenario)}
    return [f for f in factors()
            if not {f.tier, tiers.get(f.name)} & set(EXCLUDED_TIERS)]


def in_sample() -> list[Fact]:
    return [f for f in facts() if f.sample == "in"]


@dataclass(frozen=True)
class Target:
    """A fact's target value and the distance from it that reaches its band's edge."""

    fact: str
    value: float
    scale: float


def record_targets() -> list[Target]:
    """The in-sample facts' targets from the record: for a share (of runs showing what the
    record shows) 1 with the band's width as scale; otherwise the band's midpoint and half
    width."""
    out = []
    for f in in_sample():
        if f.kind == "share":
            out.append(Target(f.key, 1.0, 1.0 - f.low))
        else:
            out.append(Target(f.key, (f.low + f.high) / 2, (f.high - f.low) / 2))
    return out


def synthetic_targets(statistics: Sequence[float]) -> list[Target]:
    """Targets at simulated statistics (a parameter-recovery test), with the record's scales."""
    return [Target(t.fact, float(v), t.scale)
            for t, v in zip(record_targets(), statistics, strict=True)]


def distances(statistics: np.ndarray, targets: Sequence[Target]) -> np.ndarray:
    """Each fact's standardised distance (capped at :data:`CAP`; a NaN or infinite statistic
    is CAP), for one point (1-d) or many (rows)."""
    x = np.asarray(statistics, dtype=float)
    value = np.array([t.value for t in targets])
    scale = np.array([t.scale for t in targets])
    with np.errstate(invalid="ignore"):
        d = np.abs(x - value) / scale
    return np.where(np.isfinite(d), np.minimum(d, CAP), CAP)


def distance(statistics: np.ndarray, targets: Sequence[Target]) -> np.ndarray:
    """The mean standardised distance over the targets."""
    return distances(statistics, targets).mean(axis=-1)


def truncated(base: RunSpec) -> RunSpec:
    """``base`` run only as far as the in-sample facts read (the model looks no further ahead
    than the current year, so the runs are the same up to then)."""
    start, end = base.span
    return prepare(base, years=(start, min(end, IN_SAMPLE_UNTIL)))


def _quantities(result: RunResult) -> list:
    """One run's quantity for each in-sample fact (a reducer, on the worker)."""
    return [f.quantity(result) for f in in_sample()]


def simulate(base: RunSpec, fs: Sequence[Factor], points: np.ndarray, seeds: Sequence[int],
             executor: Executor | None = None,
             on_done: Callable[[], None] | None = None) -> np.ndarray:
    """Each in-sample fact's ensemble statistic (columns) at each point (rows: values of
    ``fs``), every point run with the same ``seeds``, through the runner on ``executor``."""
    base = truncated(base)
    points = np.atleast_2d(np.asarray(points, dtype=float))
    specs = [point_spec(base, fs, row).with_seed(s) for row in points for s in seeds]
    # a run that fails computes no fact: every fact counts it against itself
    per_run = [[None] * len(in_sample()) if isinstance(r, RunFailure) else r
               for r in run(specs, executor, reduce=_quantities, failures=True,
                            on_done=lambda *_: on_done and on_done())]
    chosen, n = in_sample(), len(seeds)
    out = np.full((len(points), len(chosen)), math.nan)
    for p in range(len(points)):
        runs = per_run[p * n:(p + 1) * n]
        for k, fact in enumerate(chosen):
            out[p, k] = fact.reduce([r[k] for r in runs])
    return out
