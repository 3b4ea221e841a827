"""Endogenous institutions against history and against a random-timing null.

``run_changes`` runs replicates of a spec with ``institutions.endogenous`` on (the rule-set
calendar off) through the runner (seeds spawned from the root, as everywhere) and collects the
ruler's changes; ``compare`` sets them beside the historical changes
(``neopat.data.institutional_changes``) by option: how often and when the model chooses each,
and its timing error (years from each simulated change to the nearest historical change of the
same option). The null model keeps every run's changes but draws their years uniformly over the
run's period: if the mechanisms time changes no better than chance, the null's error is as small.
Episodes (runs of changes), the targets and the calibration live in ``episodes.py`` and take the
runs' changes from here.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from statistics import median

import numpy as np

from neopat.data.institutional_changes import historical_changes
from neopat.experiments.runner import RunResult, replicates, run
from neopat.model.formal.menu import OPTIONS
from neopat.model.formal.threat import CHANNELS
from neopat.scenarios.schema import Scenario
from neopat.scenarios.spec import RunSpec, prepare

NULL_DRAWS = 200  # random-timing draws per run (default)


@dataclass(frozen=True)
class OptionRow:
    option: str
    direction: str
    historical: list[int]
    runs_choosing: int
    runs: int
    first_years: list[int]
    error: float | None  # mean years to the nearest historical change, endogenous
    null_error: float | None  # the same under random timing
    p_null: float | None  # share of null draws at least as close as the model

    def as_dict(self) -> dict:
        return {**self.__dict__, "share_choosing": self.runs_choosing / self.runs}


def endogenous(base: RunSpec) -> RunSpec:
    """``base`` with the historical rule-set calendar off: the ruler designs the rules."""
    return prepare(base, values={"institutions.endogenous": True})


def changes_and_threats(result: RunResult) -> tuple[list[dict], list[dict]]:
    """A reducer for the runner: a run's institutional changes and yearly threats."""
    return result.changes, result.threats


def run_changes(base: RunSpec, runs: int, root: int = 0, executor: Executor | None = None,
                on_done: Callable[[], None] | None = None,
                seen: list[list[dict]] | None = None) -> list[list[dict]]:
    """The ruler's changes in each of ``runs`` replicates (seeds spawned from ``root``) of
    ``base`` in endogenous mode; the yearly threat diagnostics go to ``seen`` when a list is
    given."""
    found = run(replicates(endogenous(base), runs, root), executor, reduce=changes_and_threats,
                on_done=lambda *_: on_done and on_done())
    if seen is not None:
        seen.extend(threats for _, threats in found)
    return [changes for changes, _ in found]


def _error(years: list[int], targets: list[int]) -> float:
    return float(np.mean([min(abs(y - t) for t in targets) for y in years]))


def compare(scenario: Scenario, changes: list[list[dict]], root: int = 0,
            draws: int = NULL_DRAWS) -> tuple[list[OptionRow], dict]:
    """Per option: history, model and null; plus pooled totals over all matched changes."""
    history: dict[str, list[int]] = {}
    for c in historical_changes():
        history.setdefault(c.option, []).append(c.year)
    start, end = scenario.years.start, scenario.years.end
    rng = np.random.default_rng(np.random.SeedSequence([root, 1]))
    names = list(dict.fromkeys([*history, *(c["option"] for run in changes for c in run),
                                *OPTIONS]))  # every option on the menu, chosen or not
    rows = []
    pooled_model, pooled_null = [], []
    for name in names:
        per_run = [[c["year"] for c in run if c["option"] == name] for run in changes]
        chosen = [years for years in per_run if years]
        errors, nulls, beats = [], [], []
        if name in history and chosen:
            for years in chosen:
                err = _error(years, history[name])
                fake = rng.integers(start, end + 1, size=(draws, len(years)))
                null = np.array([_error(list(row), history[name]) for row in fake])
                errors.append(err)
                nulls.append(float(null.mean()))
                beats.append(float(np.mean(null <= err)))
            pooled_model.extend(errors)
            pooled_null.extend(nulls)
        rows.append(OptionRow(
            option=name, direction=OPTIONS[name].direction if name in OPTIONS else "?",
            historical=history.get(name, []), runs_choosing=len(chosen), runs=len(changes),
            first_years=sorted(years[0] for years in chosen),
            error=float(np.mean(errors)) if errors else None,
            null_error=float(np.mean(nulls)) if nulls else None,
            p_null=float(np.mean(beats)) if beats else None))
    total = {
        "runs": len(changes),
        "changes_per_run": float(np.mean([len(r) for r in changes])) if changes else 0.0,
        "restrictive_per_run": float(np.mean(
            [sum(c["direction"] == "restrictive" for c in r) for r in changes])) if changes else 0.0,
        "gestures_per_run": float(np.mean(
            [sum(c["direction"] == "gesture" for c in r) for r in changes])) if changes else 0.0,
        "historical_in_period": sum(1 for c in historical_changes() if start <= c.year <= end),
        "error": float(np.mean(pooled_model)) if pooled_model else None,
        "null_error": float(np.mean(pooled_null)) if pooled_null else None,
    }
    return rows, total


def first_year_summary(years: list[int]) -> str:
    if not years:
        return "-"
    if len(years) == 1:
        return str(years[0])
    return f"{median(years):.0f} ({min(years)}-{max(years)})"


def threat_summary(seen: list[list[dict]]) -> dict:
    """How threatened the ruler felt: each channel and the weighted threat, averaged over the
    runs' years, and the largest threat of a run (mean over runs); ``by_year``, per year and
    averaged over runs, the channels, the forecast hostile share (and the share of runs where it
    is zero) and the largest benefit of a change on the menu with its cost."""
    years = [y for run in seen for y in run]
    keys = ("threat", *CHANNELS)
    by_year: dict[int, dict[str, float]] = {}
    for year in sorted({y["year"] for y in years}):
        rows = [y for y in years if y["year"] == year]
        by_year[year] = {k: float(np.mean([y[k] for y in rows]))
                         for k in (*keys, "hostile_forecast", "benefit", "cost")}
        by_year[year]["zero_hostile"] = float(np.mean([y["hostile_forecast"] == 0 for y in rows]))
    return {"mean": {k: float(np.mean([y[k] for y in years])) if years else 0.0 for k in keys},
            "max_threat": float(np.mean([max(y["threat"] for y in run) for run in seen if run]))
            if any(seen) else 0.0, "by_year": by_year}
