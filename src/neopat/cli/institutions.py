"""``neopat institutions``: the ruler's endogenous rule changes beside history and a null, as
changes and as episodes; ``--calibrate`` fits the threat weights on pre-2000 episodes."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape
from rich.progress import Progress
from rich.table import Table

from neopat.cli._common import (
    SEED_RANGE,
    WORKER_RANGE,
    OutputFormat,
    check_plot,
    console,
    dumps_json,
    emit_rows,
    err_console,
    in_range,
    process_pool,
    runs_range,
    write_plot,
)
from neopat.cli.model import scenario_file, scenario_spec
from neopat.errors import InputError


def _num(value: float | None, fmt: str = "{:.1f}") -> str:
    return "-" if value is None else fmt.format(value)


def _episode_lines(ep: dict) -> list[str]:
    rec = ", ".join(f"{a}" if a == b else f"{a}-{b}" for a, b in ep["record"])
    ins, out = ep["in_sample"], ep["held_out"]
    ratio = _num(ep["ratio_to_record"], "{:.2f}")
    return [
        f"episodes (changes at most {ep['episode_gap']} y apart): record {ep['record_episodes']}"
        f" ({rec}); model {ep['episodes_per_run']:.1f} per run (x{ratio} the record's)",
        f"kinds of change per run {ep['kinds_per_run']:.1f}; runs with at least 3 kinds: "
        f"{ep['share_runs_3_kinds']:.0%}",
        f"in-sample (to 2000, calibrated): record {ins['record']}, model "
        f"{ins['episodes_per_run']:.1f} per run, timing error {ins['error']:.2f} y",
        f"held out (after 2000): record {out['record']}, model {out['episodes_per_run']:.1f} per"
        f" run, timing error {out['error']:.2f} y against {_num(out['null_error'], '{:.2f}')} y"
        f" for the random-timing null, p = {_num(out['p_null'], '{:.3f}')}",
        "held-out episodes by first year: " + _held_out_starts(ep),
    ]


def _held_out_starts(ep: dict) -> str:
    """How many episodes open in each held-out year over the runs, and how many runs open
    none."""
    from neopat.experiments.episodes import IN_SAMPLE_END

    out = ep["held_out"]
    years = ", ".join(f"{y} {n}" for y, n in out["by_year"].items()) or "none"
    return (f"{years}; none after {IN_SAMPLE_END} in {out['runs_without']} of "
            f"{len(ep['episode_years'])} runs")


def institutions(
    scenario: str = typer.Argument("kazakhstan", help="Packaged scenario name or TOML path."),
    runs: int = typer.Option(10, "--runs", help="Seeds in the ensemble (per grid point with "
                             "--calibrate).", callback=runs_range()),
    root: int = typer.Option(0, "--root", help="Root seed the run seeds are spawned from.",
                             callback=SEED_RANGE),
    overrides: list[str] = typer.Option([], "--set",
                                        help="Catalogue parameter, dotted.name=value (repeat)."),
    calibrate: bool = typer.Option(False, "--calibrate", help="Score a grid of the three threat "
                                   "weights on pre-2000 episodes only and print the best."),
    grid: list[float] = typer.Option([], "--grid", help="A level of every threat weight in the "
                                     "calibration grid (repeat; default 0.25 0.5 1 2 4).",
                                     callback=in_range(0, 10)),
    workers: int = typer.Option(2, "--workers", help="Processes running the model.",
                                callback=WORKER_RANGE),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format",
                                     help="table, csv (one row per change) or json."),
    plot: Path = typer.Option(None, "--plot", dir_okay=False,
                              help="Also write an HTML file of figures: when each change is first "
                                   "made and when episodes begin, against the record's."),
) -> None:
    """Run SCENARIO with the historical rule-set calendar off (institutions.endogenous) and
    print, per change on the ruler's menu, the historical years, how often and when the model
    chose it, and its timing error against a null that draws the same changes' years at random;
    then the episodes (runs of changes) against the record's, in-sample and held out; with
    --plot, both as figures in an HTML file."""
    from neopat.experiments.episodes import GRID, WEIGHTS, assess, standing
    from neopat.experiments.episodes import calibrate as fit
    from neopat.experiments.institutions import (  # the results store: imported lazily
        compare,
        first_year_summary,
        run_changes,
        threat_summary,
    )

    base = scenario_spec(scenario, overrides)
    if plot is not None and calibrate:
        raise InputError("draws the comparison with history; drop it from --calibrate",
                         where="--plot")
    check_plot(plot, [scenario_file(scenario)])
    sc = base.scenario
    if calibrate:
        levels = tuple(grid) or GRID
        with process_pool(workers) as pool, Progress(console=err_console,
                                                     transient=True) as progress:
            task = progress.add_task(f"{len(levels) ** 3} points x {runs} runs",
                                     total=len(levels) ** 3)

            def run(point):
                out = run_changes(point, runs, root=root, executor=pool)
                progress.advance(task)
                return out

            rows = fit(base, run, levels)
        now = standing(sc, rows)
        if fmt is OutputFormat.json:
            typer.echo(dumps_json({"grid": list(levels), "runs": runs, "points": rows,
                                   "in_force": now}))
            return
        emit_rows(rows[:10], fmt, title=f"threat weights scored on pre-2000 episodes, "
                  f"{runs} runs per point: the 10 best of {len(rows)}")
        if fmt is OutputFormat.table:
            weights = ", ".join(f"{w.removeprefix('threat_')} {now[w]:g}" for w in WEIGHTS)
            where = (f"loss {now['loss']:.3f}, rank {now['rank']} of {len(rows)}" if now["rank"]
                     else "not a point of this grid")
            console.print(f"weights in force ({weights}): {where}; {now['tied_best']} point(s) "
                          "tie with the best, which lists the smallest weights first")
        return
    with process_pool(workers) as pool, Progress(console=err_console, transient=True) as progress:
        task = progress.add_task(f"{runs} endogenous runs", total=runs)
        seen: list[list[dict]] = []
        changes = run_changes(base, runs, root=root, executor=pool,
                              on_done=lambda: progress.advance(task), seen=seen)
    rows, total = compare(sc, changes, root=root)
    episodes = assess(sc, changes, root=root)
    threats = threat_summary(seen)
    write_plot(plot, f"{sc.name}: endogenous institutions, {runs} runs", lambda fit: [
        fit.changes_figure([r.as_dict() for r in rows]), fit.episodes_figure(episodes)])
    if fmt is OutputFormat.json:
        typer.echo(dumps_json({"options": [r.as_dict() for r in rows], "total": total,
                               "episodes": episodes, "threats": threats}))
        return
    if fmt is OutputFormat.csv:
        emit_rows([{**r.as_dict(), "historical": " ".join(map(str, r.historical)),
                    "first_years": " ".join(map(str, r.first_years))} for r in rows], fmt)
        return
    table = Table(title=escape(f"{sc.name}: endogenous institutions, {runs} runs "
                               f"({sc.years.start}-{sc.years.end}), calendar off"))
    table.add_column("change", no_wrap=True)
    table.add_column("history", overflow="fold")
    table.add_column("runs", no_wrap=True)
    table.add_column("model first", overflow="fold", min_width=11)  # "(1994-2003)" whole
    for col in ("error", "null", "p"):
        table.add_column(col, justify="right", no_wrap=True)
    for n, kind in enumerate(dict.fromkeys(r.direction for r in rows)):
        if n:
            table.add_section()
        table.add_row(f"[bold]{escape(kind)}[/]")
        for r in (r for r in rows if r.direction == kind):
            table.add_row(r.option, " ".join(map(str, r.historical)) or "-",
                          f"{r.runs_choosing}/{r.runs}", first_year_summary(r.first_years),
                          _num(r.error), _num(r.null_error), _num(r.p_null, "{:.2f}"))
    console.print(table)
    console.print("runs: runs choosing the change; model first: median (range) of its first year;"
                  " error: years to the nearest historical change of that kind; null: the same"
                  " with the model's changes at random years; p: share of null draws as close.")
    console.print(
        f"changes per run {total['changes_per_run']:.1f} (restrictive "
        f"{total['restrictive_per_run']:.1f}, gestures {total['gestures_per_run']:.1f}); "
        f"history in the period: {total['historical_in_period']}.")
    for line in _episode_lines(episodes):
        console.print(escape(line))
    mean = threats["mean"]
    console.print(f"threat seen (mean over years): {mean['threat']:.2f} (disapproval "
                  f"{mean['vote']:.2f}, elite {mean['elite']:.2f}, legislature "
                  f"{mean['legislature']:.2f}); largest in a run {threats['max_threat']:.2f}.")


def register(app: typer.Typer) -> None:
    app.command("institutions")(institutions)
