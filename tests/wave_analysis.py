"""Detect defection waves in an ensemble and compare them with the record (tests only)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

PEAK_FLOOR = 0.25  # a wave's peak must reach this share of the highest peak


def pooled_curve(runs: Sequence[Sequence[int]], years: Sequence[int]) -> np.ndarray:
    """Mean defections per year over runs (each run is a list of defection years)."""
    index = {y: i for i, y in enumerate(years)}
    curve = np.zeros(len(years))
    for run in runs:
        for y in run:
            curve[index[y]] += 1
    return curve / max(len(runs), 1)


def waves(runs: Sequence[Sequence[int]], years: Sequence[int]) -> list[float]:
    """Median years of the ensemble's waves: each local maximum of the (1-2-1 smoothed) pooled
    curve above PEAK_FLOOR x the highest, with its basin bounded by the neighbouring minima."""
    raw = pooled_curve(runs, years)
    smooth = np.convolve(np.pad(raw, 1, mode="edge"), [0.25, 0.5, 0.25], mode="valid")
    peaks = [i for i in range(len(years))
             if smooth[i] > 0 and (i == 0 or smooth[i] >= smooth[i - 1])
             and (i == len(years) - 1 or smooth[i] > smooth[i + 1])]
    top = max((smooth[i] for i in peaks), default=0.0)
    peaks = [i for i in peaks if smooth[i] >= PEAK_FLOOR * top]
    medians = []
    for k, p in enumerate(peaks):
        lo = 0 if k == 0 else int(np.argmin(smooth[peaks[k - 1]:p + 1])) + peaks[k - 1]
        hi = len(years) - 1 if k == len(peaks) - 1 else int(np.argmin(smooth[p:peaks[k + 1] + 1])) + p
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
