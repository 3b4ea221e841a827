"""``neopat institutions``: the ruler's endogenous rule changes beside history and a null."""

from __future__ import annotations

import typer
from rich.markup import escape
from rich.progress import Progress
from rich.table import Table

from neopat.cli._common import (
    SEED_RANGE,
    OutputFormat,
    console,
    dumps_json,
    emit_rows,
    err_console,
    runs_range,
)
from neopat.cli.model import scenario_spec


def _num(value: float | None, fmt: str = "{:.1f}") -> str:
    return "-" if value is None else fmt.format(value)


def institutions(
    scenario: str = typer.Argument("kazakhstan", help="Packaged scenario name or TOML path."),
    runs: int = typer.Option(10, "--runs", help="Seeds in the ensemble.", callback=runs_range()),
    root: int = typer.Option(0, "--root", help="Root seed the run seeds are spawned from.",
                             callback=SEED_RANGE),
    overrides: list[str] = typer.Option([], "--set",
                                        help="Catalogue parameter, dotted.name=value (repeat)."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format",
                                     help="table, csv (one row per change) or json."),
) -> None:
    """Run SCENARIO with the historical rule-set calendar off (institutions.endogenous) and
    print, per change on the ruler's menu, the historical years, how often and when the model
    chose it, and its timing error against a null that draws the same changes' years at random."""
    from neopat.experiments.institutions import (  # the results store: imported lazily
        compare,
        first_year_summary,
        run_changes,
        threat_summary,
    )

    base = scenario_spec(scenario, overrides)
    sc = base.scenario
    with Progress(console=err_console, transient=True) as progress:
        task = progress.add_task(f"{runs} endogenous runs", total=runs)
        seen: list[list[dict]] = []
        changes = run_changes(base, runs, root=root, on_done=lambda: progress.advance(task),
                              seen=seen)
    rows, total = compare(sc, changes, root=root)
    threats = threat_summary(seen)
    if fmt is OutputFormat.json:
        typer.echo(dumps_json({"options": [r.as_dict() for r in rows], "total": total,
                               "threats": threats}))
        return
    if fmt is OutputFormat.csv:
        emit_rows([{**r.as_dict(), "historical": " ".join(map(str, r.historical)),
                    "first_years": " ".join(map(str, r.first_years))} for r in rows], fmt)
        return
    table = Table(title=escape(f"{sc.name}: endogenous institutions, {runs} runs "
                               f"({sc.years.start}-{sc.years.end}), calendar off"))
    table.add_column("change", no_wrap=True)
    for col in ("kind", "history", "runs", "model first", "error y", "null y", "p"):
        table.add_column(col)
    for r in rows:
        table.add_row(r.option, r.direction, ", ".join(map(str, r.historical)) or "-",
                      f"{r.runs_choosing}/{r.runs}", first_year_summary(r.first_years),
                      _num(r.error), _num(r.null_error), _num(r.p_null, "{:.2f}"))
    console.print(table)
    console.print("runs: runs choosing the change; model first: median (range) of its first year;"
                  " error: years to the nearest historical change of that kind; null: the same"
                  " with the model's changes at random years; p: share of null draws as close.")
    console.print(
        f"changes per run {total['changes_per_run']:.1f} (restrictive "
        f"{total['restrictive_per_run']:.1f}, gestures {total['gestures_per_run']:.1f}); "
        f"history in the period: {total['historical_in_period']}. Pooled timing error: model "
        f"{_num(total['error'])} y, random-timing null {_num(total['null_error'])} y.")
    seen_text = ", ".join(f"{k} in {v:.0%} of runs" for k, v in threats["runs_with"].items())
    console.print(f"threats seen: {seen_text or 'none'}; largest share of seats outside the "
                  f"president's camp (mean over runs): {threats['max_hostile_share']:.2f}.")


def register(app: typer.Typer) -> None:
    app.command("institutions")(institutions)
