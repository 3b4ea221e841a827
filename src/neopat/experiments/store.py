"""DuckDB results store.

Schema (version 1):

- ``schema_version(version INTEGER)``: one row; a store of another version is refused.
- ``runs(run_id, scenario, seed, start_year, end_year, species, n_events, created)``
- ``parameters(run_id, name, value, type)``: every catalogue parameter of the run (as text).
- ``indicators(run_id, year, indicator, value)``: yearly scalar indicators, long format.
- ``faction_shares(run_id, year, faction, offices, assets)``: yearly faction shares.
- ``events(run_id, seq, year, month, mechanism, actors, source, detail)``: the event log;
  ``actors`` and ``detail`` are JSON text.

Elections will add tables in a later schema version. Each run is written in one transaction;
a new store is built in a temporary file and renamed into place (:func:`writing`), so a store
is complete or absent. Every DuckDB call on a store is guarded (:func:`guarded`): a damaged or
foreign file is an :class:`InputError`, never a traceback. Table names are plain identifiers,
quoted (:func:`ident`); values and paths are bound as parameters.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd

from neopat.errors import InputError
from neopat.experiments.runner import RunResult
from neopat.files import atomic_path

IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}\Z")


def ident(name: str, file: str | Path | None = None) -> str:
    """``name`` quoted as an SQL identifier; only plain identifiers (letters, digits and
    underscores, not starting with a digit) are accepted."""
    if not IDENTIFIER.match(name):
        raise InputError(f"table name {name!r} is not a plain identifier (letters, digits, "
                         "underscores)", file=file)
    return f'"{name}"'


@contextmanager
def guarded(path: str | Path) -> Iterator[None]:
    """DuckDB errors on the store at ``path`` (damaged, truncated, foreign, locked) as one
    :class:`InputError` line."""
    try:
        yield
    except duckdb.Error as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise InputError(f"results store unreadable or damaged: {first}", file=path) from None


def connect(path: str | Path, *, read_only: bool = False,
            label: str | Path | None = None) -> duckdb.DuckDBPyConnection:
    """A guarded connection to a store file (``label`` names it in messages)."""
    with guarded(label or path):
        return duckdb.connect(str(path), read_only=read_only)


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
    """A DuckDB file of runs. Use as a context manager or call :meth:`close`; ``label`` names
    the file in messages (a store being built in a temporary file)."""

    def __init__(self, path: str | Path, *, label: str | Path | None = None):
        self.path = Path(path)
        self.label = Path(label or path)
        self.con = connect(self.path, label=self.label)
        try:
            self._check_version()
        except InputError:
            self.con.close()
            raise

    def _check_version(self) -> None:
        if schema_version(self.con, self.label) is None:
            with self.transaction() as con:
                con.execute(DDL)
                con.execute("INSERT INTO schema_version VALUES (?)", [SCHEMA_VERSION])

    def __enter__(self) -> ResultsStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        with guarded(self.label):
            self.con.close()

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """The connection inside one guarded transaction: committed when the block ends,
        rolled back on any error."""
        with guarded(self.label):
            self.con.execute("BEGIN")
            try:
                yield self.con
            except BaseException:
                self.con.execute("ROLLBACK")
                raise
            self.con.execute("COMMIT")

    def add_run(self, result: RunResult, *, species: str = "") -> int:
        """Write one run (all tables) in a single transaction; returns its ``run_id``."""
        with self.transaction() as con:
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
        return int(run_id)

    def _insert(self, table: str, frame: pd.DataFrame, *, by_name: bool = False) -> None:
        if frame.empty:
            return
        self.con.register("_frame", frame)
        try:
            self.con.execute(f"INSERT INTO {ident(table)} {'BY NAME ' if by_name else ''}"
                             "SELECT * FROM _frame")
        finally:
            self.con.unregister("_frame")

    def append_table(self, table: str, frame: pd.DataFrame) -> None:
        """Append ``frame`` to ``table`` (created from the frame's columns when new), by column
        name, in one transaction."""
        with self.transaction() as con:
            con.register("_frame", frame)
            try:
                con.execute(f"CREATE TABLE IF NOT EXISTS {ident(table)} AS "
                            "SELECT * FROM _frame LIMIT 0")
            finally:
                con.unregister("_frame")
            self._insert(table, frame, by_name=True)

    def count_runs(self) -> int:
        with guarded(self.label):
            return int(self.con.execute("SELECT count(*) FROM runs").fetchone()[0])


def schema_version(con: duckdb.DuckDBPyConnection, label: str | Path) -> int | None:
    """The store's schema version (this neopat's), or None for an empty database; a foreign
    file or another version is an :class:`InputError`."""
    with guarded(label):
        tables = {r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables").fetchall()}
        if not tables:
            return None
        if "schema_version" not in tables:
            raise InputError("not a neopat results store (no schema_version table)", file=label)
        version = con.execute("SELECT max(version) FROM schema_version").fetchone()[0]
    if version != SCHEMA_VERSION:
        raise InputError(f"results store has schema version {version}, this neopat writes "
                         f"version {SCHEMA_VERSION}; write to a new file", file=label)
    return version


def check_store(path: str | Path) -> None:
    """Refuse, read-only and before any compute, a file at ``path`` that is not an intact
    results store of this version: every column of every table is read once, so a truncated or
    corrupted block shows now, not after the runs (a missing file is fine: it will be made)."""
    path = Path(path)
    if path.exists():
        con = connect(path, read_only=True)
        try:
            schema_version(con, path)
            with guarded(path):
                for (table,) in con.execute(
                        "SELECT table_name FROM information_schema.tables").fetchall():
                    con.execute(f"SELECT min(COLUMNS(*)) FROM {ident(table, path)}").fetchall()
        finally:
            con.close()


@contextmanager
def writing(path: str | Path, *, replace: bool = False) -> Iterator[ResultsStore]:
    """The store at ``path`` to write: an existing one in place (each write a transaction), or
    a new one (or, with ``replace``, a fresh one over the old) built in a temporary file beside
    ``path`` and renamed into place when the block ends without error: complete or absent."""
    path = Path(path)
    if path.exists() and not replace:
        with ResultsStore(path) as store:
            yield store
        return
    with atomic_path(path, suffix=".duckdb") as tmp:
        tmp.unlink()  # DuckDB creates its file itself
        with ResultsStore(tmp, label=path) as store:
            yield store
