"""Shared CLI plumbing: error handling and output formats."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Mapping, Sequence
from enum import Enum, StrEnum
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from neopat.errors import InputError

console = Console()
err_console = Console(stderr=True)


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


def fail(message: str, code: int = 2) -> None:
    """Print a one-line error to stderr and exit (2 = bad input)."""
    err_console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def run_app(app: typer.Typer) -> None:
    """Run a Typer app, turning :class:`InputError` into a clear message and exit code 2."""
    try:
        app()
    except InputError as exc:
        err_console.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
        sys.exit(2)


def _jsonable(value: Any) -> Any:
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if isinstance(value, Enum):
        return value.value
    return str(value)


def dumps_json(obj: Any) -> str:
    """Stable JSON for machine-readable output (sorted keys are not forced: order is meaningful)."""
    return json.dumps(obj, indent=2, ensure_ascii=False, default=_jsonable)


def emit_rows(rows: Sequence[Mapping[str, Any]], fmt: OutputFormat, title: str | None = None) -> None:
    """Print a list of flat records as a Rich table, CSV or JSON."""
    rows = list(rows)
    if fmt is OutputFormat.json:
        typer.echo(dumps_json(rows))
        return
    columns: list[str] = []
    for row in rows:
        for key in row:
            if key not in columns:
                columns.append(key)
    if fmt is OutputFormat.csv:
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _cell(row.get(k)) for k in columns})
        typer.echo(buf.getvalue(), nl=False)
        return
    table = Table(title=title, show_lines=False)
    for col in columns:
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*(_cell(row.get(c)) for c in columns))
    console.print(table)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, (list, tuple)):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=_jsonable)
    return str(value)
