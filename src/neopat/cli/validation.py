"""``neopat validate-history``: an ensemble of seeds against the thesis' stylised facts."""

from __future__ import annotations

import math

import typer
from rich.progress import Progress
from rich.table import Table

from neopat.cli._common import OutputFormat, console, dumps_json, err_console
from neopat.scenarios import load_scenario


def validate_history(
    scenario: str = typer.Argument("kazakhstan", help="Packaged scenario name or TOML path."),
    runs: int = typer.Option(20, "--runs", min=1, help="Seeds in the ensemble."),
    scale: float = typer.Option(None, "--scale", min=1e-6, max=1.0,
                                help="Electorate sampling fraction (default: the scenario's)."),
    root: int = typer.Option(0, "--root", help="Root seed the run seeds are spawned from."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", help="table or json."),
) -> None:
    """Run an ensemble and print, per stylised fact, the simulated value beside the record,
    the tolerance band and whether it is inside, with an overall score."""
    from neopat.experiments.runner import run_seeds  # imported lazily
    from neopat.validation.facts import score_facts

    sc = load_scenario(scenario)
    if scale is not None:
        sc = sc.model_copy(update={"scale": scale})
    with Progress(console=err_console, transient=True) as progress:
        task = progress.add_task(f"{runs} runs", total=runs)
        results = run_seeds(sc, runs, root=root, on_done=lambda: progress.advance(task))
    rows, score = score_facts(results)
    if fmt is OutputFormat.json:
        typer.echo(dumps_json({"facts": rows, "score": score, "runs": runs}))
        return
    table = Table(title=f"{sc.name}: {runs} runs against the record")
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
