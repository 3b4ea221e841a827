"""How many runs an ensemble needs: enough that every fact's per-run statistic has a stable
coefficient of variation (Lee et al. 2015, JASSS 18(4)4), not a fixed number."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from neopat.experiments.runner import RunResult
from neopat.validation.ablation import per_run
from neopat.validation.facts import Fact, facts

MIN_COMPUTED = 10


def variation(runs: Sequence[RunResult], catalogue: Sequence[Fact] | None = None
              ) -> dict[str, float]:
    """Coefficient of variation of each fact's per-run number (of ``catalogue``, by default all
    facts; facts with a zero mean or fewer than ``MIN_COMPUTED`` computable runs are left out:
    too few to estimate it)."""
    out = {}
    for fact in facts() if catalogue is None else catalogue:
        values = [v for v in per_run(fact, runs) if v is not None and np.isfinite(v)]
        if len(values) >= MIN_COMPUTED and np.mean(values) != 0:
            out[fact.key] = float(np.std(values, ddof=1) / abs(np.mean(values)))
    return out


def stable_ensemble(run_more: Callable[[int, int], list[RunResult]], *, start: int = 20,
                    step: int = 10, most: int = 100, tolerance: float = 0.1,
                    catalogue: Sequence[Fact] | None = None
                    ) -> tuple[list[RunResult], list[dict]]:
    """Grow the ensemble by ``step`` runs (``run_more(first, count)``) from ``start`` until no
    fact's (of ``catalogue``) coefficient of variation moves by more than ``tolerance`` of
    itself between two sizes, or ``most`` runs. Returns the runs and the trace (size, largest
    relative change, CVs)."""
    runs = run_more(0, start)
    trace = [{"runs": len(runs), "largest_change": None, "cv": variation(runs, catalogue)}]
    while len(runs) < most:
        runs += run_more(len(runs), min(step, most - len(runs)))
        cv = variation(runs, catalogue)
        before = trace[-1]["cv"]
        change = max((abs(cv[k] - before[k]) / cv[k] for k in cv if k in before and cv[k] > 0),
                     default=0.0)
        trace.append({"runs": len(runs), "largest_change": change, "cv": cv})
        if change <= tolerance:
            break
    return runs, trace
