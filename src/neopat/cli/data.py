"""``neopat data``: browse, cite, summarise and validate the historical record."""

from __future__ import annotations

import os
from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from neopat.cli._common import OutputFormat, console, dumps_json, emit_rows, fail
from neopat.data.provenance import parse_source
from neopat.data.registry import find_row, get_dataset, list_datasets, validate_record
from neopat.data.summary import record_summary
from neopat.errors import InputError
from neopat.files import read_text

app = typer.Typer(
    name="data",
    help="The historical record of Kazakhstan 1990-2008: parties, elections, elites, events.",
    no_args_is_help=True,
)

RecordDir = typer.Option(
    None,
    "--record-dir",
    help="Read a copy of the record from this directory instead of the packaged one.",
    file_okay=False,
)
Format = typer.Option(OutputFormat.table, "--format", "-f", help="Output format.")


@app.command("list")
def list_cmd(fmt: OutputFormat = Format, record_dir: Path | None = RecordDir) -> None:
    """List the datasets of the record with their row counts."""
    try:
        rows = [
            {"dataset": d.name, "rows": len(d.load(record_dir)), "description": d.description}
            for d in list_datasets()
        ]
    except InputError as exc:
        fail(str(exc))
    emit_rows(rows, fmt, title="Record datasets")


@app.command("show")
def show(
    name: str = typer.Argument(..., help="Dataset name (see `neopat data list`)."),
    year: int | None = typer.Option(
        None, "--year", "-y", help="Only rows covering this year (where a dataset has years)."
    ),
    inputs_only: bool = typer.Option(
        False,
        "--inputs-only",
        help="Only what a simulation may read (starting state, scheduled inputs); "
        "no fates, later offices or outcome events.",
    ),
    fmt: OutputFormat = Format,
    record_dir: Path | None = RecordDir,
) -> None:
    """Show one dataset; every row carries its thesis line range in `source`."""
    try:
        rows = get_dataset(name).display(record_dir, year, inputs_only)
    except InputError as exc:
        fail(str(exc))
    if fmt is OutputFormat.table:
        rows = [_for_table(row) for row in rows]
    elif fmt is OutputFormat.csv:
        rows = [_results_in_one_cell(row) for row in rows]
    emit_rows(rows, fmt, title=name)


def _for_table(row: dict) -> dict:
    """A row for the screen: no match/derived/note columns; nested results as one cell."""
    return _results_in_one_cell(
        {k: v for k, v in row.items() if k not in ("match", "derived", "note")}
    )


def _results_in_one_cell(row: dict) -> dict:
    """Nested election results as one readable cell: ``contestant seats (tier); …``."""
    flat = dict(row)
    if "results" in row:
        flat["results"] = "; ".join(
            f"{r['contestant']} {r['seats'] if r['seats'] is not None else '-'} ({r['tier']})"
            for r in row["results"]
        )
    return flat


@app.command("cite")
def cite(
    reference: str = typer.Argument(
        ...,
        help="DATASET:ID, e.g. parties:otan or elites:aliev; a row number where a dataset "
        "has no id (election_results:3).",
    ),
    seed_file: Path | None = typer.Option(
        None,
        "--seed-file",
        help="The thesis text (default: $NEOPAT_SEED_FILE). Without it only the range is printed.",
        dir_okay=False,
    ),
    record_dir: Path | None = RecordDir,
) -> None:
    """Print the thesis passage behind a row of the record."""
    try:
        dataset, row = find_row(reference, record_dir)
    except InputError as exc:
        fail(str(exc))
    start, end = parse_source(row.source)
    path = seed_file or (
        Path(os.environ["NEOPAT_SEED_FILE"]) if os.environ.get("NEOPAT_SEED_FILE") else None
    )
    lines = read_text(path, what="seed file").splitlines() if path is not None else None
    typer.echo(f"{reference} ({dataset.name}): {row.source}, match {row.match!r}")
    if row.note:
        typer.echo(f"note: {row.note}")
    if lines is None:
        typer.echo(f"(seed text not available: lines {start}-{end})")
        return
    for number in range(start, min(end, len(lines)) + 1):
        text = lines[number - 1]
        if text.strip():
            typer.echo(f"{number:>6}  {text}")


@app.command("summary")
def summary(fmt: OutputFormat = Format, record_dir: Path | None = RecordDir) -> None:
    """A compact summary: parties by stance, elections, elites by faction, events per year."""
    try:
        data = record_summary(record_dir)
    except InputError as exc:
        fail(str(exc))
    if fmt is OutputFormat.json:
        typer.echo(dumps_json(data))
        return
    if fmt is OutputFormat.csv:
        emit_rows(data["elections"], fmt)
        return
    stance = Table(title="Parties by stance toward the president")
    stance.add_column("stance")
    stance.add_column("n", justify="right")
    stance.add_column("parties", overflow="fold")
    for key, ids in data["parties_by_stance"].items():
        stance.add_row(escape(key), str(len(ids)), escape(", ".join(ids)))
    console.print(stance)
    emit_rows(data["elections"], fmt, title="Parliamentary elections (affiliation as stated)")
    factions = Table(title="Elites by faction")
    factions.add_column("faction")
    factions.add_column("elites", justify="right")
    for key, n in data["elites_by_faction"].items():
        factions.add_row(escape(key), str(n))
    console.print(factions)
    years = ", ".join(f"{y}: {n}" for y, n in data["events_per_year"].items())
    console.print(f"[bold]Events per year[/] {escape(years)}", highlight=False)


@app.command("validate")
def validate(
    directory: Path | None = typer.Argument(
        None,
        help="A copy of the record directory (default: the packaged record).",
        file_okay=False,
    ),
) -> None:
    """Validate every dataset and cross-reference; exit code 2 with the file, row and field."""
    try:
        counts = validate_record(directory)
    except InputError as exc:
        fail(str(exc))
    total = sum(counts.values())
    console.print(f"record OK: {len(counts)} datasets, {total} rows", highlight=False)
