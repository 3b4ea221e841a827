"""Calibration by rejection ABC against named targets from the historical record.

Targets are computed from the record (never typed in): defections of the record's elites in
windows around the thesis' three waves of elite fragmentation (1998, 2001, 2004; seed:7931-7936)
 and, once elections are simulated, the largest party's share of the
chamber's seats. The prior is uniform over each parameter's range (a Latin hypercube of
``budget`` points); every point runs the same replicate seeds; the ``accept`` share of points
nearest the fit targets is the posterior and its median the fitted value. The fit is then
re-run on fresh seeds and reported target by target, fit targets and held-out ones apart:
a fit is not a validation.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import tomli_w
from scipy.stats import qmc

from neopat.data.elections import elections_with_results
from neopat.data.elites import load_elites
from neopat.errors import InputError
from neopat.experiments.executor import DaskExecutor
from neopat.experiments.outputs import RECORDED, Output, check_span, inside
from neopat.experiments.sensitivity import Factor, ModelEvaluator, scenario_at
from neopat.files import write_text
from neopat.scenarios.schema import Scenario

DEFECTION_WINDOWS = {  # target name -> record years (windows around the thesis' waves)
    "defections_1990_1996": (1990, 1996),
    "defections_1997_1999": (1997, 1999),
    "defections_2000_2002": (2000, 2002),
    "defections_2003_2006": (2003, 2006),
    "defections_1990_2008": (1990, 2008),
}
DEFAULT_FIT = ("defections_1997_1999", "defections_2000_2002", "defections_2003_2006")
DEFAULT_PARAMS = ("loyalty.defection_base", "loyalty.contagion", "arbitration.seizure_fraction")


@dataclass(frozen=True)
class Target:
    """A record value and the model output that simulates it."""

    name: str
    observed: float
    output: Output
    source: str

    def distance(self, simulated: float) -> float:
        """Absolute error relative to the observed value (floored at 1)."""
        return abs(simulated - self.observed) / max(abs(self.observed), 1.0)


def record_targets() -> dict[str, Target]:
    """Every named target, computed from the record."""
    years = Counter(e.defected_year for e in load_elites() if e.defected_year)
    out = {name: Target(name, float(sum(n for y, n in years.items() if a <= y <= b)),
                        Output("defections", "sum", a, b),
                        "record: elites.csv defected_year")
           for name, (a, b) in DEFECTION_WINDOWS.items()}
    for election in elections_with_results():
        if election["kind"] != "parliamentary" or not election["seats"]:
            continue
        year = int(election["dates"][0][:4])
        seats = [r["seats"] or 0 for r in election["results"] if r["contestant_type"] == "party"]
        name = f"dominant_seat_share_{year}"
        out[name] = Target(name, max(seats, default=0) / election["seats"],
                           Output("dominant_seat_share", "mean", year, year),
                           f"record: election_results.csv {election['id']}")
    return out


def choose_targets(fit: Sequence[str], available: Sequence[str] = RECORDED,
                   span: tuple[int, int] | None = None) -> tuple[list[Target], list[Target]]:
    """The fit targets (each must be simulated, inside the simulated ``span``) and the held-out
    ones (every other target whose indicator the model records inside the span)."""
    targets = record_targets()
    names = [t.strip() for part in fit for t in part.split(",") if t.strip()] or list(DEFAULT_FIT)
    for name in names:
        if name not in targets:
            raise InputError(f"unknown target {name!r}; targets: {', '.join(targets)}",
                             where="--targets")
        if targets[name].output.indicator not in available:
            raise InputError(f"target {name!r} needs indicator "
                             f"{targets[name].output.indicator!r}, which runs do not record yet",
                             where="--targets")
        check_span(targets[name].output, span, "--targets", name)
    held = [t for n, t in targets.items() if n not in names and t.output.indicator in available
            and inside(t.output, span)]
    return [targets[n] for n in names], held


@dataclass
class Calibration:
    """The outcome of :func:`calibrate`."""

    fitted: dict[str, float]
    posterior: pd.DataFrame  # one row per parameter: fitted (median), p5, p95, prior range
    targets: pd.DataFrame  # per target: role, observed, default, fitted, dist_*, source
    distance_fit: float
    distance_held: float
    runs: int


def n_runs(budget: int, replicates: int) -> int:
    """Model runs of a calibration: the prior sample, then default and fit on fresh seeds."""
    return (budget + 2) * replicates


def calibrate(base: Scenario, fs: Sequence[Factor], fit: Sequence[Target],
              held: Sequence[Target], executor: DaskExecutor, *, budget: int = 100,
              replicates: int = 2, accept: float = 0.1, seed: int = 0,
              on_done: Callable[[], None] | None = None) -> Calibration:
    """Rejection ABC of the factors ``fs`` against the ``fit`` targets."""
    if budget < 2 or not 0 < accept <= 1:
        raise InputError("needs --budget >= 2 and 0 < --accept <= 1", where="--budget")
    children = np.random.SeedSequence(seed).spawn(2 * replicates + 1)
    fit_seeds = [int(c.generate_state(1, np.uint32)[0]) for c in children[:replicates]]
    check_seeds = [int(c.generate_state(1, np.uint32)[0]) for c in children[replicates:-1]]
    unit = qmc.LatinHypercube(d=len(fs), seed=np.random.default_rng(children[-1])).random(budget)
    lo, hi = np.array([f.lo for f in fs]), np.array([f.hi for f in fs])
    x = lo + unit * (hi - lo)
    fit_outputs = [t.output for t in fit]
    y = ModelEvaluator(base, fs, fit_seeds, fit_outputs, executor, on_done)(x)
    dist = np.array([np.mean([t.distance(v) for t, v in zip(fit, row, strict=True)])
                     if np.all(np.isfinite(row)) else math.inf for row in y])
    keep = np.argsort(dist, kind="stable")[:max(1, int(round(accept * budget)))]
    accepted = x[keep]
    fitted = {f.name: _value(f, float(np.median(accepted[:, i]))) for i, f in enumerate(fs)}
    posterior = pd.DataFrame([{
        "parameter": f.name, "fitted": fitted[f.name],
        "p5": float(np.percentile(accepted[:, i], 5)),
        "p95": float(np.percentile(accepted[:, i], 95)),
        "prior": f"[{f.lo:g}, {f.hi:g}]"} for i, f in enumerate(fs)])
    every = [*fit, *held]
    point = np.array([[fitted[f.name] for f in fs]])
    outs = [t.output for t in every]
    default = ModelEvaluator(base, [], check_seeds, outs, executor, on_done)(np.zeros((1, 0)))[0]
    best = ModelEvaluator(base, fs, check_seeds, outs, executor, on_done)(point)[0]
    rows = [{"target": t.name, "role": "fit" if i < len(fit) else "held-out",
             "observed": t.observed, "default": float(d), "fitted": float(b),
             "dist_default": t.distance(d), "dist_fitted": t.distance(b),
             "source": t.source}
            for i, (t, d, b) in enumerate(zip(every, default, best, strict=True))]
    table = pd.DataFrame(rows)
    by_role = table.groupby("role")["dist_fitted"].mean()
    return Calibration(fitted, posterior, table, float(by_role.get("fit", math.nan)),
                       float(by_role.get("held-out", math.nan)), n_runs(budget, replicates))


def _value(f: Factor, v: float) -> float:
    return int(round(v)) if f.integer else round(v, 6)


def write_scenario(base: Scenario, fs: Sequence[Factor], result: Calibration,
                   path: Path) -> Scenario:
    """Write ``base`` with the fitted values as a scenario TOML file; returns it validated."""
    calibrated = scenario_at(base, fs, np.array([result.fitted[f.name] for f in fs]))
    calibrated = calibrated.model_copy(update={"name": f"{base.name}-calibrated"})
    header = "".join(
        f"# calibrated: {f.name} = {result.fitted[f.name]} (prior [{f.lo:g}, {f.hi:g}])\n"
        for f in fs) + (f"# mean distance: fit targets {result.distance_fit:.3f}, "
                        f"held-out {result.distance_held:.3f}\n")
    write_text(path, header + tomli_w.dumps(_drop_none(calibrated.model_dump(mode="json"))))
    return calibrated


def _drop_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_none(v) for v in value]
    return value
