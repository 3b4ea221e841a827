"""Episodes of institutional change: the record's and the model's, counted and timed alike, and
the calibration of the threat weights on the pre-2000 episodes only (ODD §7.12).

An *episode* is a run of changes at most ``institutions.episode_gap`` years apart (single
linkage on the years: a change more than the gap after the previous one opens a new episode);
its year is its first change's. The record's episodes come from
``data/kazakhstan/institutional_changes.toml`` restricted to the simulated period, the model's
from each run's ``institutions.changes``, by the same function. Episodes opening in 2000 or
earlier are *in-sample* (as the facts of §9), later ones *held out*.

Timing error is the symmetric mean distance between a run's episode years and the record's in
the same window (each side's mean distance to the nearest year on the other side, averaged),
each distance capped at ``CAP`` years as in the wave timing of §9
(``neopat.validation.nulls``); a run without an episode in the window scores the cap. The
random-timing null keeps each run's number of held-out episodes and draws their years uniformly
over the held-out window; ``p`` is the share of null ensembles whose pooled error is at most the
model's.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from neopat.data.institutional_changes import historical_changes
from neopat.scenarios.schema import Scenario
from neopat.scenarios.spec import RunSpec, prepare

IN_SAMPLE_END = 2000  # episodes opening in this year or earlier are in-sample: the year of
# validation.facts.IN_SAMPLE_UNTIL, which this layer cannot import (a test keeps them equal)
CAP = 6.0  # years: the largest timing error a run can score (as the wave timing of §9)
NULL_DRAWS = 1000  # random-timing ensembles (default)
TARGET_KINDS = 3  # the target: at least this many kinds of change in a run

Changes = list[list[dict]]  # per run, the ruler's changes ({"year", "option", ...})


def episodes(years: Iterable[int], gap: int) -> list[tuple[int, int]]:
    """(first, last) year of each episode among ``years``."""
    out: list[list[int]] = []
    for year in sorted(years):
        if out and year - out[-1][1] <= gap:
            out[-1][1] = year
        else:
            out.append([year, year])
    return [(a, b) for a, b in out]


def record_episodes(scenario: Scenario) -> list[tuple[int, int]]:
    """The record's episodes within the scenario's years."""
    years = scenario.years
    return episodes((c.year for c in historical_changes() if years.start <= c.year <= years.end),
                    scenario.institutions.episode_gap)


def timing_error(model: Sequence[int], record: Sequence[int], cap: float = CAP) -> float:
    """Symmetric mean distance between two sets of years, each distance capped at ``cap``;
    ``cap`` if either is empty."""
    if not model or not record:
        return cap
    m, r = np.asarray(model, dtype=float), np.asarray(record, dtype=float)
    d = np.minimum(np.abs(m[:, None] - r[None, :]), cap)
    return float(0.5 * (d.min(axis=1).mean() + d.min(axis=0).mean()))


def _windows(scenario: Scenario) -> dict[str, tuple[int, int]]:
    start, end = scenario.years.start, scenario.years.end
    return {"in_sample": (start, min(end, IN_SAMPLE_END)), "held_out": (IN_SAMPLE_END + 1, end)}


def _starts(eps: list[tuple[int, int]], window: tuple[int, int]) -> list[int]:
    return [a for a, _ in eps if window[0] <= a <= window[1]]


@dataclass(frozen=True)
class Window:
    """One window's record, the model's episodes per run and their timing error."""

    record: list[int]
    episodes_per_run: float
    error: float  # mean over runs
    by_year: dict[int, int]  # episodes opening in each year, over the runs
    runs_without: int  # runs opening no episode in the window
    null_error: float | None = None
    p_null: float | None = None


def window_score(record: list[int], starts: list[list[int]]) -> Window:
    errors = [timing_error(s, record) for s in starts]
    return Window(record=record, episodes_per_run=float(np.mean([len(s) for s in starts])),
                  error=float(np.mean(errors)),
                  by_year=dict(sorted(Counter(y for s in starts for y in s).items())),
                  runs_without=sum(1 for s in starts if not s))


def null_test(record: list[int], starts: list[list[int]], window: tuple[int, int],
              rng: np.random.Generator, draws: int = NULL_DRAWS) -> tuple[float, float]:
    """(mean pooled error, p) of the random-timing null against the model's pooled error."""
    model = float(np.mean([timing_error(s, record) for s in starts]))
    pooled = np.empty(draws)
    for d in range(draws):
        fake = [list(rng.integers(window[0], window[1] + 1, size=len(s))) for s in starts]
        pooled[d] = np.mean([timing_error(f, record) for f in fake])
    return float(pooled.mean()), float(np.mean(pooled <= model))


def assess(scenario: Scenario, changes: Changes, root: int = 0,
           draws: int = NULL_DRAWS) -> dict:
    """Episodes of the model against the record's: count, kinds of change, timing in-sample
    and held out (the latter against the random-timing null)."""
    gap = scenario.institutions.episode_gap
    record = record_episodes(scenario)
    runs = [episodes((c["year"] for c in run), gap) for run in changes]
    span = (scenario.years.start, scenario.years.end)
    kinds = [len({c["option"] for c in run}) for run in changes]
    out = {"episode_gap": gap, "record": [list(e) for e in record],
           "record_episodes": len(record),
           "episodes_per_run": float(np.mean([len(_starts(r, span)) for r in runs])),
           "kinds_per_run": float(np.mean(kinds)),
           "share_runs_3_kinds": float(np.mean([k >= TARGET_KINDS for k in kinds])),
           "episode_years": [[a for a, _ in r] for r in runs]}
    rng = np.random.default_rng(np.random.SeedSequence([root, 2]))
    for name, window in _windows(scenario).items():
        rec = _starts(record, window)
        starts = [_starts(r, window) for r in runs]
        score = window_score(rec, starts)
        if name == "held_out" and rec and window[0] <= window[1]:
            null, p = null_test(rec, starts, window, rng, draws)
            score = dataclasses.replace(score, null_error=null, p_null=p)
        out[name] = score.__dict__
    ratio = out["episodes_per_run"] / out["record_episodes"] if record else None
    out["ratio_to_record"] = ratio
    return out


def in_sample_loss(scenario: Scenario, changes: Changes) -> float:
    """The calibration's loss on pre-2000 episodes only: mean timing error plus the gap between
    the mean episode count and the record's."""
    gap = scenario.institutions.episode_gap
    window = _windows(scenario)["in_sample"]
    record = _starts(record_episodes(scenario), window)
    starts = [_starts(episodes((c["year"] for c in run), gap), window) for run in changes]
    score = window_score(record, starts)
    return score.error + abs(score.episodes_per_run - len(record))


WEIGHTS = ("threat_vote", "threat_elite", "threat_legislature")
GRID = (0.25, 0.5, 1.0, 2.0, 4.0)  # levels of each threat weight (default grid)


def calibrate(base: RunSpec, run: Callable[[RunSpec], Changes],
              grid: Sequence[float] = GRID) -> list[dict]:
    """Score every combination of ``grid`` levels of the three threat weights on the pre-2000
    episodes (``run`` runs a spec and returns each run's changes); best first."""
    rows = []
    for levels in itertools.product(grid, repeat=len(WEIGHTS)):
        weights = dict(zip(WEIGHTS, levels, strict=True))
        point = prepare(base, values={f"institutions.{w}": v for w, v in weights.items()})
        rows.append({**weights, "loss": in_sample_loss(point.scenario, run(point))})
    return sorted(rows, key=lambda r: (r["loss"], *(r[w] for w in WEIGHTS)))


def standing(scenario: Scenario, rows: Sequence[dict]) -> dict:
    """Where the scenario's own threat weights stand among the scored ``rows`` (best first):
    their loss and rank, or None for both when they are not a grid point; and how many points
    tie with the best (the sort takes the smallest weights among them)."""
    cfg = scenario.institutions
    weights = {w: getattr(cfg, w) for w in WEIGHTS}
    rank = next((i for i, r in enumerate(rows, 1) if all(r[w] == v for w, v in weights.items())),
                None)
    best = rows[0]["loss"] if rows else None
    return {**weights, "loss": rows[rank - 1]["loss"] if rank else None, "rank": rank,
            "tied_best": sum(1 for r in rows if r["loss"] == best)}
