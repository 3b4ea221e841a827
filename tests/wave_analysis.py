"""Detect defection waves in an ensemble and compare them with the record (tests only)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

PEAK_FLOOR = 0.2  # a wave's peak: at least this many defections per run on average


def pooled_curve(runs: Sequence[Sequence[int]], years: Sequence[int]) -> np.ndarray:
    """Mean defections per year over runs (each run is a list of defection years)."""
    index = {y: i for i, y in enumerate(years)}
    curve = np.zeros(len(years))
    for run in runs:
        for y in run:
            curve[index[y]] += 1
    return curve / max(len(runs), 1)


def waves(runs: Sequence[Sequence[int]], years: Sequence[int]) -> list[float]:
    """Median years of the ensemble's waves: each local maximum of the pooled curve of at least
    PEAK_FLOOR defections per run, with its basin bounded by the neighbouring minima."""
    raw = pooled_curve(runs, years)

    peaks = [i for i in range(len(years))
             if raw[i] >= PEAK_FLOOR and (i == 0 or raw[i] >= raw[i - 1])
             and (i == len(years) - 1 or raw[i] > raw[i + 1])]
    medians = []
    for k, p in enumerate(peaks):
        lo = 0 if k == 0 else int(np.argmin(raw[peaks[k - 1]:p + 1])) + peaks[k - 1]
        hi = (len(years) - 1 if k == len(peaks) - 1
              else int(np.argmin(raw[p:peaks[k + 1] + 1])) + p)
        weights = raw[lo:hi + 1]
        if weights.sum() == 0:
            continue
        cum = np.cumsum(weights) / weights.sum()
        medians.append(float(years[lo + int(np.searchsorted(cum, 0.5))]))
    return medians


def wave_errors(found: Sequence[float], record: Sequence[int]) -> list[float]:
    """For each record wave, the distance to the nearest simulated wave (inf if none)."""
    return [min((abs(f - w) for f in found), default=float("inf")) for w in record]


def null_runs(runs: Sequence[Sequence[int]], eligible: Sequence[int],
              rng: np.random.Generator) -> list[list[int]]:
    """The null model: the same number of defections per run, at a uniform hazard over the
    years in which elites could defect."""
    return [sorted(rng.choice(eligible, size=len(run)).tolist()) for run in runs]
