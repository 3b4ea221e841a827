"""Null models for the timing of the defection waves.

The thesis dates three waves, 1998, 2001 and 2004 (seed:7933-7939). A run's *timing error* is
the symmetric mean distance between its wave years (defectors from two factions or more in a
year) and those three, each distance capped at ``CAP`` years (a run without waves scores
``CAP``). The model's error (its mean over an ensemble) is compared with two nulls:

* **permutation**: the same model with the elites' attributes (entry year, faction with kinship,
  resource base, offices held at entry) permuted among them, each attribute independently; as
  many permuted runs as replicates form a pool, and one replicate is the mean error of an
  ensemble the size of the model's, drawn from the pool with replacement (a bootstrap of the
  null ensemble's mean: the same statistic as the model's, not a single run's);
* **dynamics-free**: each elite defects with a yearly hazard taken from the dated inputs alone
  (the number of scheduled inputs that year: elections, rule sets, privatisation stages,
  newcomers), scaled so that the expected number of defections equals the model's mean; one
  replicate is an ensemble of as many null histories as the model has runs.

The waves beat a null when fewer than 5% of its replicates time them as well: ``p`` is the
share of replicates whose error is at most the model's.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, replace

import numpy as np

from neopat.experiments.runner import RunResult, build_model, replicates, run, spawn_seeds
from neopat.model.population import StartingState, starting_state
from neopat.scenarios.schema import Scenario
from neopat.scenarios.spec import RunSpec
from neopat.validation.facts import wave_years

RECORD_WAVES = (1998, 2001, 2004)  # seed:7933-7939
CAP = 6.0  # years: the error of a missing wave, and the most one wave can cost
PERMUTED = ("entry_year", "faction", "resource_base", "offices")


def timing_error(waves: Sequence[int], record: Sequence[int] = RECORD_WAVES) -> float:
    """Symmetric mean distance (years, capped) between simulated and recorded wave years."""
    if not waves:
        return CAP
    to_record = np.mean([min(CAP, min(abs(r - w) for w in waves)) for r in record])
    to_waves = np.mean([min(CAP, min(abs(w - r) for r in record)) for w in waves])
    return float((to_record + to_waves) / 2)


def ensemble_error(runs: Sequence[RunResult]) -> float:
    return float(np.mean([timing_error(wave_years(r)) for r in runs]))


@dataclass
class NullResult:
    name: str
    model_error: float
    null_errors: list[float]

    @property
    def p(self) -> float:
        """Share of null replicates timing the waves at least as well as the model."""
        return float(np.mean([e <= self.model_error for e in self.null_errors]))

    def as_dict(self) -> dict:
        return {"null": self.name, "model_error": self.model_error,
                "null_mean_error": float(np.mean(self.null_errors)),
                "replicates": len(self.null_errors), "p": self.p}


# -- permutation --------------------------------------------------------------------------------
def permuted(state: StartingState, rng: np.random.Generator) -> StartingState:
    """The starting state with each attribute in ``PERMUTED`` shuffled among the elites
    (faction and kinship move together: kin belong to the family factions)."""
    elites = state.elites
    out = [replace(e) for e in elites]
    for attr in PERMUTED:
        order = rng.permutation(len(elites))
        for target, source in zip(out, order, strict=True):
            setattr(target, attr, getattr(elites[source], attr))
            if attr == "faction":
                target.kin = elites[source].kin
    return replace(state, elites=out)


def permutation_run(spec: RunSpec) -> RunResult:
    """One run from a permuted starting state: the state, the permutation and the run each
    draw from a seed spawned from the spec's."""
    state_seed, shuffle_seed, run_seed = spawn_seeds(3, spec.seed)
    state = starting_state(spec.scenario, np.random.default_rng(state_seed))
    model = build_model(spec.with_seed(run_seed),
                        state=permuted(state, np.random.default_rng(shuffle_seed))).run()
    return RunResult.from_model(model, spec.seed)


def run_timing(result: RunResult) -> float:
    """A reducer for the runner: a run's timing error."""
    return timing_error(wave_years(result))


def permutation_null(spec: RunSpec, runs: Sequence[RunResult], replicates_: int,
                     root: int = 1, executor: Executor | None = None) -> NullResult:
    pool = np.array(run(replicates(spec, replicates_, root), executor, task=permutation_run,
                        reduce=run_timing), dtype=float)
    rng = np.random.default_rng(np.random.SeedSequence(root))
    means = rng.choice(pool, size=(replicates_, len(runs))).mean(axis=1)
    return NullResult("permutation", ensemble_error(runs), [float(e) for e in means])


# -- dynamics-free -------------------------------------------------------------------------------
def input_intensity(scenario: Scenario) -> dict[int, int]:
    """Dated inputs per year: all the null knows."""
    counts = dict.fromkeys(range(scenario.years.start, scenario.years.end + 1), 0)
    for inp in scenario.inputs:
        if inp.year in counts:
            counts[inp.year] += 1
    return counts


def _expected_total(scale: float, entries: np.ndarray, years: np.ndarray,
                    intensity: np.ndarray) -> float:
    at_risk = years[None, :] >= entries[:, None]
    survive = np.exp(-scale * (intensity[None, :] * at_risk).sum(axis=1))
    return float((1.0 - survive).sum())


def dynamics_free_null(scenario: Scenario, runs: Sequence[RunResult], replicates: int,
                       root: int = 1) -> NullResult:
    """Defections drawn from an input-only hazard with the model's mean total."""
    state = starting_state(scenario, np.random.default_rng(0))
    entries = np.array([e.entry_year for e in state.elites])
    factions = [e.faction for e in state.elites]
    counts = input_intensity(scenario)
    years = np.array(sorted(counts))
    intensity = np.array([counts[y] for y in years], dtype=float)
    target = float(np.mean([sum(1 for e in r.events if e["mechanism"] == "defection")
                            for r in runs]))
    lo, hi = 0.0, 50.0
    for _ in range(60):  # bisection: expected defections = the model's mean
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if _expected_total(mid, entries, years, intensity) < target else (lo, mid)
    hazard = 1.0 - np.exp(-lo * intensity)
    rng = np.random.default_rng(np.random.SeedSequence(root))
    errors = []
    for _ in range(replicates):
        per_run = []
        for _ in range(len(runs)):
            by_year: dict[int, set[str]] = {}
            draws = rng.random((len(entries), len(years)))
            for i, entry in enumerate(entries):
                hit = np.flatnonzero((years >= entry) & (draws[i] < hazard))
                if len(hit):
                    by_year.setdefault(int(years[hit[0]]), set()).add(factions[i])
            per_run.append(timing_error(sorted(y for y, f in by_year.items() if len(f) >= 2)))
        errors.append(float(np.mean(per_run)))
    return NullResult("dynamics-free", ensemble_error(runs), errors)


def both(spec: RunSpec, runs: Sequence[RunResult], replicates_: int,
         executor: Executor | None = None) -> list[NullResult]:
    return [permutation_null(spec, runs, replicates_, executor=executor),
            dynamics_free_null(spec.scenario, runs, replicates_)]
