"""Global sensitivity analysis with SALib: Sobol first/total-order indices with confidence
intervals, grouped Sobol by tier (informal versus formal) and by catalogue group, and Morris
screening (mu*, sigma).

The grouped indices measure the thesis' claim that the informal takes precedence over the
formal (seed:2326-2334): a group's first-order index is the share of an output's variance
explained by its parameters alone, its total-order index that share with all interactions.
A stochastic model is evaluated at every sample point with the same replicate seeds (common
random numbers) and the replicate mean is analysed.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass

import numpy as np
import pandas as pd
from SALib.analyze import morris as morris_analyze
from SALib.analyze import sobol as sobol_analyze
from SALib.sample import morris as morris_sample
from SALib.sample import sobol as sobol_sample

from neopat.errors import InputError
from neopat.experiments.outputs import Output, OutputValues
from neopat.experiments.runner import run
from neopat.scenarios.catalogue import TIERS, ParamInfo
from neopat.scenarios.loader import parameter_catalogue
from neopat.scenarios.schema import Scenario
from neopat.scenarios.spec import RunSpec, prepare

RANGE_FACTOR = 2.0  # default range of an unbounded parameter: default / 2 to default * 2

Evaluate = Callable[[np.ndarray], np.ndarray]  # samples (n, d) -> outputs (n, k)


@dataclass(frozen=True)
class Factor:
    """A parameter varied by an analysis, with its range, catalogue group and tier."""

    name: str
    lo: float
    hi: float
    group: str = ""
    tier: str = "informal"
    integer: bool = False


def _numeric(info: ParamInfo) -> bool:
    """A numeric parameter of the regime (the numerical tier, e.g. scale, is never a factor)."""
    return (info.type != "bool" and info.tier != "numerical"
            and any(t in info.type.split(" | ") for t in ("float", "int")))


def default_range(info: ParamInfo) -> tuple[float, float] | None:
    """The catalogue range when it spans at most 1 (shares, probabilities), else the default
    halved and doubled (a negative one doubled and halved; zero: one unit either side) within
    the catalogue bounds; None when neither is defined."""
    lo, hi = info.lo, info.hi
    if lo is not None and hi is not None and hi - lo <= 1:
        return float(lo), float(hi)
    if not isinstance(info.default, (int, float)) or isinstance(info.default, bool):
        return None
    d = float(info.default)
    a, b = sorted((d / RANGE_FACTOR, d * RANGE_FACTOR)) if d else (-1.0, 1.0)
    a, b = max(a, lo if lo is not None else a), min(b, hi if hi is not None else b)
    return (a, b) if b > a else None


def factors(specs: Sequence[str] = ()) -> list[Factor]:
    """Factors from ``name`` or ``name=lo:hi`` specs; none given: every numeric catalogue
    parameter with a default range, except those the catalogue declares inert (no output of a
    run shows them)."""
    known = {p.name: p for p in parameter_catalogue()}
    if not specs:
        chosen = [(p, default_range(p)) for p in known.values() if _numeric(p) and not p.inert]
        return [_factor(p, r) for p, r in chosen if r is not None]
    out = []
    for spec in (s.strip() for part in specs for s in part.split(",") if s.strip()):
        name, _, rng = spec.partition("=")
        info = known.get(name)
        if info is not None and info.tier == "numerical":
            raise InputError(f"{name!r} is a numerical setting of the simulation, not a "
                             "parameter of the regime: it is kept out of sensitivity and "
                             "calibration", where="--params")
        if info is None or not _numeric(info):
            raise InputError(f"{name!r} is not a numeric catalogue parameter", where="--params")
        if rng:
            try:
                lo, hi = (float(x) for x in rng.split(":"))
            except ValueError as exc:
                raise InputError(f"expected name=LO:HI, got {spec!r}", where="--params") from exc
            bounds = (lo, hi)
        else:
            bounds = default_range(info)
        if bounds is None or not bounds[0] < bounds[1]:
            raise InputError(f"{name}: give a range name=LO:HI", where="--params")
        if (info.lo is not None and bounds[0] < info.lo) or (info.hi is not None
                                                            and bounds[1] > info.hi):
            raise InputError(f"{name}: range {bounds[0]}:{bounds[1]} leaves the catalogue "
                             f"range [{info.lo}, {info.hi}]", where="--params")
        out.append(_factor(info, bounds))
    if len({f.name for f in out}) != len(out):
        raise InputError("a parameter is given twice", where="--params")
    return out


def _factor(info: ParamInfo, bounds: tuple[float, float]) -> Factor:
    return Factor(info.name, bounds[0], bounds[1], info.group, info.tier,
                  integer="int" in info.type.split(" | "))


def problem(fs: Sequence[Factor], groups: Sequence[str] | None = None) -> dict:
    spec = {"num_vars": len(fs), "names": [f.name for f in fs],
            "bounds": [[f.lo, f.hi] for f in fs]}
    if groups is not None:
        spec["groups"] = list(groups)
    return spec


def sobol_runs(n: int, d: int) -> int:
    """Model evaluations of a Sobol analysis (first and total order) of ``d`` factors."""
    return n * (d + 2)


def morris_runs(trajectories: int, d: int) -> int:
    return trajectories * (d + 1)


def sobol(fs: Sequence[Factor], evaluate: Evaluate, labels: Sequence[str], n: int, *,
          groups: Sequence[str] | None = None, seed: int = 0, conf: float = 0.95
          ) -> pd.DataFrame:
    """Sobol indices (one row per output and factor, or per group when ``groups`` labels
    each factor): S1, ST and their ``conf`` confidence half-widths."""
    prob = problem(fs, groups)
    x = sobol_sample.sample(prob, n, calc_second_order=False, seed=seed)
    y = np.asarray(evaluate(x), dtype=float).reshape(len(x), -1)
    names = list(dict.fromkeys(groups)) if groups is not None else prob["names"]
    rows = []
    for k, label in enumerate(labels):
        column = y[:, k]
        if not np.all(np.isfinite(column)) or column.std() == 0:
            si = {key: [math.nan] * len(names) for key in ("S1", "S1_conf", "ST", "ST_conf")}
        else:
            si = sobol_analyze.analyze(prob, column, calc_second_order=False,
                                       conf_level=conf, seed=seed + 1)
        for i, name in enumerate(names):
            rows.append({"output": label, "name": name,
                         **{key: float(si[key][i]) for key in ("S1", "S1_conf", "ST", "ST_conf")}})
    return pd.DataFrame(rows)


def morris(fs: Sequence[Factor], evaluate: Evaluate, labels: Sequence[str], trajectories: int,
           *, levels: int = 4, seed: int = 0) -> pd.DataFrame:
    """Morris elementary effects: mu*, its confidence half-width, mu and sigma; rows sorted by
    mu* within each output (rank 1 = most influential)."""
    prob = problem(fs)
    x = morris_sample.sample(prob, trajectories, num_levels=levels, seed=seed)
    y = np.asarray(evaluate(x), dtype=float).reshape(len(x), -1)
    frames = []
    for k, label in enumerate(labels):
        si = morris_analyze.analyze(prob, x, y[:, k], num_levels=levels, seed=seed + 1)
        frame = pd.DataFrame({"output": label, "name": prob["names"],
                              "mu_star": si["mu_star"], "mu_star_conf": si["mu_star_conf"],
                              "mu": si["mu"], "sigma": si["sigma"]})
        frame = frame.sort_values("mu_star", ascending=False, kind="stable")
        frame.insert(2, "rank", range(1, len(frame) + 1))
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def scenario_at(base: Scenario, fs: Sequence[Factor], row: np.ndarray) -> Scenario:
    """``base`` with each factor set to its value in ``row`` (integers rounded)."""
    data = base.model_dump()
    for f, value in zip(fs, row, strict=True):
        node = data
        *parents, leaf = f.name.split(".")
        for part in parents:
            node = node[part]
        node[leaf] = int(round(value)) if f.integer else float(value)
    return Scenario.model_validate(data)


def point_spec(base: RunSpec, fs: Sequence[Factor], row: np.ndarray) -> RunSpec:
    """``base`` with each factor set to its value in ``row`` (integers rounded)."""
    return prepare(base, values={f.name: int(round(v)) if f.integer else float(v)
                                 for f, v in zip(fs, row, strict=True)})


class ModelEvaluator:
    """Evaluates the model at sample points through the runner: ``evaluator(x) -> y``, each
    point's outputs averaged over the replicate ``seeds`` (common random numbers);
    ``on_done()`` after every run."""

    def __init__(self, base: RunSpec, fs: Sequence[Factor], seeds: Sequence[int],
                 outputs: Sequence[Output], executor: Executor | None = None,
                 on_done: Callable[[], None] | None = None):
        self.base, self.fs, self.seeds, self.outputs = base, list(fs), list(seeds), list(outputs)
        self.executor, self.on_done = executor, on_done

    def __call__(self, x: np.ndarray) -> np.ndarray:
        specs = [point_spec(self.base, self.fs, row).with_seed(seed)
                 for row in x for seed in self.seeds]
        values = np.asarray(run(specs, self.executor, reduce=OutputValues(tuple(self.outputs)),
                                on_done=lambda *_: self.on_done and self.on_done()),
                            dtype=float).reshape(len(x), len(self.seeds), len(self.outputs))
        with np.errstate(all="ignore"):
            means = np.nanmean(values, axis=1)
        return np.where(np.isfinite(values).any(axis=1), means, math.nan)


def tier_groups(fs: Sequence[Factor]) -> tuple[list[str], list[str]]:
    """Each factor's tier, and the tiers with no factor among ``fs`` (reported as empty)."""
    tiers = [f.tier for f in fs]
    return tiers, [t for t in TIERS if t not in tiers]
