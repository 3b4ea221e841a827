"""Morris screen of the calibration's parameters on the in-sample facts' distance: which few
parameters move the fit, so that a calibration varies at most half as many parameters as there
are in-sample facts (Morris 1991; mu* as in Campolongo et al. 2007)."""

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
from neopat.validation.calibration import Target, distance, simulate

LEVELS = 4


def n_points(trajectories: int, d: int) -> int:
    return trajectories * (d + 1)


def screen(base: RunSpec, fs: Sequence[Factor], targets: Sequence[Target],
           trajectories: int, seeds: Sequence[int], executor: Executor | None = None, *,
           seed: int = 0, on_done: Callable[[], None] | None = None) -> pd.DataFrame:
    """Morris elementary effects of ``fs`` on the mean standardised distance to ``targets``
    (each point run with the common ``seeds``): one row per parameter with mu*, its 95%
    confidence half-width, mu and sigma, sorted by mu* (rank 1 = most influential)."""
    prob = problem(fs)
    x = morris_sample.sample(prob, trajectories, num_levels=LEVELS, seed=seed)
    y = distance(simulate(base, fs, x, seeds, executor, on_done), targets)
    with warnings.catch_warnings():  # one trajectory: sigma is undefined (NaN), not an error
        warnings.simplefilter("ignore", RuntimeWarning)
        si = morris_analyze.analyze(prob, x, y, num_levels=LEVELS, seed=seed + 1)
    frame = pd.DataFrame({"name": prob["names"], "group": [f.group for f in fs],
                          "mu_star": si["mu_star"], "mu_star_conf": si["mu_star_conf"],
                          "mu": si["mu"], "sigma": si["sigma"]})
    frame = frame.sort_values("mu_star", ascending=False, kind="stable", ignore_index=True)
    frame.insert(0, "rank", np.arange(1, len(frame) + 1))
    return frame


def unseparated(frame: pd.DataFrame, k: int) -> list[str]:
    """Parameters ranked below ``k`` whose mu* interval (mu* +- its 95% half-width) reaches the
    k-th parameter's: the screen does not tell them apart from the ones chosen."""
    if k < 1 or k >= len(frame):
        return []
    floor = frame["mu_star"].iloc[k - 1] - frame["mu_star_conf"].iloc[k - 1]
    rest = frame.iloc[k:]
    return rest.loc[rest["mu_star"] + rest["mu_star_conf"] >= floor, "name"].tolist()
