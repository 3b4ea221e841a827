"""``neopat app`` (the Solara dashboard) and ``neopat report`` (a self-contained HTML report)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn

from neopat.cli._common import err_console, fail, in_range, say
from neopat.errors import InputError
from neopat.files import check_output

# Solara would check PyPI for a newer release and send usage telemetry (with a machine
# fingerprint) to Mixpanel: both off, so that the dashboard opens no connection but its own.
SOLARA_ENV = {"SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False", "SOLARA_THEME_SHOW_BANNER": "False"}


def app_command(
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to bind (localhost by "
                             "default; 0.0.0.0 exposes the dashboard to the network)."),
    port: int = typer.Option(8765, "--port", help="Port to serve on (1-65535).",
                             callback=in_range(1, 65535, text="from 1 to 65535")),
) -> None:
    """Serve the dashboard: choose a scenario, set its parameters, run with progress, see
    seats against the record, the party registry, the patron-client network and the event
    timeline; compare two scenarios; open an ensemble results file."""
    try:
        import solara  # noqa: F401
    except ModuleNotFoundError:
        fail("the dashboard needs solara: pip install 'neopat[views]'")
    say(f"neopat dashboard on http://{host}:{port}/ (Ctrl-C stops it)")
    cmd = [sys.executable, "-m", "solara", "run", "neopat.views.app:Page", "--host", host,
           "--port", str(port), "--production", "--no-open", "--no-check-version"]
    sys.stdout.flush()
    os.environ.update(SOLARA_ENV)
    os.execv(sys.executable, cmd)  # this process becomes the server: signals reach it


def report_command(
    store: Path = typer.Argument(..., help="A results store (.duckdb) written by run --out, "
                                 "ensemble, sweep or propositions."),
    out: Path = typer.Option(Path("report.html"), "-o", "--out", help="HTML file to write."),
    pdf: bool = typer.Option(False, "--pdf", help="Also print it to PDF (OUT with .pdf) with "
                             "headless Chromium."),
    force: bool = typer.Option(False, "--force", help="Replace an existing report."),
) -> None:
    """Write a self-contained HTML report: figures inline (plotly.js embedded), ensemble
    distributions, the validation table against the record, the scenario's parameters and the
    propositions' verdicts when the store has them."""
    from neopat.views.report import write_pdf, write_report
    check_output(out, what="report", force=force, inputs=[store])
    if pdf:
        if out.with_suffix(".pdf") == out:
            raise InputError("the HTML report needs another name than its PDF", file=out)
        check_output(out.with_suffix(".pdf"), what="PDF report", force=force, inputs=[store])
    show = err_console.is_terminal
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), console=err_console,
                  transient=True, disable=not show) as progress:
        task = progress.add_task("report", total=None)
        path = write_report(store, out, lambda msg: progress.update(task, description=msg))
        if pdf:
            progress.update(task, description="printing PDF")
            pdf_path = write_pdf(path, path.with_suffix(".pdf"))
    say(f"report written to {path}" + (f" and {pdf_path}" if pdf else ""))


def register(app: typer.Typer) -> None:
    app.command("app")(app_command)
    app.command("report")(report_command)
