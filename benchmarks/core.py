"""Rows of the benchmark table, timing helpers and the table/JSON output.

Ratios of in-process work compare CPU seconds of this process (threads included), which hold on
a shared, loaded machine where wall time does not; the ensemble speed-up compares wall time.
"""

from __future__ import annotations

import gc
import math
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any


@dataclass
class Row:
    """One figure: its measured value against a target; ``goal`` makes ``ratio`` pass/fail."""

    bench: str
    figure: str
    target: str
    measured: str
    ratio: float | None = None
    goal: float | None = None  # minimum ratio for a pass; None: information only
    note: str = ""

    @property
    def status(self) -> str:
        if self.goal is None or self.ratio is None:
            return "info"
        return "pass" if self.ratio >= self.goal else "FAIL"

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "status": self.status}


@dataclass(frozen=True)
class Timing:
    """Best (minimum) wall and CPU seconds over repeats: the minimum is the least disturbed by
    other work on a shared machine."""

    wall: float
    cpu: float

    def __str__(self) -> str:
        return f"{seconds(self.wall)} (cpu {seconds(self.cpu)})"


def timed(fn: Callable[[], Any], repeat: int = 1) -> tuple[Timing, Any]:
    """Run ``fn`` ``repeat`` times; the best timing and the last result."""
    best_wall = best_cpu = math.inf
    result = None
    for _ in range(max(1, repeat)):
        gc.collect()
        w0, c0 = time.perf_counter(), time.process_time()
        result = fn()
        c1, w1 = time.process_time(), time.perf_counter()
        best_wall, best_cpu = min(best_wall, w1 - w0), min(best_cpu, c1 - c0)
    return Timing(best_wall, best_cpu), result


def seconds(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f} s"
    if value >= 1:
        return f"{value:.2f} s"
    if value >= 1e-3:
        return f"{value * 1e3:.1f} ms"
    return f"{value * 1e6:.1f} µs"


def print_table(rows: list[Row], title: str) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title)
    for name in ("bench", "figure", "target", "measured", "ratio", "status"):
        table.add_column(name, justify="right" if name in ("ratio",) else "left")
    style = {"pass": "green", "FAIL": "bold red", "info": "dim"}
    for row in rows:
        ratio = "" if row.ratio is None else f"{row.ratio:,.1f}x"
        if row.goal is not None:
            ratio += f" (goal ≥{row.goal:g}x)"
        table.add_row(row.bench, row.figure, row.target, row.measured, ratio,
                      f"[{style[row.status]}]{row.status}[/]")
    Console(width=160).print(table)
    for row in rows:
        if row.note:
            Console(width=160).print(f"[dim]{row.bench}: {row.note}[/]", highlight=False)


def markdown(rows: list[dict[str, Any]]) -> str:
    """The rows (as from :meth:`Row.as_dict`) as a Markdown table."""
    lines = ["| bench | figure | target | measured | ratio | status |", "|---|---|---|---|---|---|"]
    for r in rows:
        ratio = "" if r["ratio"] is None else f"{r['ratio']:,.1f}x"
        if r["goal"] is not None:
            ratio += f" (goal ≥{r['goal']:g}x)"
        lines.append(f"| {r['bench']} | {r['figure']} | {r['target']} | {r['measured']} | {ratio} "
                     f"| {r['status']} |")
    return "\n".join(lines)
