"""Morris screen of the calibration's parameters on the in-sample facts' distance: which few
parameters move the fit, so that a calibration varies at most half as many parameters as there
are in-sample facts (Morris 1991; mu* as in Campolongo et al. 2007). The few are chosen to
cover the facts (:func:`choose`), not only by their effect on the average."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from concurrent.futures import Executor

import numpy as np
import pandas as pd
from SALib.analyze import morris as morris_analyze
from SALib.sample import morris as morris_sample

from neopat.experiments.sensitivity import Factor, problem
from neopat.scenarios.spec import RunSpec
from neopat.validation.calibration import Target, distances, simulate

LEVELS = 4


def n_points(trajectories: int, d: int) -> int:
    return trajectories * (d + 1)


def screen(base: RunSpec, fs: Sequence[Factor], targets: Sequence[Target],
           trajectories: int, seeds: Sequence[int], executor: Executor | None = None, *,
           seed: int = 0, on_done: Callable[[], None] | None = None) -> pd.DataFrame:
    """Morris elementary effects of ``fs`` on the mean standardised distance to ``targets``
    (each point run with the common ``seeds``): one row per parameter with mu*, its 95%
    confidence half-width, mu and sigma, and mu* on each fact's own distance (columns
    ``mu_star:<fact>``), sorted by mu* (rank 1 = most influential)."""
    prob = problem(fs)
    x = morris_sample.sample(prob, trajectories, num_levels=LEVELS, seed=seed)
    per_fact = distances(simulate(base, fs, x, seeds, executor, on_done), targets)
    with warnings.catch_warnings():  # one trajectory: sigma is undefined (NaN), not an error
        warnings.simplefilter("ignore", RuntimeWarning)
        si = morris_analyze.analyze(prob, x, per_fact.mean(axis=-1), num_levels=LEVELS,
                                    seed=seed + 1)
        facts = {f"mu_star:{t.fact}": morris_analyze.analyze(
            prob, x, per_fact[:, k], num_levels=LEVELS, seed=seed + 1)["mu_star"]
            for k, t in enumerate(targets)}
    frame = pd.DataFrame({"name": prob["names"], "group": [f.group for f in fs],
                          "mu_star": si["mu_star"], "mu_star_conf": si["mu_star_conf"],
                          "mu": si["mu"], "sigma": si["sigma"], **facts})
    frame = frame.sort_values("mu_star", ascending=False, kind="stable", ignore_index=True)
    frame.insert(0, "rank", np.arange(1, len(frame) + 1))
    return frame


def fact_columns(frame: pd.DataFrame) -> list[str]:
    """The per-fact mu* columns of a screen."""
    return [c for c in frame.columns if c.startswith("mu_star:")]


def choose(frame: pd.DataFrame, k: int) -> list[str]:
    """``k`` parameters that together move the most facts (maximum coverage): one at a time, the
    one that adds most to the sum over the facts of the largest per-fact mu* among those chosen.
    A fact that only one parameter moves is not lost in the average, as it is when the top
    ``k`` by mu* on the mean distance are taken (their choice without per-fact columns)."""
    cols = fact_columns(frame)
    if not cols:
        return frame["name"].iloc[:k].tolist()
    effects = np.nan_to_num(frame[cols].to_numpy(dtype=float))
    covered, chosen = np.zeros(len(cols)), []
    for _ in range(min(k, len(frame))):
        gain = np.maximum(effects, covered).sum(axis=1) - covered.sum()
        gain[chosen] = -np.inf
        best = int(np.argmax(gain))  # ties: the higher ranked
        chosen.append(best)
        covered = np.maximum(covered, effects[best])
    return frame["name"].iloc[chosen].tolist()


def unseparated(frame: pd.DataFrame, k: int) -> list[str]:
    """Parameters outside the ``k`` of :func:`choose` whose mu* interval (mu* +- its 95%
    half-width) reaches that of the chosen parameter with the smallest mu*: on the mean
    distance the screen does not tell them apart from the ones chosen."""
    if k < 1 or k >= len(frame):
        return []
    chosen = frame["name"].isin(choose(frame, k))
    floor = (frame.loc[chosen, "mu_star"] - frame.loc[chosen, "mu_star_conf"]).min()
    rest = frame.loc[~chosen]
    return rest.loc[rest["mu_star"] + rest["mu_star_conf"] >= floor, "name"].tolist()


def marked(frame: pd.DataFrame, k: int) -> pd.DataFrame:
    """The screen with ``chosen`` (order of :func:`choose`, 0 if not chosen) and ``moves_most``
    (the fact whose distance the parameter moves most)."""
    order = {name: i + 1 for i, name in enumerate(choose(frame, k))}
    cols = fact_columns(frame)
    out = frame.assign(chosen=[order.get(n, 0) for n in frame["name"]])
    if cols:
        out["moves_most"] = frame[cols].idxmax(axis=1).str.removeprefix("mu_star:")
    return out


def choice_stability(frames: Sequence[pd.DataFrame], k: int) -> pd.DataFrame:
    """How often each parameter is among the ``k`` of :func:`choose` over screens of the same
    budget from different root seeds: one row per parameter chosen at least once, with the
    number and share of screens choosing it and its rank by mu* in each (most chosen first)."""
    choices = [choose(f, k) for f in frames]
    names = list(dict.fromkeys(n for c in choices for n in c))
    ranks = [dict(zip(f["name"], f["rank"], strict=True)) for f in frames]
    counts = {n: sum(n in c for c in choices) for n in names}
    rows = [{"name": n, "chosen_in": counts[n], "share": counts[n] / len(frames),
             "ranks": [int(r[n]) for r in ranks]} for n in names]
    return pd.DataFrame(rows).sort_values("chosen_in", ascending=False, kind="stable",
                                          ignore_index=True)
