"""Read a results store as pandas DataFrames: outputs per run and summaries across runs (the
queries themselves are :class:`~neopat.experiments.store.ResultsStore`'s)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from neopat.experiments.outputs import Output
from neopat.experiments.store import ResultsStore


class Results(ResultsStore):
    """A results store opened read-only, with its runs as DataFrames:
    ``Results(path).table("runs")``, ``indicators()`` wide by year, ``summary(outputs)``."""

    def indicators(self) -> pd.DataFrame:
        """Yearly indicators, wide: one row per (run_id, year), one column per indicator."""
        long = self.indicators_long()
        if long.empty:
            return pd.DataFrame(columns=["run_id", "year"])
        wide = long.pivot_table(index=["run_id", "year"], columns="indicator", values="value",
                                aggfunc="first", dropna=False)
        return wide.reset_index().rename_axis(columns=None)

    def outputs(self, outputs: list[Output]) -> pd.DataFrame:
        """One row per run: each output reduced from the run's yearly indicators."""
        wide = self.indicators()
        rows = []
        for run_id, frame in wide.groupby("run_id", sort=True):
            years = frame.sort_values("year").to_dict("records")
            rows.append({"run_id": int(run_id), **{o.label: o.value(years) for o in outputs}})
        return pd.DataFrame(rows, columns=["run_id", *(o.label for o in outputs)])

    def summary(self, outputs: list[Output]) -> pd.DataFrame:
        """Across runs: count, mean, standard deviation and the 5-95% range of each output."""
        return summarise(self.outputs(outputs).drop(columns="run_id"))


def summarise(values: pd.DataFrame) -> pd.DataFrame:
    """Per column of ``values`` (one row per run): n, mean, sd, p5, p95 (NaNs skipped)."""
    rows = []
    for column in values.columns:
        col = values[column].astype(float).dropna().to_numpy()
        rows.append({
            "output": column, "runs": len(col),
            "mean": float(col.mean()) if len(col) else None,
            "sd": float(col.std(ddof=1)) if len(col) > 1 else None,
            "p5": float(np.percentile(col, 5)) if len(col) else None,
            "p95": float(np.percentile(col, 95)) if len(col) else None})
    return pd.DataFrame(rows, columns=["output", "runs", "mean", "sd", "p5", "p95"])
