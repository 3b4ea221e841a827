"""Ensembles of the reference scenario at 1:100 scale on the local Dask cluster (the same
executor as ``neopat ensemble``): the full ensemble on 2 workers, and the speed-up from 1 to 2
workers on a subset."""

from __future__ import annotations

import time

from benchmarks.core import Row, seconds
from benchmarks.scenario import reference
from neopat.experiments.executor import DaskExecutor
from neopat.experiments.runner import run_one, spawn_seeds

RUNS = 1_000
SPEEDUP_RUNS = 40


def ensemble_time(runs: int, workers: int, scale: float, years, processes: bool) -> float:
    """Wall seconds for ``runs`` runs on ``workers`` workers (cluster start-up excluded)."""
    sc = reference(scale, years)
    calls = [(sc, seed) for seed in spawn_seeds(runs, root=11)]
    with DaskExecutor(workers=workers, processes=processes) as ex:
        ex.map(run_one, calls[:workers], lambda *_: None)  # warm every worker
        start = time.perf_counter()
        ex.map(run_one, calls, lambda *_: None)
        return time.perf_counter() - start


def run(quick: bool = False, runs: int = RUNS) -> list[Row]:
    if quick:
        scale, years, runs, sub, processes = 0.0005, (1990, 1993), 4, 4, False
    else:
        scale, years, sub, processes = 0.01, (1990, 2008), min(SPEEDUP_RUNS, runs), True
    one = ensemble_time(sub, 1, scale, years, processes)
    two = ensemble_time(sub, 2, scale, years, processes)
    full = two if runs == sub else ensemble_time(runs, 2, scale, years, processes)
    where = "worker threads (quick)" if not processes else "worker processes"
    return [
        Row("ensemble", f"{runs:,} runs at scale {scale:g}, 2 workers", "5 min" if not quick else "info",
            seconds(full), note=f"{where}; {seconds(full / runs)} per run"),
        Row("ensemble", f"speed-up 1 -> 2 workers ({sub} runs)", "info (2 cores)",
            f"{seconds(one)} -> {seconds(two)}", one / two,
            note="speed-up is bounded by 2 cores shared with other work"),
    ]
