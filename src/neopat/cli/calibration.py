"""``neopat screen-history`` and ``neopat calibrate-history``: which parameters move the fit to
the in-sample facts, and the calibration of the top few by ABC-SMC, written with its provenance
into the packaged defaults."""

from __future__ import annotations

import time
from contextlib import nullcontext
from pathlib import Path

import typer

from neopat.cli._common import (
    SEED_RANGE,
    WORKER_RANGE,
    OutputFormat,
    dumps_json,
    emit_rows,
    runs_range,
    say,
)
from neopat.experiments.runner import check_count, spawn_seeds

SCENARIO = typer.Argument("kazakhstan", help="Packaged scenario name or TOML path.")
SEED = typer.Option(1, "--seed", help="Root seed of the calibration (0 <= seed < 2**63).",
                    callback=SEED_RANGE)
TRAJECTORIES = typer.Option(4, "--trajectories", help="Morris trajectories (each runs every "
                            "parameter plus one point).", callback=runs_range())
SCREEN_SEEDS = typer.Option(2, "--screen-seeds", help="Common seeds per screen point.",
                            callback=runs_range())
WORKERS = typer.Option(2, "--workers", help="Processes running the model (1: in this process, "
                       "no Dask cluster).", callback=WORKER_RANGE)
FORMAT = typer.Option(OutputFormat.table, "--format", help="table or json.")


def _base(scenario: str):
    """The scenario at its declared defaults: a calibration never starts from an earlier one."""
    from neopat.scenarios.spec import prepare

    return prepare(scenario, calibrated=False)


def _executor(workers: int):
    from neopat.experiments.executor import DaskExecutor

    return DaskExecutor(workers=workers) if workers > 1 else nullcontext(None)


def _screen_rows(frame, k: int, top: int | None = None) -> list[dict]:
    """The screen's rows (the ``top`` by mu* and the chosen), with the calibration's choice."""
    from neopat.validation.screen import marked

    rows = marked(frame, k)
    if top:
        rows = rows[(rows["rank"] <= top) | (rows["chosen"] > 0)]
    keys = ("rank", "name", "group", "mu_star", "mu_star_conf", "sigma", "chosen", "moves_most")
    return [{key: r[key] for key in keys if key in r} for r in rows.to_dict("records")]


def _warn_unseparated(tied: list[str], k: int) -> None:
    if tied:
        say(f"on the mean distance the screen does not separate the {k} chosen from "
            f"{len(tied)} more whose 95% interval of mu* reaches the weakest chosen one's: "
            f"{', '.join(tied)}; more trajectories or seeds would be needed to rank them",
            stderr=True)


def screen_history(scenario: str = SCENARIO, trajectories: int = TRAJECTORIES,
                   screen_seeds: int = SCREEN_SEEDS, seed: int = SEED,
                   parameters: int = typer.Option(4, "--parameters", help="How many a "
                                                  "calibration would choose: the screen says "
                                                  "which it cannot tell apart.",
                                                  callback=runs_range()),
                   repeat: int = typer.Option(1, "--repeat", help="Screens of this budget "
                                              "from root seeds SEED, SEED+1, ...: with more "
                                              "than one, how often each parameter is chosen.",
                                              callback=runs_range()),
                   workers: int = WORKERS, fmt: OutputFormat = FORMAT) -> None:
    """Morris screen of every calibration parameter (numeric catalogue parameters outside the
    numerical tier) on the standardised distance to the in-sample facts; ranked by mu* on the
    mean distance, with the parameters a calibration would choose to cover the facts. With
    ``--repeat``, whether that choice holds from other root seeds at the same budget."""
    from neopat.validation import calibration, screen

    base, fs = _base(scenario), calibration.parameters()
    check_count(screen.n_points(trajectories, len(fs)) * screen_seeds * repeat, "--trajectories")
    with _executor(workers) as ex:
        frames = [screen.screen(base, fs, calibration.record_targets(), trajectories,
                                spawn_seeds(screen_seeds, root), ex, seed=root)
                  for root in range(seed, seed + repeat)]
    budget = f"{trajectories} trajectories x {len(fs) + 1} points x {screen_seeds} seeds"
    if repeat == 1:
        emit_rows(_screen_rows(frames[0], parameters), fmt, f"Morris screen: {budget}, distance "
                  "to the in-sample facts; chosen: the calibration's choice, in order")
        _warn_unseparated(screen.unseparated(frames[0], parameters), parameters)
        return
    rows = screen.choice_stability(frames, parameters).to_dict("records")
    if fmt is not OutputFormat.json:
        rows = [{**r, "ranks": " ".join(map(str, r["ranks"]))} for r in rows]
    emit_rows(rows, fmt, f"The calibration's choice of {parameters} over {repeat} Morris "
              f"screens ({budget}; root seeds {seed}-{seed + repeat - 1}): chosen_in screens, "
              "rank by mu* in each")


def calibrate_history(
    scenario: str = SCENARIO, seed: int = SEED, trajectories: int = TRAJECTORIES,
    screen_seeds: int = SCREEN_SEEDS,
    parameters: int = typer.Option(4, "--parameters", help="Parameters calibrated: those of the "
                                   "screen that together move the most in-sample facts (at "
                                   "most half as many as the facts).",
                                   callback=runs_range()),
    population: int = typer.Option(50, "--population", help="ABC-SMC particles per population.",
                                   callback=runs_range(2)),
    budget: int = typer.Option(1000, "--budget", help="Simulated particles, at most (checked "
                               "between populations).", callback=runs_range(2)),
    generations: int = typer.Option(8, "--generations", help="Populations, at most.",
                                    callback=runs_range()),
    ensemble: int = typer.Option(4, "--ensemble", help="Common seeds per particle.",
                                 callback=runs_range()),
    draws: int = typer.Option(20, "--draws", help="Posterior-predictive draws.",
                              callback=runs_range()),
    repeat: int = typer.Option(1, "--repeat", help="Calibrations from root seeds SEED, "
                               "SEED+1, ...; the one applied has the largest in-sample "
                               "posterior-predictive coverage (then the lowest final epsilon).",
                               callback=runs_range()),
    out: Path = typer.Option(None, "--out", help="Folder for posterior.csv and provenance.toml "
                             "(default: the packaged one, whose defaults every scenario reads)."),
    workers: int = WORKERS, fmt: OutputFormat = FORMAT,
) -> None:
    r"""Calibrate the in-sample facts: a Morris screen, ABC-SMC of the parameters that together
    move the most facts (uniform
    priors over their ranges), a posterior-predictive check on fresh seeds; writes the weighted
    posterior sample and the provenance file whose \[defaults] (posterior medians) the scenarios
    read. With ``--repeat``, calibrations from successive root seeds, of which the one with the
    best in-sample posterior-predictive coverage is written. Held-out facts play no part."""
    from neopat.data.calibrated import folder
    from neopat.files import check_folder
    from neopat.validation import calibration, pipeline, screen

    b = pipeline.Budget(trajectories, screen_seeds, population, budget, generations, ensemble,
                        draws, parameters)
    base, fs = _base(scenario), calibration.parameters()
    check_count(b.runs(len(fs)) * repeat, "--budget")
    target = check_folder(out, what="calibration folder") if out else Path(str(folder()))
    targets = calibration.record_targets()
    say(f"at most {b.runs(len(fs)) * repeat:,} model runs to {min(base.span[1], 2000)}",
        stderr=True)
    start = time.monotonic()
    with _executor(workers) as ex:
        results = [pipeline.calibrate(base, targets, b, root, ex, fs)
                   for root in range(seed, seed + repeat)]
    result = pipeline.best(results)
    pipeline.write(result, targets, scenario, target)
    minutes = (time.monotonic() - start) / 60
    tied = screen.unseparated(result.screen, parameters)
    summary = result.posterior.summary()
    if fmt is OutputFormat.json:
        typer.echo(dumps_json({
            "screen": _screen_rows(result.screen, parameters, 10), "posterior": summary.to_dict("records"),
            "coverage": result.coverage.to_dict("records"),
            "particles_simulated": result.posterior.simulations,
            "epsilons": result.posterior.epsilons, "minutes": minutes, "out": str(target),
            "unseparated": tied, "repeats": result.repeats}))
        return
    if repeat > 1:
        emit_rows([{**r, "parameters": " ".join(r["parameters"])} for r in result.repeats], fmt,
                  "calibrations by root seed; applied: the largest in-sample coverage")
    emit_rows(_screen_rows(result.screen, parameters, 10), fmt,
              "Morris screen (top 10 by mu* and the chosen)")
    _warn_unseparated(tied, parameters)
    emit_rows(summary.to_dict("records"), fmt,
              "posterior: median, 5-95%, contraction (1 - posterior var / prior var)")
    emit_rows(result.coverage.to_dict("records"), fmt,
              f"in-sample posterior-predictive check: {b.draws} draws x {b.ensemble} fresh seeds")
    say(f"{result.posterior.simulations} particles simulated; epsilons "
        + ", ".join(f"{e:.3f}" for e in result.posterior.epsilons)
        + f"; {minutes:.1f} min; written to {target}")


def register(app: typer.Typer) -> None:
    app.command("screen-history")(screen_history)
    app.command("calibrate-history")(calibrate_history)
