"""Does removing a mechanism lose the facts the thesis ties to it?

Both arms run the same seeds. A fact counts for an ablation when the ablation does not remove
the fact's own level and the thesis predicts a direction for it (``Fact.direction``). It is
*lost* when the baseline statistic is inside its band, the ablated one is outside, it moved in
the predicted direction, and a one-sided paired test on the seeds is significant after Holm's
correction over every counted (fact, ablation) pair: an exact sign test on the runs where the
property changed (share facts), a Wilcoxon signed-rank test on the per-run numbers otherwise.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

from neopat.experiments.runner import RunResult
from neopat.scenarios.ablations import ABLATIONS
from neopat.validation.facts import Fact, facts, risk_difference

ALPHA = 0.05
MIN_PAIRS = 6  # fewer computable pairs than this: no test


@dataclass
class Comparison:
    """One (fact, ablation) pair."""

    fact: str
    level: str
    ablation: str
    predicted: str | None
    baseline: float
    ablated: float
    baseline_inside: bool
    ablated_inside: bool
    p: float | None = None
    p_holm: float | None = None
    lost: bool = False

    @property
    def moved(self) -> bool:
        """Moved the predicted way, significantly (the one-sided paired test, after Holm),
        whether or not it left its band."""
        return self.p_holm is not None and self.p_holm < ALPHA

    def as_dict(self) -> dict:
        def clean(v: float | None) -> float | None:
            return v if v is None or math.isfinite(v) else None

        return {"fact": self.fact, "level": self.level, "ablation": self.ablation,
                "predicted": self.predicted, "baseline": clean(self.baseline),
                "ablated": clean(self.ablated), "baseline_inside": self.baseline_inside,
                "ablated_inside": self.ablated_inside, "p": self.p, "p_holm": self.p_holm,
                "moved": self.moved, "lost": self.lost}


def per_run(fact: Fact, runs: Sequence[RunResult]) -> list[float | None]:
    """The number each run contributes to the paired test."""
    values = fact.values(runs)
    if fact.kind == "share":
        return [float(bool(v)) for v in values]
    if fact.kind == "pooled":
        return [risk_difference(v) for v in values]
    return [None if v is None else float(v) for v in values]


def paired_p(fact: Fact, base: list, ablated: list, predicted: str) -> float | None:
    """One-sided p that the ablated arm moved the predicted way (None: too few pairs)."""
    pairs = [(b, a) for b, a in zip(base, ablated, strict=True)
             if b is not None and a is not None]
    if len(pairs) < MIN_PAIRS:
        return None
    diff = np.array([a - b for b, a in pairs])
    if predicted == "down":
        diff = -diff
    if fact.kind == "share":
        moved, back = int((diff > 0).sum()), int((diff < 0).sum())
        return float(stats.binomtest(moved, moved + back, 0.5, alternative="greater").pvalue) \
            if moved + back else 1.0
    if not diff.any():
        return 1.0
    return float(stats.wilcoxon(diff, alternative="greater", zero_method="zsplit").pvalue)


def holm(pvalues: list[float]) -> list[float]:
    """Holm-adjusted p-values, in the input order."""
    order = np.argsort(pvalues)
    adjusted = np.empty(len(pvalues))
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (len(pvalues) - rank) * pvalues[i]))
        adjusted[i] = running
    return adjusted.tolist()


def compare(baseline: Sequence[RunResult], arms: dict[str, Sequence[RunResult]],
            catalogue: Sequence[Fact] | None = None) -> list[Comparison]:
    """Every counted (fact, ablation) pair of ``catalogue`` (by default all facts), with Holm's
    correction over all of them."""
    out: list[Comparison] = []
    for name, ablated in arms.items():
        removes = ABLATIONS[name].removes
        for fact in facts() if catalogue is None else catalogue:
            if fact.level == removes:
                continue
            base_vals, abl_vals = fact.values(baseline), fact.values(ablated)
            b, a = fact.reduce(base_vals), fact.reduce(abl_vals)
            row = Comparison(fact.key, fact.level, name, fact.direction.get(name), b, a,
                             fact.inside(b), fact.inside(a))
            if row.predicted:
                row.p = paired_p(fact, per_run(fact, baseline), per_run(fact, ablated),
                                 row.predicted)
            out.append(row)
    tested = [c for c in out if c.p is not None]
    for c, p in zip(tested, holm([c.p for c in tested]), strict=True):
        c.p_holm = p
        way = (c.ablated < c.baseline) if c.predicted == "down" else (c.ablated > c.baseline)
        c.lost = c.baseline_inside and not c.ablated_inside and way and c.moved
    return out


def losses(rows: Sequence[Comparison]) -> dict[str, list[str]]:
    """Facts each ablation loses."""
    out: dict[str, list[str]] = {}
    for c in rows:
        out.setdefault(c.ablation, [])
        if c.lost:
            out[c.ablation].append(c.fact)
    return out


def moves(rows: Sequence[Comparison]) -> dict[str, dict[str, list[str] | int]]:
    """Per ablation: the facts it moves the predicted way significantly (in their bands or
    not) and how many facts declare a direction for it. A loss also needs the fact to leave its
    band; this shows how far the mechanism reaches where the bands are wide."""
    out: dict[str, dict[str, list[str] | int]] = {}
    for c in rows:
        entry = out.setdefault(c.ablation, {"moved": [], "predicted": 0})
        if c.predicted:
            entry["predicted"] += 1
            if c.moved:
                entry["moved"].append(c.fact)
    return out
