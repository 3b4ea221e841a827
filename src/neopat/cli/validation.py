"""``neopat validate-history``: an ensemble of seeds against the thesis' stylised facts, with
ablations that must lose them and null models the defection waves must beat."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

import typer
from rich.markup import escape
from rich.progress import Progress
from rich.table import Table

from neopat.cli._common import (
    COUNT,
    SEED_RANGE,
    WIDE,
    WORKER_RANGE,
    OutputFormat,
    check_plot,
    console,
    dumps_json,
    err_console,
    process_pool,
    runs_range,
    write_plot,
)
from neopat.cli.model import scenario_file, scenario_spec
from neopat.errors import InputError
from neopat.experiments.runner import check_count


def _fmt(value) -> str:
    if value is None:
        return "-"
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.3g}"


def _short(value) -> str:
    """A number for a narrow column: millions and thousands abbreviated."""
    if value is None:
        return "-"
    for least, size, unit in ((1e6, 1e6, "M"), (1e4, 1e3, "k")):
        if abs(value) >= least:
            return f"{value / size:.3g}{unit}"
    return f"{value:.3g}"


def _posterior_draws(base, n: int, root: int, sets: list[str] | tuple = ()) -> list:
    """``n`` specs: ``base`` with the calibrated parameters drawn from the stored
    posterior sample (resampled by weight, seeded by ``root``); none of them may be in
    ``sets`` (the ``--set`` overrides)."""
    from neopat.experiments.sensitivity import point_spec
    from neopat.validation.pipeline import load

    post = load()
    drawn = {f.name for f in post.fs}
    clash = sorted(n for n in (item.split("=", 1)[0] for item in sets) if n in drawn)
    if clash:
        raise InputError(f"{', '.join(clash)} is drawn from the posterior; drop it from --set "
                         "or --posterior", where="--set")
    return [point_spec(base, post.fs, row) for row in post.draw(n, root)]


def facts_table(rows: list[dict], title: str, sources: bool) -> Table:
    """The facts, one section per level; the fact's description and the record wrap, the
    numbers do not (the seed lines are in ``--format json`` on a narrow terminal)."""
    held_out = any(r["sample"] == "held_out" for r in rows)
    table = Table(title=escape(title),
                  caption="held out: the fact reads a year after 2000" if held_out else None)
    table.add_column("fact", no_wrap=True)
    table.add_column("description", ratio=3, overflow="fold")
    table.add_column("sample", overflow="fold")
    table.add_column("model", justify="right", no_wrap=True)
    table.add_column("record", ratio=2, overflow="fold")
    table.add_column("band", no_wrap=True)
    table.add_column("inside", no_wrap=True)
    if sources:
        table.add_column("source", no_wrap=True)
    for i, r in enumerate(rows):
        if i and r["level"] != rows[i - 1]["level"]:
            table.add_section()
        lo, hi = r["band"]
        cells = [r["fact"], escape(r["name"]), "in" if r["sample"] == "in" else "held out",
                 _short(r["simulated"]), escape(r["record"]), f"{_short(lo)}–{_short(hi)}",
                 "yes" if r["inside"] else "NO"]
        table.add_row(*cells, *([r["source"]] if sources else []))
    return table


def validate_history(
    scenario: str = typer.Argument("kazakhstan", help="Packaged scenario name or TOML path."),
    runs: str = typer.Option("auto", "--runs",
                             help="Seeds per arm, or 'auto': grow by 10 from 20 until every "
                                  "fact's coefficient of variation is stable (Lee et al. 2015)."),
    most: int = typer.Option(100, "--max-runs", help="Ceiling for --runs auto.",
                             callback=runs_range(20)),
    scale: float = typer.Option(None, "--scale",
                                help="Electorate sampling fraction (default: the scenario's)."),
    root: int = typer.Option(0, "--root", help="Root seed the run seeds are spawned from.",
                             callback=SEED_RANGE),
    ablate: list[str] = typer.Option(
        [], "--ablate", help="Also run the ensemble without a mechanism (informal, defections, "
                             "privatisation; repeatable) and test which facts it loses."),
    nulls: int = typer.Option(0, "--nulls", callback=COUNT,
                              help="Replicates of each null model of the wave timing (e.g. 200)."),
    prior: int = typer.Option(0, "--prior", callback=COUNT,
                              help="Also a prior-predictive check of the party system: this many "
                                   "runs, every numeric parameter drawn over its range."),
    posterior: bool = typer.Option(False, "--posterior",
                                   help="Draw each run's calibrated parameters from the stored "
                                        "posterior sample (seeded by --root), not the defaults."),
    blind: bool = typer.Option(False, "--in-sample",
                               help="Blind mode for developing a mechanism: the runs end in "
                                    "2000 and only the in-sample facts are scored, so the "
                                    "held-out ones are never computed (not with --nulls or "
                                    "--prior, which read later years)."),
    sets: list[str] = typer.Option([], "--set", help="Override a catalogue parameter: "
                                   "dotted.name=value (repeatable); every arm, null and prior "
                                   "run starts from it."),
    workers: int = typer.Option(2, "--workers", help="Processes running the model.",
                                callback=WORKER_RANGE),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", help="table or json."),
    plot: Path = typer.Option(None, "--plot", dir_okay=False,
                              help="Also write an HTML file of figures: every fact against its "
                                   "band (and each ablation's value), the defections by year "
                                   "against the record's."),
) -> None:
    """Run an ensemble and print, per stylised fact, its level, sample (in-sample up to 2000,
    held out after), the simulated statistic beside the record, the band and whether it is
    inside; the score per sample (with --in-sample, the in-sample facts alone); how often
    defectors' parties reach a ballot; with --ablate, the facts each ablation loses; with
    --nulls, how the defection waves' timing compares with two null models; with --prior,
    whether the record's ballots and registry lie inside what the model produces over its
    parameter ranges; with --posterior, the ensemble (and each ablation arm) draws its
    calibrated parameters from the posterior of neopat calibrate-history; with --plot, the
    facts and the defections as figures in an HTML file."""
    from neopat.experiments.runner import replicates as replicate  # imported lazily
    from neopat.experiments.runner import run as run_specs
    from neopat.scenarios.ablations import ablate as remove
    from neopat.validation import ablation
    from neopat.validation import nulls as null_models
    from neopat.validation import prior as prior_check
    from neopat.validation.calibration import in_sample, truncated
    from neopat.validation.facts import IN_SAMPLE_UNTIL, defection_profile, score_facts
    from neopat.validation.stability import stable_ensemble

    if runs != "auto" and not (runs.isascii() and runs.isdigit()):
        raise InputError(f"expected a number of runs (at least 2) or 'auto', got {runs!r}",
                         where="--runs")
    if runs != "auto":
        check_count(int(runs), "--runs", least=2)
    check_count(nulls, "--nulls", "null replicates", least=0)
    for flag, given in (("--nulls", nulls), ("--prior", prior)):
        if blind and given:
            raise InputError("reads years after 2000, which --in-sample never runs; drop one of "
                             "them", where=flag)
    spec = scenario_spec(scenario, sets, scale, None)
    if blind:
        if spec.span[0] > IN_SAMPLE_UNTIL:
            raise InputError(f"the scenario starts in {spec.span[0]}, after "
                             f"{IN_SAMPLE_UNTIL}: it has no in-sample years", where="--in-sample")
        spec = truncated(spec)
    catalogue = in_sample() if blind else None
    check_plot(plot, [scenario_file(scenario)])
    base = spec.scenario
    drawn = _posterior_draws(spec, most if runs == "auto" else int(runs), root, sets) \
        if posterior else None
    arms = {name: remove(spec, name) for name in dict.fromkeys(ablate)}  # refused if unknown

    def designs(arm: str | None, first: int, count: int) -> list:
        if drawn is None:
            return replicate(arms[arm] if arm else spec, first + count, root)[first:]
        seeds = [s.seed for s in replicate(spec, first + count, root)[first:]]
        return [(remove(d, arm) if arm else d).with_seed(seed)
                for d, seed in zip(drawn[first:first + count], seeds, strict=True)]

    with ExitStack() as stack:
        pool = stack.enter_context(process_pool(workers))
        progress = stack.enter_context(Progress(console=err_console, transient=True))
        task = progress.add_task("runs", total=None)

        def run(arm: str | None, first: int, count: int):
            return run_specs(designs(arm, first, count), pool,
                             on_done=lambda *_: progress.advance(task))

        if runs == "auto":
            results, trace = stable_ensemble(lambda first, n: run(None, first, n), most=most,
                                             catalogue=catalogue)
        else:
            results, trace = run(None, 0, int(runs)), []
        n = len(results)
        ablated = {name: run(name, 0, n) for name in arms}
        null_rows = null_models.both(spec, results, nulls, executor=pool) if nulls else []
        checked = prior_check.check(spec, prior, executor=pool) if prior else None
    rows, score = score_facts(results, catalogue)
    compared = ablation.compare(results, ablated, catalogue) if ablated else []
    lost, moved = ablation.losses(compared), ablation.moves(compared)
    profile = defection_profile(results)
    write_plot(plot, f"{base.name}: {n} runs against the record", lambda fit: [
        fit.facts_figure(rows, [c.as_dict() for c in compared]),
        fit.defections_figure(profile, fit.record_defections())])
    if fmt is OutputFormat.json:
        typer.echo(dumps_json({
            "facts": [{k: r[k] for k in ("fact", "name", "level", "sample", "simulated",
                                         "record", "band", "inside", "source")} for r in rows],
            "score": score, "runs": n, "posterior": posterior, "defections_by_year": profile,
            "stability": [{k: t[k] for k in ("runs", "largest_change")} for t in trace],
            "ablations": [c.as_dict() for c in compared], "lost": lost, "moved": moved,
            "nulls": [r.as_dict() for r in null_rows],
            "defector_lists_on_a_ballot": prior_check.defector_ballot_share(results),
            "prior": checked}))
        return
    console.print(facts_table(rows, f"{base.name}: {n} runs against the record",
                              sources=console.width >= WIDE))
    console.print(f"in-sample: {score['in']}/{score['n_in']} facts inside; held out: "
                  + ("not computed (--in-sample)" if blind
                     else f"{score['held_out']}/{score['n_held_out']}"))
    busy = [p for p in profile if p["defections"] > 0]
    console.print("defections a run by year (share of runs with a wave): " + (", ".join(
        f"{p['year']} {p['defections']:.2f} ({p['waves']:.2f})" for p in busy) or "none"))
    if trace:
        steps = ", ".join(f"{t['runs']}: {_fmt(t['largest_change'])}" for t in trace[1:])
        console.print(f"runs chosen by the stability of the facts' coefficients of variation: "
                      f"{n} (largest change per size: {steps or 'none'})")
    if compared:
        table = Table(title="ablations: facts lost (baseline inside, ablated outside, the "
                            "predicted way, Holm-adjusted paired p < 0.05)")
        for col in ("ablation", "fact", "predicted", "baseline", "ablated", "p (Holm)", "lost"):
            table.add_column(col)
        for c in compared:
            if c.predicted:
                table.add_row(c.ablation, c.fact, c.predicted, _fmt(c.baseline), _fmt(c.ablated),
                              _fmt(c.p_holm), "LOST" if c.lost else "")
        console.print(table)
        for name, facts_lost in lost.items():
            went = moved[name]
            console.print(f"{name}: loses {len(facts_lost)} ({', '.join(facts_lost) or 'none'});"
                          f" moves {len(went['moved'])} of the {went['predicted']} facts with a "
                          "predicted direction the predicted way, significantly")
    share = prior_check.defector_ballot_share(results)
    console.print("parties founded by defectors that stood in a parliamentary election: "
                  + ("none founded" if share is None else f"{share:.0%}"))
    if checked:
        table = Table(title=f"prior-predictive check: {checked['draws']} runs, every numeric "
                            "parameter drawn over its range")
        for col in ("check", "record", "simulated 5-95%", "record inside", "runs at or below"):
            table.add_column(col)
        for r in checked["checks"]:
            table.add_row(r["check"], _fmt(r["record"]), f"{_fmt(r['p5'])} .. {_fmt(r['p95'])}",
                          "yes" if r["inside"] else "NO", _fmt(r["at_or_below"]))
        console.print(table)
    for r in null_rows:
        d = r.as_dict()
        console.print(f"waves against the {d['null']} null: timing error {d['model_error']:.2f} "
                      f"years against {d['null_mean_error']:.2f} over {d['replicates']} "
                      f"replicates, p = {d['p']:.3f}")


def register(app: typer.Typer) -> None:
    app.command("validate-history")(validate_history)
