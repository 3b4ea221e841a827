"""``neopat ensemble|sweep|sensitivity|results``: experiments at scale on Dask,
into the DuckDB results store. Every value and output path is checked before a cluster starts."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from neopat.cli._common import (
    SEED_RANGE,
    WORKER_RANGE,
    OutputFormat,
    dumps_json,
    emit_rows,
    err_console,
    runs_range,
    say,
)
from neopat.cli.model import scenario_file, scenario_spec
from neopat.errors import InputError
from neopat.experiments.executor import DaskExecutor
from neopat.experiments.outputs import RECORDED, Output, default_outputs, parse_outputs
from neopat.experiments.runner import RunResult, check_count, spawn_seeds
from neopat.files import check_folder, check_output
from neopat.scenarios.schema import Scenario

SEAT_OUTPUTS = ("dominant_seat_share:mean", "enp_seats:mean")

SCENARIO = typer.Argument(..., help="Packaged scenario name (kazakhstan, generic) or a TOML file.")
SEED = typer.Option(1, "--seed", help="Root seed (0 <= seed < 2**63): run seeds are spawned "
                    "from SeedSequence(seed).", callback=SEED_RANGE)
SCALE = typer.Option(None, "--scale", help="Electorate sampling fraction.")
YEARS = typer.Option(None, "--years", help="Simulated span START:END, e.g. 1990:2000.")
SETS = typer.Option([], "--set", help="Override a catalogue parameter: dotted.name=value "
                    "(repeatable).")
WORKERS = typer.Option(2, "--workers", help="Worker processes of the local Dask cluster "
                       "(bound to 127.0.0.1 only, TLS with temporary credentials).",
                       callback=WORKER_RANGE)
SCHEDULER = typer.Option(None, "--scheduler", help="Address of a running Dask scheduler "
                         "(e.g. tcp://10.0.0.5:8786) instead of a local cluster. Trusted "
                         "schedulers only: results arrive pickled, and unpickling runs code.")
OUTPUTS = typer.Option([], "--outputs", help="Outputs: indicator[:mean|sum|last|first|max|min]"
                       "[@YEAR[-YEAR]], comma-separated or repeated; any yearly indicator of a run.")
FORMAT = typer.Option(OutputFormat.table, "--format", help="table, csv or json.")
FORCE = typer.Option(False, "--force", help="Replace an existing output file.")
REPLICATES = typer.Option(1, "--replicates", help="Runs per sample point (same seeds at every "
                          "point; their mean is analysed).", callback=runs_range())


@contextmanager
def _progress(total: int, label: str) -> Iterator[Callable[..., None]]:
    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err_console, disable=not err_console.is_terminal) as bar:
        task = bar.add_task(label, total=total)
        yield lambda *_: bar.advance(task)


def _executor(workers: int, scheduler: str | None) -> DaskExecutor:
    return DaskExecutor(workers=workers, scheduler=scheduler)


def _outputs(sc: Scenario, texts: list[str], preferred: tuple[str, ...] = ()) -> list[Output]:
    """Parse ``--outputs``: indicators a run records, years inside the scenario's span."""
    if texts:
        return parse_outputs(texts, span=(sc.years.start, sc.years.end))
    return default_outputs(RECORDED, preferred)


def _note(text: str) -> None:
    say(text, stderr=True)


def _emit_frame(frame: pd.DataFrame, fmt: OutputFormat, title: str) -> None:
    emit_rows(frame.astype(object).where(frame.notna(), None).to_dict("records"), fmt, title)


def ensemble(
    scenario: str = SCENARIO,
    runs: int = typer.Option(..., "--runs", help="Number of replicates (at most 1,000,000).",
                             callback=runs_range()),
    seed: int = SEED, scale: float = SCALE, years: str = YEARS, sets: list[str] = SETS,
    workers: int = WORKERS, scheduler: str = SCHEDULER,
    out: Path = typer.Option(None, "--out", help="DuckDB results store (a new file, or the "
                             "store to complete with --resume)."),
    resume: bool = typer.Option(False, "--resume", help="Complete the ensemble in --out: only "
                                "missing replicates run; other parameters or seed are refused."),
    force: bool = FORCE,
    outputs: list[str] = OUTPUTS, fmt: OutputFormat = FORMAT,
) -> None:
    """Run replicates of a scenario on Dask; each run is committed to the store as it finishes,
    then the outputs are summarised across runs (mean, sd, 5-95% range)."""
    from neopat.experiments.ensemble import plan, run_ensemble  # DuckDB: imported lazily
    from neopat.experiments.results import Results, summarise

    design = scenario_spec(scenario, sets, scale, years)
    sc = design.scenario
    outs = _outputs(sc, outputs)
    if out is not None:
        check_output(out, what="results store", force=force, exists_ok=resume,
                     inputs=[scenario_file(scenario)],
                     hint="pass --resume to complete its ensemble or --force to replace it")
    todo = plan(design, runs, seed, out, resume, force)  # refuse before starting a cluster
    _note(f"{len(todo.missing)} model runs to do ({todo.done} of {runs} already in the store)")
    finished: list[RunResult] = []
    if todo.missing:
        with _executor(workers, scheduler) as ex, _progress(len(todo.missing), "runs") as advance:
            def done(result: RunResult) -> None:
                if out is None:
                    finished.append(result)
                advance()
            run_ensemble(design, runs, seed, ex, out=out, resume=resume, force=force,
                         on_done=done)
    if out is not None:
        with Results(out) as res:
            table = res.summary(outs)
    else:
        table = summarise(pd.DataFrame([{o.label: o.value(r.years) for o in outs}
                                        for r in finished]))
    _emit_frame(table, fmt, f"{sc.name}: {runs} runs, seed {seed}")


def sweep(
    file: Path = typer.Argument(..., help="Sweep file (TOML): scenario, design, replicates, "
                                r"\[parameters] with levels or ranges."),
    workers: int = WORKERS, scheduler: str = SCHEDULER,
    out: Path = typer.Option(None, "--out", help="New DuckDB store for every run of the sweep "
                             "(written once the sweep is complete)."),
    force: bool = FORCE,
    fmt: OutputFormat = FORMAT,
) -> None:
    """Run a full-factorial or Latin-hypercube design over catalogue parameters with replicates;
    print each point's mean outputs."""
    from neopat.experiments.sweep import load_sweep, point_means, run_sweep  # scipy: lazily

    sw = load_sweep(file)
    if out is not None:
        check_output(out, what="results store", force=force, inputs=sw.inputs)
    try:
        outs = _outputs(sw.base.scenario, sw.spec.outputs)
    except InputError as exc:
        raise InputError(exc.problem, file=file, where="outputs") from None
    _note(f"{sw.n_runs} model runs ({len(sw.points)} points x {len(sw.seeds)} replicates)")
    with _executor(workers, scheduler) as ex, _progress(sw.n_runs, "runs") as advance:
        runs = run_sweep(sw, outs, ex, out=out, force=force, on_done=advance)
    _emit_frame(point_means(runs, sw, outs), fmt, f"sweep {file.name}: mean over replicates")


def sensitivity(
    scenario: str = SCENARIO,
    method: str = typer.Option("sobol", "--method", help="sobol (first/total order, grouped "
                               "by tier and group) or morris (mu*, sigma screening)."),
    params: list[str] = typer.Option([], "--params", help="Parameters: name or name=LO:HI "
                                     "(comma-separated or repeated); default every numeric "
                                     "catalogue parameter."),
    outputs: list[str] = OUTPUTS,
    samples: int = typer.Option(None, "--samples", help="Sobol base samples N (default 64, at "
                                "least 1) or Morris trajectories (default 10, at least 2)."),
    replicates: int = REPLICATES,
    seed: int = SEED, scale: float = SCALE, years: str = YEARS, sets: list[str] = SETS,
    workers: int = WORKERS, scheduler: str = SCHEDULER,
    out: Path = typer.Option(None, "--out", help="Also write the indices to this DuckDB file "
                             "(tables sensitivity_sobol / sensitivity_morris; a new store or "
                             "one they are added to)."),
    fmt: OutputFormat = FORMAT,
) -> None:
    """Global sensitivity with SALib. Sobol reports each parameter's first- and total-order
    index with 95% intervals and each tier's (informal, formal) and group's share of the
    variance; Morris ranks parameters by mu*."""
    from neopat.experiments import sensitivity as sa  # SALib and scipy: imported lazily

    if method not in ("sobol", "morris"):
        raise InputError(f"expected sobol or morris, got {method!r}", where="--method")
    least = 1 if method == "sobol" else 2
    n = samples if samples is not None else (64 if method == "sobol" else 10)
    check_count(n, "--samples", "samples" if method == "sobol" else "trajectories", least)
    base = scenario_spec(scenario, sets, scale, years)
    sc = base.scenario
    fs = sa.factors(params)
    outs = _outputs(sc, outputs, SEAT_OUTPUTS)
    if out is not None:
        from neopat.experiments.store import check_store
        check_output(out, what="results store", exists_ok=True, inputs=[scenario_file(scenario)])
        check_store(out)
    seeds = spawn_seeds(replicates, seed)
    tiers, empty = sa.tier_groups(fs)
    groups = [f.group for f in fs]
    splits = [("tier", tiers)] if len(set(tiers)) > 1 else []
    splits += [("group", groups)] if len(set(groups)) > 1 else []
    if method == "sobol":
        points = sa.sobol_runs(n, len(fs)) + sum(sa.sobol_runs(n, len(set(g))) for _, g in splits)
    else:
        points = sa.morris_runs(n, len(fs))
    check_count(points, "--samples", "sample points")
    check_count(points * replicates, "--replicates", f"model runs ({points:,} points x "
                f"{replicates} replicates)")
    _note(f"{points * replicates} model runs ({points} sample points x {replicates} "
          f"replicates), {len(fs)} parameters, outputs {', '.join(o.label for o in outs)}")
    labels = [o.label for o in outs]
    with _executor(workers, scheduler) as ex, _progress(points * replicates, "runs") as advance:
        evaluate = sa.ModelEvaluator(base, fs, seeds, outs, ex, advance)
        if method == "morris":
            report = {"parameters": sa.morris(fs, evaluate, labels, n, seed=seed)}
        else:
            report = {"parameters": sa.sobol(fs, evaluate, labels, n, seed=seed)}
            for kind, labels_of in splits:
                frame = sa.sobol(fs, evaluate, labels, n, groups=labels_of, seed=seed)
                frame.insert(2, "parameters", frame["name"].map(pd.Series(labels_of).value_counts()))
                report[kind] = frame
    if out is not None:
        _store_indices(out, method, report)
    _print_sensitivity(method, report, empty, points * replicates, fmt)


def _store_indices(out: Path, method: str, report: dict[str, pd.DataFrame]) -> None:
    from neopat.experiments.store import writing

    frame = pd.concat([f.assign(analysis=k) for k, f in report.items()], ignore_index=True)
    with writing(out) as store:
        store.append_table(f"sensitivity_{method}", frame)


def _print_sensitivity(method: str, report: dict[str, pd.DataFrame], empty: list[str],
                       runs: int, fmt: OutputFormat) -> None:
    if fmt is OutputFormat.json:
        typer.echo(dumps_json({"method": method, "runs": runs, "empty_tiers": empty,
                               **{k: f.astype(object).where(f.notna(), None).to_dict("records")
                                  for k, f in report.items()}}))
        return
    titles = {"parameters": f"{method}: indices per parameter (conf = 95% half-width)",
              "tier": "grouped Sobol by tier: share of the output's variance",
              "group": "grouped Sobol by catalogue group"}
    for key, frame in report.items():
        if fmt is OutputFormat.csv:
            _emit_frame(frame, fmt, titles[key])
            continue
        for output, part in _with_intervals(frame).groupby("output", sort=False):
            _emit_frame(part.drop(columns="output"), fmt, f"{titles[key]}\n{output}")
    for tier in empty:
        _note(f"the {tier} tier has no parameter in this analysis (the catalogue has none yet, "
              "or --params left it out): its share cannot be measured")


def _with_intervals(frame: pd.DataFrame) -> pd.DataFrame:
    """Table view: each index and its confidence half-width in one column, ``0.31 ± 0.05``."""
    shown = frame.copy()
    for column in [c for c in frame.columns if f"{c}_conf" in frame.columns]:
        shown[column] = [f"{v:.3f} ± {c:.3f}" if pd.notna(v) else "n/a"
                         for v, c in zip(frame[column], frame[f"{column}_conf"], strict=True)]
        shown = shown.drop(columns=f"{column}_conf")
    return shown


def results(
    store: Path = typer.Argument(..., help="DuckDB results store."),
    action: str = typer.Argument("summary", help="summary or export."),
    parquet: Path = typer.Option(None, "--parquet", help="export: the folder to write "
                                 "FOLDER/<table>.parquet into, one file per table."),
    force: bool = typer.Option(False, "--force", help="export: replace existing Parquet files."),
    outputs: list[str] = OUTPUTS, fmt: OutputFormat = FORMAT,
) -> None:
    """Summarise a results store (runs, scenarios, outputs across runs) or export it."""
    from neopat.experiments.results import Results  # DuckDB: imported lazily

    if action not in ("summary", "export"):
        raise InputError(f"expected summary or export, got {action!r}", where="ACTION")
    if action == "export" and parquet is None:
        raise InputError("export needs --parquet DIR", where="--parquet")
    with Results(store) as res:
        if action == "export":
            if parquet.exists() and not parquet.is_dir():
                raise InputError("is not a directory; --parquet names a folder", file=parquet)
            check_folder(parquet, what="Parquet export")
            for path in res.export_paths(parquet):
                check_output(path, what="Parquet file", force=force, inputs=[store])
            files = res.export_parquet(parquet)
            say(f"{len(files)} tables written to {parquet}")
            return
        runs = res.runs()
        available = [c for c in res.indicators().columns if c not in ("run_id", "year")]
        outs = (parse_outputs(outputs, available, res.span()) if outputs
                else default_outputs(available, SEAT_OUTPUTS))
        per_scenario = runs.groupby("scenario").agg(runs=("run_id", "count"),
                                                    species=("species", "first")).reset_index()
        ens = res.ensemble()
        if fmt is OutputFormat.json:
            typer.echo(dumps_json({"runs": len(runs), "ensemble": ens,
                                   "scenarios": per_scenario.to_dict("records"),
                                   "summary": res.summary(outs).to_dict("records")}))
            return
        say(f"{store}: {len(runs)} runs" + (
            f" of an ensemble of {ens['runs']} ({ens['scenario']}, seed {ens['root_seed']})"
            if ens else ""))
        _emit_frame(per_scenario, fmt, "runs by scenario")
        _emit_frame(res.summary(outs), fmt, "outputs across runs")


def register(app: typer.Typer) -> None:
    for command in (ensemble, sweep, sensitivity, results):
        app.command(command.__name__)(command)
