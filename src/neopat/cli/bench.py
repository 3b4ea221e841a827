"""``neopat bench``: the performance benchmarks of ``benchmarks/`` (a source checkout)."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path

import typer
from rich.progress import Progress

from neopat.cli._common import err_console, runs_range
from neopat.errors import InputError

Bench = StrEnum("Bench", {n: n for n in ("vote_vs_mesa", "election", "seats", "scenario",
                                        "ensemble", "society")})  # society: only when named


def _benchmarks():
    """The ``benchmarks`` package, from the path or the checkout this neopat is installed from."""
    root = Path(__file__).resolve().parents[3]
    if (root / "benchmarks" / "__main__.py").is_file() and str(root) not in sys.path:
        sys.path.insert(0, str(root))
    try:
        from benchmarks import __main__ as bench
    except ImportError as exc:
        raise InputError("the benchmarks/ package is not available; run neopat bench from a "
                         "source checkout (pip install -e .)", where="neopat bench") from exc
    return bench


def bench(
    quick: bool = typer.Option(False, "--quick", help="Tiny sizes: proves every benchmark runs."),
    only: list[Bench] = typer.Option([], "--only", help="Run only this benchmark (repeatable)."),
    as_json: bool = typer.Option(False, "--json", help="Print the rows as JSON."),
    ensemble_runs: int = typer.Option(None, "--ensemble-runs", callback=runs_range(2),
                                      help="Runs in the ensemble benchmark (default 1000)."),
) -> None:
    """Run each benchmark beside its baseline and print figure, target, measured, ratio and
    pass/fail for the ratio goals (absolute times vary by machine; the ratios are the goals).
    Exit status 1 if a ratio goal fails."""
    mod = _benchmarks()
    names = [b.value for b in only] or list(mod.BENCHMARKS)
    with Progress(console=err_console, transient=True) as progress:
        task = progress.add_task("benchmarks", total=len(names))

        def step(name: str) -> None:
            progress.update(task, description=name, completed=names.index(name))

        rows = mod.run(names, quick, progress=step, ensemble_runs=ensemble_runs)
    raise typer.Exit(mod.report(rows, quick, as_json))


def register(app: typer.Typer) -> None:
    app.command("bench")(bench)
