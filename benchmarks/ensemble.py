"""The ensemble's overhead: ``runs`` runs of the reference scenario at 1:100 through the runner on
the local Dask cluster with 2 worker processes (the executor of ``neopat ensemble``), against the
same runs' CPU time in process (the serial executor).

The overhead is the CPU the ensemble spends in every process it uses — this one (client and
scheduler) and the cluster's (workers and nannies) — beyond the runs' in-process CPU time: the
price of pickling specs and results, scheduling and heartbeats. CPU seconds hold on a loaded,
shared machine where wall time does not; the wall time is reported beside it. Goal: at most 15%.
"""

from __future__ import annotations

import time

import psutil

from benchmarks.core import Row, seconds
from neopat.experiments import runner
from neopat.experiments.executor import DaskExecutor
from neopat.scenarios import prepare

RUNS = 1_000
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
    specs = runner.replicates(prepare("kazakhstan", scale=scale, years=years), runs, 11)
    runner.run(specs[:1], reduce=_work)  # warm caches and the JIT
    c0 = time.process_time()
    runner.run(specs, reduce=_work)
    serial = time.process_time() - c0
    dask = DaskExecutor(workers=2, processes=processes)
    with dask as ex:
        dask.client.run(runner.execute, specs[0])  # warm every worker's caches and JIT
        c0, w0 = _cpu(), time.perf_counter()
        runner.run(specs, ex, keep=False)  # full results back, as `neopat ensemble` stores them
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
        Row("ensemble", f"overhead: {runs:,} runs at scale {scale:g} on 2 workers against the "
            "same runs in process (CPU)", f"<= {GOAL:.0%}",
            f"{seconds(m['cpu'])} vs {seconds(m['serial'])}", m["serial"] / m["cpu"],
            goal=1 / (1 + GOAL),
            note=f"overhead {overhead:+.1%} against the {GOAL:.0%} goal; ratio = in-process CPU "
                 f"/ ensemble CPU (every process), {where}"),
        Row("ensemble", f"wall time of the {runs:,} runs on 2 workers", "info (2 cores)",
            seconds(m["wall"]), note=f"{seconds(m['wall'] / runs)} per run; in-process CPU "
                                     f"{seconds(m['serial'] / runs)} per run"),
    ]
