"""The calibration, end to end: a Morris screen of every calibration parameter, ABC-SMC of the
top few on the in-sample facts, a posterior-predictive check, and the files that record it
(``posterior.csv`` and ``provenance.toml``, whose ``[defaults]`` are the posterior medians the
scenarios read, :mod:`neopat.data.calibrated`)."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd
import tomli_w

from neopat import __version__
from neopat.data.calibrated import POSTERIOR, PROVENANCE, provenance
from neopat.errors import InputError
from neopat.experiments.sensitivity import Factor
from neopat.files import read_text, write_text
from neopat.scenarios.spec import RunSpec
from neopat.validation import screen as morris
from neopat.validation.calibration import CAP, Target, in_sample, parameters
from neopat.validation.posterior import MIN_ACCEPTANCE, Posterior, abc_smc, coverage

MAX_PARAMETERS = len(in_sample()) // 2  # at most half as many parameters as in-sample facts


@dataclass(frozen=True)
class Budget:
    """How much a calibration simulates (model runs: see :meth:`runs`)."""

    trajectories: int = 4  # Morris trajectories
    screen_seeds: int = 2  # common seeds per screen point
    population: int = 50  # ABC-SMC particles per population
    particles: int = 1000  # simulated particles, most (checked between populations)
    generations: int = 8  # populations, most
    ensemble: int = 4  # common seeds per particle
    draws: int = 20  # posterior-predictive draws
    parameters: int = MAX_PARAMETERS

    def __post_init__(self) -> None:
        if not 1 <= self.parameters <= MAX_PARAMETERS:
            raise InputError(f"calibrate 1 to {MAX_PARAMETERS} parameters (half the "
                             f"{len(in_sample())} in-sample facts), not {self.parameters}",
                             where="--parameters")

    def runs(self, d: int) -> int:
        """Model runs at most (the ABC's last population may overrun ``particles`` by up to
        ``population / MIN_ACCEPTANCE`` particles)."""
        return (morris.n_points(self.trajectories, d) * self.screen_seeds
                + (self.particles + round(self.population / MIN_ACCEPTANCE)) * self.ensemble
                + self.draws * self.ensemble)


@dataclass
class Calibration:
    screen: pd.DataFrame
    posterior: Posterior
    coverage: pd.DataFrame
    budget: Budget
    seed: int
    repeats: list[dict] = field(default_factory=list)  # every calibration it was chosen from

    def fit(self) -> float:
        """In-sample posterior-predictive coverage: the summed share of draws inside each
        in-sample fact's band (what :func:`best` maximises)."""
        return float(self.coverage["inside_share"].sum())

    def summary(self) -> dict:
        return {"seed": self.seed, "parameters": list(self.posterior.names),
                "final_epsilon": float(self.posterior.epsilons[-1]), "coverage": self.fit()}


def best(results: Sequence[Calibration]) -> Calibration:
    """The calibration to apply among runs of one command from several root seeds, by an
    in-sample rule fixed before any of them is validated: the largest in-sample
    posterior-predictive coverage, then the lowest final epsilon; a copy that records them all."""
    chosen = max(results, key=lambda r: (round(r.fit(), 9), -r.posterior.epsilons[-1]))
    return replace(chosen, repeats=[{**r.summary(), "applied": r is chosen} for r in results])


def _seeds(seq: np.random.SeedSequence, n: int) -> list[int]:
    return [int(c.generate_state(1, np.uint32)[0]) for c in seq.spawn(n)]


def calibrate(base: RunSpec, targets: Sequence[Target], budget: Budget, seed: int,
              executor: Executor | None = None, fs: Sequence[Factor] | None = None,
              on_done: Callable[[], None] | None = None) -> Calibration:
    """Screen ``fs`` (default: every calibration parameter), calibrate the
    ``budget.parameters`` that together move the most facts (:func:`.screen.choose`), and check
    the posterior's predictions on fresh seeds."""
    fs = list(fs if fs is not None else parameters())
    screen_seq, abc_seq, check_seq, draw_seq = np.random.SeedSequence(seed).spawn(4)
    screen = morris.screen(base, fs, targets, budget.trajectories,
                           _seeds(screen_seq, budget.screen_seeds), executor,
                           seed=int(screen_seq.generate_state(1)[0]), on_done=on_done)
    chosen = [next(f for f in fs if f.name == name)
              for name in morris.choose(screen, budget.parameters)]
    post = abc_smc(base, chosen, targets, _seeds(abc_seq, budget.ensemble), executor,
                   population=budget.population, budget=budget.particles,
                   generations=budget.generations, seed=int(abc_seq.generate_state(1)[0]),
                   on_done=on_done)
    checked = coverage(base, post, targets, _seeds(check_seq, budget.ensemble), budget.draws,
                       int(draw_seq.generate_state(1)[0]), executor, on_done)
    return Calibration(screen, post, checked, budget, seed)


def _code_version() -> str:
    """neopat's version and the git commit it runs from (``+dirty`` when tracked files have
    uncommitted edits)."""
    here = Path(__file__).parent
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=here, capture_output=True,
                              text=True, timeout=10, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=here, capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return __version__
    return f"{__version__} {head}{'+dirty' if dirty else ''}"


def _shown(result: Calibration) -> pd.DataFrame:
    """The screen's top 10 by mu* and the parameters chosen."""
    frame = morris.marked(result.screen, result.budget.parameters)
    return frame[(frame["rank"] <= 10) | (frame["chosen"] > 0)]


def write(result: Calibration, targets: Sequence[Target], scenario: str, out: Path) -> None:
    """Write ``posterior.csv`` (weighted particles) and ``provenance.toml`` into ``out``."""
    post, b = result.posterior, result.budget
    first = min([r["seed"] for r in result.repeats] or [result.seed])
    version = _code_version()  # before writing: the files written would mark the tree dirty
    out.mkdir(parents=True, exist_ok=True)
    summary = post.summary()
    write_text(out / POSTERIOR, post.particles.to_csv(index=False, float_format="%.6g"))
    doc = {
        "calibration": {
            "command": (f"neopat calibrate-history {scenario} --seed {first} "
                        f"--trajectories {b.trajectories} --screen-seeds {b.screen_seeds} "
                        f"--population {b.population} --budget {b.particles} "
                        f"--generations {b.generations} --ensemble {b.ensemble} "
                        f"--draws {b.draws} --parameters {b.parameters}"
                        + (f" --repeat {len(result.repeats)}" if len(result.repeats) > 1 else "")),
            "scenario": scenario, "seed": result.seed,
            "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "code_version": version, "method": "ABC-SMC (pyabc, SingleCoreSampler)",
            "distance": (f"mean over the in-sample facts of |statistic - target| / scale, each "
                         f"capped at {CAP:g} (1 = the edge of the fact's band)"),
            "particles_simulated": post.simulations, "epsilons": post.epsilons,
            "budget": {"trajectories": b.trajectories, "screen_seeds": b.screen_seeds,
                       "population": b.population, "budget": b.particles,
                       "generations": b.generations, "ensemble": b.ensemble,
                       "draws": b.draws},
        },
        **({"repeats": {"rule": "largest in-sample posterior-predictive coverage, then the "
                                "lowest final epsilon",
                        "runs": result.repeats}} if len(result.repeats) > 1 else {}),
        "targets": {t.fact: {"value": t.value, "scale": t.scale} for t in targets},
        "screen": {r["name"]: {"rank": int(r["rank"]), "chosen": int(r["chosen"]),
                               **{k: float(v) for k, v in r.items()
                                  if k == "sigma" or k.startswith("mu_star")
                                  and k != "mu_star_conf"}}
                   for r in _shown(result).to_dict("records")},
        "parameters": {r["parameter"]: {k: float(v) for k, v in r.items() if k != "parameter"}
                       for r in summary.to_dict("records")},
        "coverage": {r["fact"]: {k: (bool(v) if k == "covers_target" else float(v))
                                 for k, v in r.items() if k != "fact"}
                     for r in result.coverage.to_dict("records")},
        "defaults": post.medians(),
    }
    write_text(out / PROVENANCE, "# Written by neopat calibrate-history; do not edit by hand.\n"
               + tomli_w.dumps(doc))


def load(where: Path | None = None) -> Posterior:
    """The stored posterior (default: the packaged one)."""
    from neopat.data.calibrated import folder
    from neopat.experiments.sensitivity import factors

    found = provenance(where)
    if not found:
        raise InputError("no stored calibration; run neopat calibrate-history first",
                         where="--posterior")
    names = list(found["parameters"])
    fs = {f.name: f for f in factors()}
    unknown = [n for n in names if n not in fs]
    if unknown:
        raise InputError(f"calibrated parameter {unknown[0]!r} is not in the catalogue",
                         file=PROVENANCE, where="parameters")
    chosen = [Factor(n, p["prior_lo"], p["prior_hi"], fs[n].group, fs[n].tier, fs[n].integer)
              for n, p in ((n, found["parameters"][n]) for n in names)]
    text = read_text((where or folder()).joinpath(POSTERIOR), what="posterior sample")
    try:
        particles = pd.read_csv(io.StringIO(text))[[*names, "weight"]].astype(float)
    except (KeyError, ValueError, pd.errors.ParserError) as exc:
        raise InputError(f"not a posterior sample of {', '.join(names)}: {exc}",
                         file=POSTERIOR) from None
    return Posterior(chosen, particles, found["calibration"]["epsilons"],
                     found["calibration"]["particles_simulated"])
