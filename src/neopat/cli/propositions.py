"""``neopat propositions``: the thesis' eight propositions (seed:4752-4781, 4782-4811) as paired
baseline/counterfactual ensembles with effects, intervals and verdicts."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer
from rich.markup import escape
from rich.padding import Padding
from rich.table import Table

from neopat.cli._common import (
    SEED_RANGE,
    WIDE,
    OutputFormat,
    check_plot,
    console,
    dumps_json,
    emit_rows,
    runs_range,
    write_plot,
)
from neopat.cli.experiments import SCHEDULER, WORKERS, _executor, _note, _progress
from neopat.errors import InputError
from neopat.experiments.runner import check_count
from neopat.files import check_output


class Interval(StrEnum):
    t = "t"
    bootstrap = "bootstrap"


def propositions(
    runs: int = typer.Option(20, "--runs", help="Paired runs per arm (same seeds in baseline "
                             "and counterfactual), at least 2.", callback=runs_range(2)),
    scale: float = typer.Option(None, "--scale", help="Electorate sampling fraction."),
    years: str = typer.Option(None, "--years", help="Simulated span START:END (default: the "
                              "baseline's, 1990:2008)."),
    seed: int = typer.Option(1, "--seed", help="Root seed: run seeds are spawned from "
                             "SeedSequence(seed); a bootstrap interval uses it too.",
                             callback=SEED_RANGE),
    interval: Interval = typer.Option(Interval.t, "--interval", help="Interval of the mean "
                                      "paired difference: t (Student) or bootstrap (percentile)."),
    workers: int = WORKERS, scheduler: str = SCHEDULER,
    only: list[str] = typer.Option([], "--only", help="Run only these propositions (P1..P8; "
                                   "repeatable)."),
    flips: bool = typer.Option(False, "--flips", help="Also run each test's flips: the same "
                               "pair on a baseline with one input changed, which should turn "
                               "the verdict where it applies (the verdict is not the one the "
                               "flip expects)."),
    out: Path = typer.Option(None, "--out", help="DuckDB results store: its propositions and "
                             "proposition_runs tables are (re)written, other tables kept."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", help="table, csv or json."),
    plot: Path = typer.Option(None, "--plot", dir_okay=False,
                              help="Also write an HTML figure: each proposition's effect (Cohen's "
                                   "d, 95% interval) in the direction the thesis predicts."),
) -> None:
    """Test the thesis' propositions P1-P8: each compares a baseline with a counterfactual that
    changes only named mechanism inputs, across paired runs; prints the effect (baseline minus
    counterfactual), its 95% interval (t or bootstrap), Cohen's d and the verdict, with the result that
    would have contradicted it. Propositions whose inputs or outcome the model lacks are
    reported "not available"."""
    from neopat.experiments.propositions import (  # the results store: imported lazily
        design,
        flip_rows,
        flipped,
        run_propositions,
        write_store,
    )

    props = select(only)
    check_plot(plot, [out])
    if out is not None:  # refuse a foreign or other-version file before running
        from neopat.experiments.store import check_store
        check_output(out, what="results store", exists_ok=True)
        check_store(out)
    if flips:
        props = props + flipped(props)
    plan = design(props, scale=scale, years=years)
    total = check_count(runs * len(plan.arms), "--runs",
                        f"model runs ({len(plan.arms)} scenarios x {runs} seeds)", least=0)
    _note(f"{len(plan.pairs)} propositions to test, {len(plan.unavailable)} not available; "
          f"{total} model runs ({len(plan.arms)} scenarios x {runs} seeds)")
    if total:
        with _executor(workers, scheduler) as ex, _progress(total, "runs") as advance:
            results, per_run = run_propositions(plan, runs, seed, ex, on_run=advance,
                                               interval=interval.value)
    else:
        results, per_run = run_propositions(plan, runs, seed, interval=interval.value)
    if out is not None:
        write_store(out, results, per_run, seed)
        _note(f"wrote {len(results)} propositions to {out}")
    main = [r for r in results if "~" not in r.proposition]
    flip_table = flip_rows(main, [r for r in results if "~" in r.proposition]) if flips else []
    rows = [r.as_row() for r in main]
    write_plot(plot, f"propositions: {runs} paired runs, seed {seed}",
               lambda fit: [fit.propositions_figure(rows)])
    if fmt is OutputFormat.json:
        typer.echo(dumps_json({"propositions": rows, "flips": flip_table} if flips else rows))
        return
    if fmt is not OutputFormat.table:
        emit_rows(rows, fmt)
        return
    for kind, title in (("test", "propositions tested"),
                        ("check", "checks: the model's own rule, restated (no verdict is a test)")):
        heading = f"{title}: {runs} paired runs, seed {seed} (effect = baseline - counterfactual)"
        these = [r for r in rows if r["kind"] == kind]
        if console.width >= WIDE:
            console.print(verdict_table(these, heading))
        else:  # a narrow terminal: one short block per proposition, nothing broken mid-word
            console.print(f"[bold]{escape(heading)}[/]", highlight=False)
            for r in these:
                head, *rest = verdict_block(r)
                console.print(head, highlight=False)
                for line in rest:  # indented, wrapped lines too
                    console.print(Padding(line, (0, 0, 0, 4)), highlight=False)
    for r in rows:
        tail = (f"not available: {r['note']}" if r["verdict"] == "not available"
                else f"contradicted if {r['contradicts_if']} (the whole 95% interval on that "
                     "side of zero)" + (f"; {r['note']}" if r["note"] else ""))
        console.print(f"[bold]{r['proposition']}[/] {escape(r['title'])} ({r['source']}); "
                      f"counterfactual: {escape(r['counterfactual'])}; {escape(tail)}.",
                      highlight=False)
    if flip_table:
        emit_rows([{"": f["proposition"], "flip": f["flip"], "verdict": f["verdict"],
                    "flipped": f["flipped"], "expected": f["expected"],
                    "turned": {True: "yes", False: "NO", None: "n/a"}[f["turned"]]}
                   for f in flip_table], fmt,
                  "flips: one input changed in the baseline, the same measure and "
                  "counterfactual; a flip applies where the verdict is not the one it expects")


def select(only: list[str]):
    """The propositions ``--only`` names (any case: ``p1a`` is P1a), all when none."""
    from neopat.experiments.propositions import PROPOSITIONS

    wanted = {k.strip().upper() for part in only for k in part.split(",") if k.strip()}
    unknown = wanted - {p.key.upper() for p in PROPOSITIONS}
    if unknown:
        raise InputError(f"unknown proposition {', '.join(sorted(unknown))}; choose from "
                         f"{', '.join(p.key for p in PROPOSITIONS)}", where="--only")
    return tuple(p for p in PROPOSITIONS if not wanted or p.key.upper() in wanted)


def _g(value: float | None) -> str:
    return "" if value is None else f"{value:.3g}"


def _effect(r: dict) -> str:
    return "" if r["effect"] is None else \
        f"{r['effect']:.3g} [{_g(r['ci_low'])}, {_g(r['ci_high'])}]"


def verdict_block(r: dict) -> list[str]:
    """One proposition in three lines: verdict and effect; the outcome, its direction and the
    predicted sign; both arms' means."""
    d = "" if r["effect_size"] is None else f", d {r['effect_size']:.2f}"
    return [f"[bold]{r['proposition']}[/] {escape(r['verdict'])}: effect {_effect(r) or '-'}{d}",
            escape(f"{r['outcome']} (higher = {r['higher']}), predicted {r['expected']}"),
            f"baseline {_g(r['baseline_mean']) or '-'}, counterfactual "
            f"{_g(r['counterfactual_mean']) or '-'}"]


def verdict_table(rows: list[dict], title: str) -> Table:
    """The verdicts: numbers and verdicts whole, the outcome's wording and the interval wrap."""
    table = Table(title=escape(title))
    table.add_column("", no_wrap=True)
    table.add_column("outcome (higher = ...)", ratio=1, overflow="fold")
    table.add_column("pred.", no_wrap=True)
    for col in ("baseline", "counterf."):
        table.add_column(col, justify="right", no_wrap=True)
    table.add_column("effect [95% CI]", overflow="fold")
    table.add_column("d", justify="right", no_wrap=True)
    table.add_column("verdict", no_wrap=True)
    for r in rows:
        table.add_row(r["proposition"], escape(f"{r['outcome']} (higher = {r['higher']})"),
                      r["expected"], _g(r["baseline_mean"]), _g(r["counterfactual_mean"]),
                      _effect(r), "" if r["effect_size"] is None else f"{r['effect_size']:.2f}",
                      r["verdict"])
    return table


def register(app: typer.Typer) -> None:
    app.command("propositions")(propositions)
