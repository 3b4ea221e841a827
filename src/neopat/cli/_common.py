"""Shared CLI plumbing: error handling, checked options and output formats."""

from __future__ import annotations

import csv
import io
import json
import math
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from enum import Enum, StrEnum
from pathlib import Path
from typing import Any

import numpy as np
import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from neopat.errors import InputError
from neopat.files import check_output
from neopat.scenarios.schema import MAX_RUNS, SEED_LIMIT

console = Console()
WIDE = 120  # terminal columns from which the wide tables (seed lines, verdicts) are shown
err_console = Console(stderr=True)
MEMORY_HINT = "out of memory; lower --scale (the electorate's sampling fraction) or --workers"


@contextmanager
def process_pool(workers: int) -> Iterator[ProcessPoolExecutor | None]:
    """A pool of ``workers`` model processes, or None (run in process) for one worker."""
    if workers <= 1:
        yield None
        return
    with ProcessPoolExecutor(workers) as pool:
        yield pool


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


def check_plot(plot: Path | None, inputs: Sequence[Path | None] = ()) -> None:
    """Before any run: a figures file may be written there (and replaces none of ``inputs``)."""
    if plot is not None:
        check_output(plot, what="figures file", exists_ok=True, inputs=inputs)


def write_plot(plot: Path | None, title: str, figures: Callable[[Any], list]) -> None:
    """Write ``figures(fit)`` to ``plot`` and say so; :mod:`neopat.views.fit` (and plotly) is
    imported, and the figures are built, only when there is a file."""
    if plot is not None:
        from neopat.views import fit

        fit.write_plot(plot, title, figures(fit))
        err_console.print(f"figures written to {plot}")


def _error(message: str) -> None:
    """One line on stderr: ``error: MESSAGE`` (the message is shown as text, never as markup)."""
    line = " ".join(message.split())
    err_console.print(f"[bold red]error:[/] {escape(line)}", highlight=False, soft_wrap=True)


def fail(message: str, code: int = 2) -> None:
    """Print a one-line error to stderr and exit (2 = bad input)."""
    _error(message)
    raise typer.Exit(code)


def run_app(app: typer.Typer) -> None:
    """Run a Typer app: bad input of any kind (an :class:`InputError`, a malformed option or
    argument) is one line on stderr and exit code 2; running out of memory says what to lower."""
    try:
        code = app(standalone_mode=False)
    except typer.TyperException as exc:  # click's usage errors (typer vendors click)
        if type(exc).__name__ == "NoArgsIsHelpError":  # a bare group: its help
            exc.show()
        else:
            command = exc.ctx.command_path if getattr(exc, "ctx", None) else "neopat"
            _error(f"{exc.format_message()} (see {command} --help)")
        code = exc.exit_code
    except typer.Abort:
        code = 1
    except InputError as exc:
        _error(str(exc))
        code = 2
    except MemoryError:
        _error(MEMORY_HINT)
        code = 2
    sys.exit(code if isinstance(code, int) else 0)


def in_range(lo: float | None = None, hi: float | None = None, *, lo_open: bool = False,
             hi_open: bool = False, text: str = "") -> Callable[..., Any]:
    """An option callback refusing a value (or any value of a list) outside ``[lo, hi]`` (an
    open end with ``lo_open``/``hi_open``; ``text`` says the range in words), and any
    non-finite float, before the command runs."""
    if text:
        interval = text
    elif lo is not None and hi is not None:
        interval = f"in {'(' if lo_open else '['}{lo:,}, {hi:,}{')' if hi_open else ']'}"
    elif lo is not None:
        interval = f"{'above' if lo_open else 'at least'} {lo:,}"
    else:
        interval = f"{'below' if hi_open else 'at most'} {hi:,}"

    def check(ctx, param, value):
        for v in value if isinstance(value, (list, tuple)) else [value]:
            if v is None:
                continue
            bad = (isinstance(v, float) and not math.isfinite(v)) or (lo is not None and (
                v < lo or (lo_open and v == lo))) or (hi is not None and (v > hi or (
                    hi_open and v == hi)))
            if bad:
                raise InputError(f"{v} is not {interval}", where=param.opts[0])
        return value

    return check


SEED_RANGE = in_range(0, SEED_LIMIT, hi_open=True,
                      text="from 0 to 2**63 - 1 (seeds are stored as 64-bit integers)")
UNIT = in_range(0, 1)  # shares, tolerances, probabilities
COUNT = in_range(0)
WORKER_RANGE = in_range(1, 256)


def runs_range(least: int = 1) -> Callable[..., Any]:
    return in_range(least, MAX_RUNS)


def _jsonable(value: Any) -> Any:
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if isinstance(value, Enum):
        return value.value
    if hasattr(value, "tolist"):  # a NumPy scalar or array
        return value.tolist()
    return str(value)


def finite(value: Any) -> Any:
    """``value`` with every NaN or infinite float (nested in dicts, lists, tuples) as None."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(v) for v in value]
    if isinstance(value, np.floating):
        return finite(float(value))
    return value


def dumps_json(obj: Any, indent: int | None = 2) -> str:
    """Stable JSON for machine-readable output (sorted keys are not forced: order is meaningful).
    Never NaN or Infinity: a value without a finite number is null."""
    return json.dumps(finite(obj), indent=indent, ensure_ascii=False, allow_nan=False,
                      default=lambda v: finite(_jsonable(v)))


def say(text: str, *, style: str | None = None, stderr: bool = False) -> None:
    """Print plain text (user text in it is never read as Rich markup)."""
    (err_console if stderr else console).print(text, style=style, markup=False,
                                                highlight=False, soft_wrap=True)


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
    table = Table(title=escape(title) if title else None, show_lines=False)
    for col in columns:
        table.add_column(escape(str(col)), overflow="fold")
    for row in rows:
        table.add_row(*(escape(_cell(row.get(c))) for c in columns))
    console.print(table)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, (list, tuple)):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return dumps_json(value, indent=None)
    return str(value)
