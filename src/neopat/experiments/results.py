"""Read a results store as pandas DataFrames; summaries and Parquet export."""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from neopat.errors import InputError
from neopat.experiments.outputs import Output

TABLES = ("runs", "parameters", "indicators", "faction_shares", "events")


class Results:
    """A results store opened read-only. ``Results(path).table("runs")`` is a DataFrame."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        if not self.path.is_file():
            raise InputError("results store not found", file=self.path)
        try:
            self.con = duckdb.connect(str(self.path), read_only=True)
        except duckdb.Error as exc:
            raise InputError(f"cannot open results store: {exc}", file=self.path) from exc
        if "runs" not in self.tables():
            self.con.close()
            raise InputError("not a neopat results store (no runs table)", file=self.path)

    def __enter__(self) -> Results:
        return self

    def __exit__(self, *exc: object) -> None:
        self.con.close()

    def tables(self) -> list[str]:
        return [r[0] for r in self.con.execute(
            "SELECT table_name FROM information_schema.tables ORDER BY table_name").fetchall()]

    def table(self, name: str) -> pd.DataFrame:
        if name not in self.tables():
            raise InputError(f"no table {name!r}; the store has {', '.join(self.tables())}",
                             file=self.path)
        return self.con.execute(f'SELECT * FROM "{name}"').df()

    def ensemble(self) -> dict | None:
        """The store's ensemble (scenario, root seed, runs asked for), if an ensemble wrote it."""
        if "ensembles" not in self.tables():
            return None
        row = self.con.execute("SELECT scenario, root_seed, runs FROM ensembles").fetchone()
        return dict(zip(("scenario", "root_seed", "runs"), row, strict=True)) if row else None

    def runs(self) -> pd.DataFrame:
        return self.table("runs")

    def indicators(self) -> pd.DataFrame:
        """Yearly indicators, wide: one row per (run_id, year), one column per indicator."""
        long = self.table("indicators")
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

    def export_parquet(self, folder: str | Path) -> list[Path]:
        """Write every table as ``folder/<table>.parquet``; returns the files."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for name in self.tables():
            path = folder / f"{name}.parquet"
            self.con.execute(f"COPY \"{name}\" TO '{path.as_posix()}' (FORMAT PARQUET)")
            written.append(path)
        return written


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
