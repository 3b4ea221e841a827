"""``neopat run`` and ``neopat validate``: simulate a scenario, check a scenario file."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich import box
from rich.console import Console
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
    say,
)
from neopat.experiments.runner import RunResult, build_model, parameter_values, preflight
from neopat.files import check_output
from neopat.scenarios import RunSpec, parameter_catalogue, prepare

TABLE_COLUMNS = {  # indicator -> short table header
    "year": "year", "elites": "elites", "defections": "defect", "opposition": "oppos",
    "punished": "punish", "coopted": "coopt", "raids": "raids", "elite_cohesion": "cohes",
    "ruler_authority": "auth", "legitimacy": "legit", "informal_reliance": "inform",
    "top_office_share": "top_off", "top_asset_share": "top_ass",
}


def scenario_file(scenario: str) -> Path | None:
    """The scenario's file when it is one (an input no output may overwrite)."""
    path = Path(scenario)
    return path if path.suffix == ".toml" or path.is_file() else None


def scenario_spec(scenario: str, sets: list[str], scale: float | None = None,
                  years: str | None = None, seed: int = 0) -> RunSpec:
    """The run's validated specification (``scenarios.prepare``), with a CSV population read
    now, so that a bad one is refused before any run."""
    return preflight(prepare(scenario, sets, seed=seed, scale=scale, years=years))


def run(
    scenario: str = typer.Argument(..., help="Packaged scenario name (kazakhstan, generic) "
                                   "or a scenario TOML file."),
    seed: int = typer.Option(1, "--seed", help="Random seed (same seed, same result), "
                             "0 <= seed < 2**63.", callback=SEED_RANGE),
    scale: float = typer.Option(None, "--scale", help="Electorate sampling fraction."),
    years: str = typer.Option(None, "--years", help="Simulated span START:END, e.g. 1990:2008."),
    sets: list[str] = typer.Option([], "--set", help="Override a catalogue parameter: "
                                   "dotted.name=value (repeatable)."),
    out: Path = typer.Option(None, "--out", help="Add the run to this DuckDB results store "
                             "(a new file, or an existing store it extends)."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format",
                                     help="table (yearly summary), csv or json (full run)."),
) -> None:
    """Simulate a scenario year by year and print a yearly summary (defections, faction shares
    of offices and assets, ruler authority, legitimacy, informal reliance, elite cohesion)."""
    spec = scenario_spec(scenario, sets, scale, years, seed)
    sc = spec.scenario
    if out is not None:  # refuse a bad store before simulating
        from neopat.experiments.store import check_store  # DuckDB only when writing a store
        check_output(out, what="results store", exists_ok=True, inputs=[scenario_file(scenario)])
        check_store(out, single_run=True)
    model = build_model(spec)
    n_years = sc.years.end - sc.years.start + 1
    show = fmt is OutputFormat.table and sys.stderr.isatty()
    with Progress(console=err_console, transient=True, disable=not show) as progress:
        task = progress.add_task("simulating", total=n_years)
        while model.running:
            model.step()
            progress.advance(task)
    result = RunResult.from_model(model, seed)
    if out is not None:
        from neopat.experiments.store import writing
        with writing(out) as store:
            run_id = store.add_run(spec, result)
    if fmt is OutputFormat.json:
        typer.echo(dumps_json(result.as_json()))
    else:
        title = f"{sc.name} (seed {seed}, ruler {sc.ruler.species})"
        if fmt is OutputFormat.csv:
            emit_rows([{k: r[k] for k in TABLE_COLUMNS} for r in result.years], fmt)
        else:
            print_summary(result, title)
    if out is not None and fmt is OutputFormat.table:
        say(f"run {run_id} written to {out} ({len(result.events)} events)")


def print_summary(result: RunResult, title: str) -> None:
    """A compact yearly table (short headers; the legend below explains them)."""
    table = Table(title=escape(title), box=box.SIMPLE_HEAD, padding=(0, 1), pad_edge=False)
    for header in TABLE_COLUMNS.values():
        table.add_column(header, justify="right", no_wrap=True)
    for rec in result.years:
        table.add_row(*(f"{rec[k]:.2f}" if isinstance(rec[k], float) else str(rec[k])
                        for k in TABLE_COLUMNS))
    out = console if console.is_terminal else Console(width=110)
    out.print(table)
    last = result.years[-1]
    shares = Table(title=f"faction shares in {last['year']}", box=box.SIMPLE_HEAD,
                   padding=(0, 1), pad_edge=False)
    for header in ("faction", "offices", "assets"):
        shares.add_column(header, justify="left" if header == "faction" else "right")
    for key in sorted(set(last["office_share"]) | set(last["asset_share"])):
        shares.add_row(escape(key), f"{last['office_share'].get(key, 0.0):.2f}",
                       f"{last['asset_share'].get(key, 0.0):.2f}")
    out.print(shares)
    print_parties(result, out)
    out.print("defect = defections; oppos = elites in opposition; cohes = elite cohesion "
                  "(share inside the ruling coalition); auth/legit/inform = ruler authority, "
                  "legitimacy, informal reliance; top_off/top_ass = largest faction's share of "
                  f"offices/assets. {len(result.events)} events logged.", style="dim")


PARTY_COLUMNS = {"registered_parties": "reg", "denied_parties": "denied",
                 "liquidated_parties": "liquid", "membership": "members", "turnout": "turnout",
                 "approval_mean": "approval", "approval_sd": "appr_sd", "enp_votes": "enp_v",
                 "enp_seats": "enp_s", "gallagher": "gallagher",
                 "pro_presidential_seat_share": "pro_seats", "incongruence": "incongr"}


def _cell(value) -> str:
    if value is None:
        return "-"
    return f"{value:.2f}" if isinstance(value, float) else str(value)


def print_parties(result: RunResult, out: Console) -> None:
    """Yearly party-system indicators and one line per election (seats by tier)."""
    table = Table(title="party system", box=box.SIMPLE_HEAD, padding=(0, 1), pad_edge=False)
    table.add_column("year", justify="right")
    for header in PARTY_COLUMNS.values():
        table.add_column(header, justify="right", no_wrap=True)
    for rec in result.years:
        table.add_row(str(rec["year"]), *(_cell(rec.get(k)) for k in PARTY_COLUMNS))
    out.print(table)
    elections = Table(title="elections", box=box.SIMPLE_HEAD, padding=(0, 1), pad_edge=False)
    for header in ("date", "election", "turnout", "votes (top 4)", "seats by tier"):
        elections.add_column(header)
    for e in result.elections:
        top = sorted(e["votes"].items(), key=lambda kv: -kv[1])[:4]
        tiers = "; ".join(f"{t}: " + ", ".join(f"{k} {n}" for k, n in sorted(
            seats.items(), key=lambda kv: -kv[1])) for t, seats in e["seats_by_tier"].items())
        elections.add_row(f"{e['year']}-{e['month']:02d}", escape(e["name"]), _cell(e["turnout"]),
                          escape(", ".join(f"{k} {v:,}" for k, v in top)), escape(tiers or "-"))
    out.print(elections)


def validate(
    scenario: str = typer.Argument(..., help="Scenario TOML file or packaged name."),
    sets: list[str] = typer.Option([], "--set", help="Override: dotted.name=value."),
    catalogue: bool = typer.Option(False, "--catalogue",
                                   help="Also list every catalogue parameter and its value."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format",
                                     help="Format of the catalogue: table, csv or json."),
) -> None:
    """Check a scenario: unknown keys, out-of-range values and bad overrides exit with code 2."""
    sc = scenario_spec(scenario, sets).scenario
    say(f"ok: {sc.name}, {sc.years.start}-{sc.years.end}, ruler {sc.ruler.species}, "
        f"{len(sc.inputs)} dated inputs, population from {sc.population.source}",
        stderr=catalogue and fmt is not OutputFormat.table)  # keep csv/json stdout parseable
    if catalogue:
        values = parameter_values(sc)
        emit_rows([{**p.as_row(), "value": values[p.name]} for p in parameter_catalogue()],
                  fmt, title="parameter catalogue")


def register(app: typer.Typer) -> None:
    app.command("run")(run)
    app.command("validate")(validate)
