"""The ensemble's overhead: a ``runs``-run ensemble of the reference scenario at 1:100 as
``neopat ensemble --out`` runs it (``run_ensemble``: the runner on the local Dask cluster with 2
worker processes, every run committed to a results store as it ends), against the same runs' CPU
time in process (the serial executor, results dropped).

The overhead is the CPU the ensemble spends in every process it uses — this one (client, scheduler,
store) and the cluster's (workers and nannies) — beyond the runs' in-process CPU time: the price
of pickling specs and results, scheduling, heartbeats and the store's writes. CPU seconds hold on
a loaded, shared machine where wall time does not; the wall time is reported beside it. Goal: at
most 15%.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import psutil

from benchmarks.core import Row, seconds
from neopat.experiments import runner
from neopat.experiments.ensemble import run_ensemble
from neopat.experiments.executor import DaskExecutor
from neopat.scenarios import prepare

RUNS = 1_000
ROOT = 11
GOAL = 0.15  # at most 15% more CPU than the same runs in process


def _cpu() -> float:
    """CPU seconds of this process and every process it started (the cluster's)."""
    me = psutil.Process()
    total = 0.0
    for proc in (me, *me.children(recursive=True)):
        try:
            t = proc.cpu_times()
            total += t.user + t.system
        except psutil.Error:
            pass
    return total


def _work(result) -> int:
    return len(result.years)  # what travels back: a small number, as a reducer's would


def measure(runs: int, scale: float, years: str, processes: bool) -> dict[str, float]:
    """In-process CPU of the runs, and the ensemble's CPU and wall time on 2 workers."""
    design = prepare("kazakhstan", scale=scale, years=years)
    specs = runner.replicates(design, runs, ROOT)
    runner.run(specs[:1], reduce=_work)  # warm caches and the JIT
    c0 = time.process_time()
    runner.run(specs, reduce=_work)
    serial = time.process_time() - c0
    dask = DaskExecutor(workers=2, processes=processes)
    with dask as ex, tempfile.TemporaryDirectory() as tmp:
        dask.client.run(runner.execute, specs[0])  # warm every worker's caches and JIT
        c0, w0 = _cpu(), time.perf_counter()
        run_ensemble(design, runs, ROOT, ex, out=Path(tmp) / "e.duckdb")
        cpu, wall = _cpu() - c0, time.perf_counter() - w0
    return {"serial": serial, "cpu": cpu, "wall": wall}


def run(quick: bool = False, runs: int = RUNS) -> list[Row]:
    if quick:
        scale, years, runs, processes = 0.0005, "1990:1993", 4, False
    else:
        scale, years, processes = 0.01, "1990:2008", True
    m = measure(runs, scale, years, processes)
    overhead = m["cpu"] / m["serial"] - 1
    where = "worker threads (quick)" if not processes else "2 worker processes"
    return [
        Row("ensemble", f"overhead: a {runs:,}-run ensemble at scale {scale:g} on 2 workers "
            "into a store, against the same runs in process", f"<= {GOAL:.0%}",
            f"{seconds(m['cpu'])} vs {seconds(m['serial'])} CPU", m["serial"] / m["cpu"],
            goal=1 / (1 + GOAL),
            note=f"overhead {overhead:+.1%} against the {GOAL:.0%} goal; ratio = in-process CPU "
                 f"/ ensemble CPU (every process), {where}"),
        Row("ensemble", f"wall time of the {runs:,} runs on 2 workers", "info (2 cores)",
            seconds(m["wall"]), note=f"{seconds(m['wall'] / runs)} per run; in-process CPU "
                                     f"{seconds(m['serial'] / runs)} per run"),
    ]
