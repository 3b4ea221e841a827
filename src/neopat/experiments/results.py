"""Read a results store as pandas DataFrames; summaries and Parquet export.

Every query is guarded (a damaged store is an :class:`InputError`); table names are quoted
plain identifiers and paths are bound as parameters."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from neopat.errors import InputError
from neopat.experiments.outputs import Output
from neopat.experiments.store import connect, guarded, ident
from neopat.files import atomic_path

TABLES = ("runs", "parameters", "indicators", "faction_shares", "events")


class Results:
    """A results store opened read-only. ``Results(path).table("runs")`` is a DataFrame."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        if self.path.is_dir():
            raise InputError("is a directory, not a results store", file=self.path)
        if not self.path.is_file():
            raise InputError("results store not found", file=self.path)
        self.con = connect(self.path, read_only=True)
        try:
            if "runs" not in self.tables():
                raise InputError("not a neopat results store (no runs table)", file=self.path)
        except InputError:
            self.con.close()
            raise

    def __enter__(self) -> Results:
        return self

    def __exit__(self, *exc: object) -> None:
        self.con.close()

    def rows(self, sql: str, params: list[Any] | None = None) -> list[tuple]:
        """The rows of a query (parameters bound), guarded."""
        with guarded(self.path):
            return self.con.execute(sql, params or []).fetchall()

    def frame(self, sql: str, params: list[Any] | None = None) -> pd.DataFrame:
        """A query's result as a DataFrame (parameters bound), guarded."""
        with guarded(self.path):
            return self.con.execute(sql, params or []).df()

    def tables(self) -> list[str]:
        return [r[0] for r in self.rows(
            "SELECT table_name FROM information_schema.tables ORDER BY table_name")]

    def table(self, name: str) -> pd.DataFrame:
        if name not in self.tables():
            raise InputError(f"no table {name!r}; the store has {', '.join(self.tables())}",
                             file=self.path)
        return self.frame(f"SELECT * FROM {ident(name)}")

    def ensemble(self) -> dict | None:
        """The store's ensemble (scenario, root seed, runs asked for), if an ensemble wrote it."""
        if "ensembles" not in self.tables():
            return None
        rows = self.rows("SELECT scenario, root_seed, runs FROM ensembles")
        return dict(zip(("scenario", "root_seed", "runs"), rows[0], strict=True)) if rows else None

    def span(self) -> tuple[int, int] | None:
        """The first and last year any stored run simulated (None without runs)."""
        first, last = self.rows("SELECT min(start_year), max(end_year) FROM runs")[0]
        return None if first is None else (int(first), int(last))

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

    def export_paths(self, folder: str | Path) -> list[Path]:
        """The files an export to ``folder`` writes: ``folder/<table>.parquet`` per table (each
        table name a plain identifier, so no file lands outside the folder)."""
        names = self.tables()
        for name in names:
            ident(name, self.path)
        return [Path(folder) / f"{name}.parquet" for name in names]

    def export_parquet(self, folder: str | Path) -> list[Path]:
        """Write every table as ``folder/<table>.parquet``, each file atomically; returns the
        files."""
        written = []
        for path in self.export_paths(folder):
            with atomic_path(path, suffix=".parquet") as tmp, guarded(self.path):
                self.con.execute(f"COPY {ident(path.stem)} TO ? (FORMAT PARQUET)", [str(tmp)])
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
