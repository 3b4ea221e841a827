"""``neopat validate-history``: an ensemble of seeds against the thesis' stylised facts."""

from __future__ import annotations

import math

import typer
from rich.markup import escape
from rich.progress import Progress
from rich.table import Table

from neopat.cli._common import (
    SEED_RANGE,
    OutputFormat,
    console,
    dumps_json,
    err_console,
    runs_range,
)
from neopat.cli.model import _prepare


def validate_history(
    scenario: str = typer.Argument("kazakhstan", help="Packaged scenario name or TOML path."),
    runs: int = typer.Option(20, "--runs", help="Seeds in the ensemble.", callback=runs_range()),
    scale: float = typer.Option(None, "--scale",
                                help="Electorate sampling fraction (default: the scenario's)."),
    root: int = typer.Option(0, "--root", help="Root seed the run seeds are spawned from.",
                             callback=SEED_RANGE),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", help="table or json."),
) -> None:
    """Run an ensemble and print, per stylised fact, the simulated value beside the record,
    the tolerance band and whether it is inside, with an overall score."""
    from neopat.experiments.runner import run_seeds  # imported lazily
    from neopat.validation.facts import score_facts

    sc = _prepare(scenario, [], scale, None)
    with Progress(console=err_console, transient=True) as progress:
        task = progress.add_task(f"{runs} runs", total=runs)
        results = run_seeds(sc, runs, root=root, on_done=lambda: progress.advance(task))
    rows, score = score_facts(results)
    if fmt is OutputFormat.json:
        typer.echo(dumps_json({"facts": rows, "score": score, "runs": runs}))
        return
    table = Table(title=escape(f"{sc.name}: {runs} runs against the record"))
    for col in ("fact", "simulated", "record", "band", "inside", "source"):
        table.add_column(col)
    for r in rows:
        lo, hi = r["band"]
        band = f"{lo:.2f} .. {'inf' if math.isinf(hi) else f'{hi:.2f}'}"
        table.add_row(r["fact"], f"{r['simulated']:.3f} ({r['summary']})", r["record"], band,
                      "yes" if r["inside"] else "NO", r["source"])
    console.print(table)
    console.print(f"overall score: {score:.2f} ({sum(r['inside'] for r in rows)}/{len(rows)} "
                  "facts inside their band)")


def register(app: typer.Typer) -> None:
    app.command("validate-history")(validate_history)
