"""ABC-SMC of a few parameters against the in-sample facts (pyabc; Toni et al. 2009, Beaumont
et al. 2009), and what is read off its posterior: medians, contraction, predictive coverage.

The prior is uniform over each parameter's range; a particle is simulated on a small ensemble of
common seeds by :func:`neopat.validation.calibration.simulate`, whose runs are mapped over the
project's executor. pyabc's own parallel samplers reseed every worker from the operating
system's entropy (``pyabc.sampler.eps_mixin``, ``mapping``), so a calibration made with them
cannot be repeated; particles are therefore proposed by ``SingleCoreSampler`` in this process
and only the model runs are parallel. pyabc proposes with numpy's global generator: it is seeded
from ``seed`` for the calibration and restored afterwards, so the result is reproducible from
the seed and no other code's draws are disturbed.
"""

from __future__ import annotations

import logging
import random
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from neopat.errors import InputError
from neopat.experiments.sensitivity import Factor
from neopat.scenarios.spec import RunSpec
from neopat.validation.calibration import Target, distance, distances, simulate

MIN_ACCEPTANCE = 0.1  # a population stops at population / MIN_ACCEPTANCE simulations


@dataclass
class Posterior:
    """Weighted particles (one column per parameter and ``weight``) and their priors."""

    fs: list[Factor]
    particles: pd.DataFrame
    epsilons: list[float]
    simulations: int

    @property
    def names(self) -> list[str]:
        return [f.name for f in self.fs]

    def medians(self) -> dict[str, float]:
        """Weighted posterior medians (integers rounded)."""
        return {f.name: _value(f, _quantile(self.particles[f.name], self.weights, 0.5))
                for f in self.fs}

    @property
    def weights(self) -> np.ndarray:
        w = self.particles["weight"].to_numpy(dtype=float)
        return w / w.sum()

    def summary(self) -> pd.DataFrame:
        """Per parameter: prior range, posterior median, 5% and 95% quantiles and contraction
        (1 - posterior variance / prior variance: 0 learnt nothing, 1 pinned down)."""
        rows = []
        for f in self.fs:
            x, w = self.particles[f.name].to_numpy(dtype=float), self.weights
            var = float(np.sum(w * (x - np.sum(w * x)) ** 2))
            rows.append({"parameter": f.name, "prior_lo": f.lo, "prior_hi": f.hi,
                         "median": self.medians()[f.name],
                         "p5": _quantile(x, w, 0.05), "p95": _quantile(x, w, 0.95),
                         "contraction": 1 - var / ((f.hi - f.lo) ** 2 / 12)})
        return pd.DataFrame(rows)

    def draw(self, n: int, seed: int) -> np.ndarray:
        """``n`` parameter vectors resampled by weight (rows, columns as :attr:`names`)."""
        rng = np.random.default_rng(seed)
        index = rng.choice(len(self.particles), size=n, p=self.weights)
        return self.particles[self.names].to_numpy(dtype=float)[index]


def _quantile(x, w: np.ndarray, q: float) -> float:
    x = np.asarray(x, dtype=float)
    order = np.argsort(x, kind="stable")
    cumulative = np.cumsum(w[order])
    return float(x[order][min(np.searchsorted(cumulative, q * cumulative[-1]), len(x) - 1)])


def _value(f: Factor, v: float) -> float:
    return int(round(v)) if f.integer else float(v)


@contextmanager
def _seeded_global_rng(seed: int):
    """Seed numpy's and Python's global generators (pyabc draws from them); restore after."""
    saved_np, saved_py = np.random.get_state(), random.getstate()
    np.random.seed(seed % 2**32)
    random.seed(seed)
    try:
        yield
    finally:
        np.random.set_state(saved_np)
        random.setstate(saved_py)


def abc_smc(base: RunSpec, fs: Sequence[Factor], targets: Sequence[Target],
            seeds: Sequence[int], executor: Executor | None = None, *, population: int,
            budget: int, generations: int, seed: int,
            on_done: Callable[[], None] | None = None) -> Posterior:
    """ABC-SMC of ``fs`` (uniform priors over their ranges) on the mean standardised distance
    to ``targets``; stops after ``generations`` populations, once ``budget`` particles have
    been simulated (checked between populations), or when a population would need more than
    ``1 / MIN_ACCEPTANCE`` simulations per particle (that population is dropped).
    The sqlite history lives in a temporary folder."""
    import pyabc

    logging.getLogger("ABC").setLevel(logging.WARNING)
    logging.getLogger("pyabc").setLevel(logging.WARNING)
    fs = list(fs)
    keys = [t.fact for t in targets]
    prior = pyabc.Distribution(**{f.name: pyabc.RV("uniform", f.lo, f.hi - f.lo) for f in fs})

    def model(par) -> dict[str, float]:
        row = np.array([[par[f.name] for f in fs]])
        return dict(zip(keys, simulate(base, fs, row, seeds, executor, on_done)[0], strict=True))

    def dist(x: dict, _x0: dict) -> float:
        return float(distance(np.array([x[k] for k in keys]), targets))

    observed = {t.fact: t.value for t in targets}
    with tempfile.TemporaryDirectory() as tmp, _seeded_global_rng(seed):
        abc = pyabc.ABCSMC(model, prior, dist, population_size=population,
                           sampler=pyabc.sampler.SingleCoreSampler(check_max_eval=True))
        abc.new(f"sqlite:///{Path(tmp) / 'abc.db'}", observed)
        history = abc.run(max_nr_populations=generations, max_total_nr_simulations=budget,
                          min_acceptance_rate=MIN_ACCEPTANCE)
        if history.max_t < 0:
            raise InputError(
                "ABC-SMC completed no population: its first needed more "
                f"than {round(1 / MIN_ACCEPTANCE)} simulations per particle to accept "
                f"{population}; raise --population or --ensemble, or calibrate fewer "
                "--parameters", where="calibrate-history")
        frame, weights = history.get_distribution(m=0)
        epsilons = [float(e) for e in history.get_all_populations()["epsilon"] if np.isfinite(e)]
        simulations = int(history.total_nr_simulations)
    particles = frame[[f.name for f in fs]].reset_index(drop=True)
    particles["weight"] = np.asarray(weights, dtype=float)
    return Posterior(fs, particles, epsilons, simulations)


def coverage(base: RunSpec, post: Posterior, targets: Sequence[Target], seeds: Sequence[int],
             draws: int, seed: int, executor: Executor | None = None,
             on_done: Callable[[], None] | None = None) -> pd.DataFrame:
    """In-sample posterior-predictive check: ``draws`` parameter vectors from the posterior,
    each simulated on fresh ``seeds``; per fact the 5-95% range of its statistic, and the share
    of draws that put it inside its band (standardised distance at most 1)."""
    stats = simulate(base, post.fs, post.draw(draws, seed), seeds, executor, on_done)
    inside = distances(stats, targets) <= 1
    rows = []
    for k, t in enumerate(targets):
        finite = stats[:, k][np.isfinite(stats[:, k])]
        lo, hi = np.percentile(finite, [5, 95]) if len(finite) else (np.nan, np.nan)
        rows.append({"fact": t.fact, "target": t.value, "p5": float(lo), "p95": float(hi),
                     "covers_target": bool(lo <= t.value <= hi),
                     "inside_share": float(inside[:, k].mean())})
    return pd.DataFrame(rows)
