"""DuckDB results store.

Schema (version 1):

- ``schema_version(version INTEGER)``: one row; a store of another version is refused.
- ``runs(run_id, scenario, seed, start_year, end_year, species, n_events, created)``
- ``parameters(run_id, name, value, type)``: every catalogue parameter of the run (as text).
- ``indicators(run_id, year, indicator, value)``: yearly scalar indicators, long format.
- ``faction_shares(run_id, year, faction, offices, assets)``: yearly faction shares.
- ``events(run_id, seq, year, month, mechanism, actors, source, detail)``: the event log;
  ``actors`` and ``detail`` are JSON text.

Elections will add tables in a later schema version. Each run is written in one transaction.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd

from neopat.errors import InputError
from neopat.experiments.runner import RunResult

SCHEMA_VERSION = 2
DDL = """
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
CREATE SEQUENCE IF NOT EXISTS run_ids START 1;
CREATE TABLE IF NOT EXISTS runs (
    run_id INTEGER PRIMARY KEY, scenario VARCHAR, seed BIGINT, start_year INTEGER,
    end_year INTEGER, species VARCHAR, n_events INTEGER, created TIMESTAMP);
CREATE TABLE IF NOT EXISTS parameters (run_id INTEGER, name VARCHAR, value VARCHAR, type VARCHAR);
CREATE TABLE IF NOT EXISTS indicators (run_id INTEGER, year INTEGER, indicator VARCHAR,
    value DOUBLE);
CREATE TABLE IF NOT EXISTS faction_shares (run_id INTEGER, year INTEGER, faction VARCHAR,
    offices DOUBLE, assets DOUBLE);
CREATE TABLE IF NOT EXISTS events (run_id INTEGER, seq INTEGER, year INTEGER, month INTEGER,
    mechanism VARCHAR, actors VARCHAR, source VARCHAR, detail VARCHAR);
CREATE TABLE IF NOT EXISTS elections (run_id INTEGER, year INTEGER, month INTEGER,
    kind VARCHAR, name VARCHAR, tier VARCHAR, party VARCHAR, votes BIGINT, seats INTEGER);
CREATE TABLE IF NOT EXISTS parties (run_id INTEGER, year INTEGER, key VARCHAR, name VARCHAR,
    motive VARCHAR, stance VARCHAR, status VARCHAR, members BIGINT, rationale VARCHAR,
    gd_species VARCHAR, ideology VARCHAR, behaviour VARCHAR);
"""
PARTY_COLUMNS = ["year", "key", "name", "motive", "stance", "status", "members", "rationale",
                 "gd_species", "ideology", "behaviour"]


def election_rows(run_id: int, elections: list[dict]) -> list[tuple]:
    """One row per election × tier × party (tier "all" carries the national votes)."""
    rows = []
    for e in elections:
        head = (run_id, e["year"], e["month"], e["kind"], e["name"])
        for party, votes in e["votes"].items():
            rows.append((*head, "all", party, int(votes), int(e["seats"].get(party, 0))))
        for tier, seats in e["seats_by_tier"].items():
            for party, n in seats.items():
                rows.append((*head, tier, party, None, int(n)))
    return rows


class ResultsStore:
    """A DuckDB file of runs. Use as a context manager or call :meth:`close`."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        try:
            self.con = duckdb.connect(str(self.path))
        except duckdb.Error as exc:
            raise InputError(f"cannot open results store: {exc}", file=self.path) from exc
        self._check_version()

    def _check_version(self) -> None:
        tables = {r[0] for r in self.con.execute("SELECT table_name FROM information_schema.tables")
                  .fetchall()}
        if "schema_version" in tables:
            row = self.con.execute("SELECT max(version) FROM schema_version").fetchone()
            if row[0] != SCHEMA_VERSION:
                self.con.close()
                raise InputError(
                    f"results store has schema version {row[0]}, this neopat writes version "
                    f"{SCHEMA_VERSION}; write to a new file", file=self.path)
        elif tables:
            self.con.close()
            raise InputError("not a neopat results store (no schema_version table)",
                             file=self.path)
        else:
            self.con.execute("BEGIN")
            self.con.execute(DDL)
            self.con.execute("INSERT INTO schema_version VALUES (?)", [SCHEMA_VERSION])
            self.con.execute("COMMIT")

    def __enter__(self) -> ResultsStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    def add_run(self, result: RunResult, *, species: str = "") -> int:
        """Write one run (all tables) in a single transaction; returns its ``run_id``."""
        con = self.con
        con.execute("BEGIN")
        try:
            run_id = con.execute("SELECT nextval('run_ids')").fetchone()[0]
            years = [r["year"] for r in result.years]
            con.execute(
                "INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, now())",
                [run_id, result.scenario, result.seed, min(years, default=None),
                 max(years, default=None), species, len(result.events)])
            self._insert("parameters", pd.DataFrame(
                [(run_id, k, str(v), type(v).__name__) for k, v in result.parameters.items()],
                columns=["run_id", "name", "value", "type"]))
            scalars, shares = [], []
            for rec in result.years:
                for key, value in rec.items():
                    if isinstance(value, (int, float)) and key != "year":
                        scalars.append((run_id, rec["year"], key, float(value)))
                factions = set(rec.get("office_share", {})) | set(rec.get("asset_share", {}))
                for f in sorted(factions):
                    shares.append((run_id, rec["year"], f, rec.get("office_share", {}).get(f, 0.0),
                                   rec.get("asset_share", {}).get(f, 0.0)))
            self._insert("indicators", pd.DataFrame(
                scalars, columns=["run_id", "year", "indicator", "value"]))
            self._insert("faction_shares", pd.DataFrame(
                shares, columns=["run_id", "year", "faction", "offices", "assets"]))
            self._insert("events", pd.DataFrame(
                [(run_id, i, e["year"], e["month"], e["mechanism"], json.dumps(e["actors"]),
                  e["source"], json.dumps(e.get("detail", {}), sort_keys=True))
                 for i, e in enumerate(result.events)],
                columns=["run_id", "seq", "year", "month", "mechanism", "actors", "source",
                         "detail"]))
            self._insert("elections", pd.DataFrame(
                election_rows(run_id, result.elections),
                columns=["run_id", "year", "month", "kind", "name", "tier", "party", "votes",
                         "seats"]))
            self._insert("parties", pd.DataFrame(
                [(run_id, *(row[c] for c in PARTY_COLUMNS)) for row in result.parties],
                columns=["run_id", *PARTY_COLUMNS]))
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        return int(run_id)

    def _insert(self, table: str, frame: pd.DataFrame) -> None:
        if frame.empty:
            return
        self.con.register("_frame", frame)
        try:
            self.con.execute(f"INSERT INTO {table} SELECT * FROM _frame")
        finally:
            self.con.unregister("_frame")

    def count_runs(self) -> int:
        return int(self.con.execute("SELECT count(*) FROM runs").fetchone()[0])
