"""The DuckDB results store: the one module that holds SQL.

Schema (version 3):

- ``schema_version(version INTEGER)``: one row. A store of any other version is refused when
  opened, by every command: an older one was written by an older neopat, a newer one needs a
  newer neopat.
- ``runs(run_id, scenario, seed, start_year, end_year, species, n_events, fingerprint, code,
  spec, created)``: ``spec`` is the run's full :class:`~neopat.scenarios.spec.RunSpec` as JSON
  and ``fingerprint`` its hash, so a stored run is replayed exactly from its row.
- ``parameters(run_id, name, value, type)``: every catalogue parameter of the run (as text).
- ``indicators(run_id, year, indicator, value)``: yearly scalar indicators, long format.
- ``faction_shares(run_id, year, faction, offices, assets)``; ``events(run_id, seq, year, month,
  mechanism, actors, source, detail)`` (``actors`` and ``detail`` JSON text); ``elections`` and
  ``parties`` (one row per election x tier x party; per party and year).
- ``ensembles(scenario, root_seed, runs, fingerprint, spec, created)``: at most one row, for a
  store that holds an ensemble (``spec`` is its design: the spec of seed 0). A single run is
  never added to such a store.
- ``propositions``, ``proposition_runs``, ``sensitivity_*``: written by those experiments.

The store is a contract: a new store is built in a temporary file and renamed into place when
complete (:func:`writing`), so a store killed while being created leaves nothing at its path;
each run is written in one transaction; every DuckDB call is guarded (a damaged or foreign
file is an :class:`InputError`, never a traceback); identifiers are validated plain names,
quoted; values and paths are bound as parameters.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pandas as pd

from neopat.errors import InputError
from neopat.files import atomic_path
from neopat.scenarios.spec import RunSpec

if TYPE_CHECKING:
    from neopat.experiments.runner import RunResult

SCHEMA_VERSION = 3
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}\Z")


def ident(name: str, file: str | Path | None = None) -> str:
    """``name`` quoted as an SQL identifier; only plain identifiers (letters, digits and
    underscores, not starting with a digit) are accepted."""
    if not isinstance(name, str) or not IDENTIFIER.match(name):
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


DDL = """
CREATE TABLE schema_version (version INTEGER NOT NULL);
CREATE SEQUENCE run_ids START 1;
CREATE TABLE runs (
    run_id INTEGER PRIMARY KEY, scenario VARCHAR, seed BIGINT, start_year INTEGER,
    end_year INTEGER, species VARCHAR, n_events INTEGER, fingerprint VARCHAR, code VARCHAR,
    spec VARCHAR, created TIMESTAMP);
CREATE TABLE parameters (run_id INTEGER, name VARCHAR, value VARCHAR, type VARCHAR);
CREATE TABLE indicators (run_id INTEGER, year INTEGER, indicator VARCHAR, value DOUBLE);
CREATE TABLE faction_shares (run_id INTEGER, year INTEGER, faction VARCHAR, offices DOUBLE,
    assets DOUBLE);
CREATE TABLE events (run_id INTEGER, seq INTEGER, year INTEGER, month INTEGER,
    mechanism VARCHAR, actors VARCHAR, source VARCHAR, detail VARCHAR);
CREATE TABLE elections (run_id INTEGER, year INTEGER, month INTEGER, kind VARCHAR,
    name VARCHAR, tier VARCHAR, party VARCHAR, votes BIGINT, seats INTEGER);
CREATE TABLE parties (run_id INTEGER, year INTEGER, key VARCHAR, name VARCHAR, motive VARCHAR,
    stance VARCHAR, status VARCHAR, members BIGINT, rationale VARCHAR, gd_species VARCHAR,
    ideology VARCHAR, behaviour VARCHAR);
CREATE TABLE ensembles (scenario VARCHAR, root_seed BIGINT, runs INTEGER, fingerprint VARCHAR,
    spec VARCHAR, created TIMESTAMP);
"""
PROPOSITIONS_DDL = """
CREATE TABLE IF NOT EXISTS propositions (
    proposition VARCHAR, title VARCHAR, source VARCHAR, kind VARCHAR, baseline VARCHAR,
    counterfactual VARCHAR, outcome VARCHAR, higher VARCHAR, expected VARCHAR, runs INTEGER,
    baseline_mean DOUBLE, counterfactual_mean DOUBLE, effect DOUBLE, ci_low DOUBLE,
    ci_high DOUBLE, effect_size DOUBLE, verdict VARCHAR, contradicts_if VARCHAR, note VARCHAR,
    root_seed BIGINT, created TIMESTAMP);
CREATE TABLE IF NOT EXISTS proposition_runs (
    proposition VARCHAR, seed BIGINT, baseline DOUBLE, counterfactual DOUBLE);
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


def _connect(path: Path, read_only: bool, label: Path) -> duckdb.DuckDBPyConnection:
    with guarded(label):
        return duckdb.connect(str(path), read_only=read_only)


def _version_problem(con: duckdb.DuckDBPyConnection, label: Path) -> None:
    """Refuse anything but a complete store of this schema version."""
    with guarded(label):
        tables = {r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables").fetchall()}
        if "schema_version" not in tables:
            raise InputError("not a neopat results store (no schema_version table)", file=label)
        version = con.execute("SELECT max(version) FROM schema_version").fetchone()[0]
    if version is None:
        raise InputError("not a complete neopat results store (no schema version recorded)",
                         file=label)
    if version < SCHEMA_VERSION:
        raise InputError(f"results store has schema version {version}, written by an older "
                         f"neopat; this neopat reads version {SCHEMA_VERSION} only: rerun the "
                         "experiment into a new file", file=label)
    if version > SCHEMA_VERSION:
        raise InputError(f"results store has schema version {version}, written by a newer "
                         f"neopat; this neopat reads version {SCHEMA_VERSION} only: upgrade "
                         "neopat to read it", file=label)


class ResultsStore:
    """A complete results store of this schema version, opened read-only unless ``write``.
    Use as a context manager or call :meth:`close`. A missing file, a directory, a foreign
    database and a store of another schema version are refused here, on every open."""

    def __init__(self, path: str | Path, *, write: bool = False,
                 label: str | Path | None = None, _new: bool = False):
        self.path = Path(path)
        self.label = Path(label or path)
        if not _new:
            if self.path.is_dir():
                raise InputError("is a directory, not a results store", file=self.label)
            if not self.path.is_file():
                raise InputError("results store not found", file=self.label)
        self.con = _connect(self.path, not write, self.label)
        try:
            if _new:
                with self.transaction() as con:
                    con.execute(DDL)
                    con.execute("INSERT INTO schema_version VALUES (?)", [SCHEMA_VERSION])
            else:
                _version_problem(self.con, self.label)
        except BaseException:
            self.con.close()
            raise

    def __enter__(self) -> ResultsStore:
        return self

    def __exit__(self, *exc: object) -> None:
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

    # -- reading ------------------------------------------------------------------------------
    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        with guarded(self.label):
            return self.con.execute(sql, list(params)).fetchall()

    def _frame(self, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
        with guarded(self.label):
            return self.con.execute(sql, list(params)).df()

    def tables(self) -> list[str]:
        return [r[0] for r in self._rows(
            "SELECT table_name FROM information_schema.tables ORDER BY table_name")]

    def table(self, name: str) -> pd.DataFrame:
        if name not in self.tables():
            raise InputError(f"no table {name!r}; the store has {', '.join(self.tables())}",
                             file=self.label)
        return self._frame(f"SELECT * FROM {ident(name, self.label)}")

    def runs(self) -> pd.DataFrame:
        return self._frame("SELECT * FROM runs ORDER BY run_id")

    def count_runs(self) -> int:
        return int(self._rows("SELECT count(*) FROM runs")[0][0])

    def span(self) -> tuple[int, int] | None:
        """The first and last year any stored run simulated (None without runs)."""
        first, last = self._rows("SELECT min(start_year), max(end_year) FROM runs")[0]
        return None if first is None else (int(first), int(last))

    def ensemble(self) -> dict[str, Any] | None:
        """The store's ensemble (scenario, root seed, runs asked for), if an ensemble wrote it."""
        rows = self._rows("SELECT scenario, root_seed, runs FROM ensembles")
        return dict(zip(("scenario", "root_seed", "runs"), rows[0], strict=True)) if rows else None

    def ensemble_spec(self) -> RunSpec | None:
        """The ensemble's design (its spec with seed 0), if the store holds an ensemble."""
        rows = self._rows("SELECT spec FROM ensembles")
        return RunSpec.from_json(rows[0][0], str(self.label)) if rows else None

    def fingerprints(self) -> list[tuple[int, int, str]]:
        """``(run_id, seed, fingerprint)`` of every stored run."""
        return [(int(r), int(s), f) for r, s, f in self._rows(
            "SELECT run_id, seed, fingerprint FROM runs ORDER BY run_id")]

    def spec(self, run_id: int) -> RunSpec:
        """The stored run's full specification."""
        rows = self._rows("SELECT spec FROM runs WHERE run_id = ?", [run_id])
        if not rows:
            raise InputError(f"no run {run_id} in the store", file=self.label)
        return RunSpec.from_json(rows[0][0], f"{self.label}: run {run_id}")

    def indicators_long(self) -> pd.DataFrame:
        return self._frame("SELECT run_id, year, indicator, value FROM indicators")

    def parameters(self, run_id: int) -> list[tuple[str, str, str]]:
        return self._rows("SELECT name, value, type FROM parameters WHERE run_id = ?", [run_id])

    def events(self, run_id: int) -> list[tuple]:
        return self._rows("SELECT year, month, mechanism, actors, source, detail FROM events "
                          "WHERE run_id = ? ORDER BY seq", [run_id])

    def elections(self, run_id: int) -> pd.DataFrame:
        return self._frame("SELECT * FROM elections WHERE run_id = ?", [run_id])

    def parties(self, run_id: int) -> pd.DataFrame:
        return self._frame("SELECT * FROM parties WHERE run_id = ? ORDER BY year, key", [run_id])

    def export_paths(self, folder: str | Path) -> list[Path]:
        """The files an export to ``folder`` writes: ``folder/<table>.parquet`` per table (each
        table name a plain identifier, so no file lands outside the folder)."""
        names = self.tables()
        for name in names:
            ident(name, self.label)
        return [Path(folder) / f"{name}.parquet" for name in names]

    def export_parquet(self, folder: str | Path) -> list[Path]:
        """Write every table as ``folder/<table>.parquet``, each file atomically."""
        written = []
        for path in self.export_paths(folder):
            with atomic_path(path, suffix=".parquet") as tmp, guarded(self.label):
                self.con.execute(f"COPY {ident(path.stem)} TO ? (FORMAT PARQUET)", [str(tmp)])
            written.append(path)
        return written

    def check_readable(self) -> None:
        """Read every column of every table once, so that a truncated or corrupted block shows
        now, not after the runs."""
        for name in self.tables():
            self._rows(f"SELECT min(COLUMNS(*)) FROM {ident(name, self.label)}")

    # -- writing ------------------------------------------------------------------------------
    def add_run(self, spec: RunSpec, result: RunResult, *, ensemble: bool = False) -> int:
        """Write one run and its spec (all tables) in a single transaction; returns its
        ``run_id``. A run outside an ensemble is refused by an ensemble's store."""
        if not ensemble and self.ensemble() is not None:
            raise InputError(ENSEMBLE_ONLY, file=self.label)
        with self.transaction() as con:
            run_id = con.execute("SELECT nextval('run_ids')").fetchone()[0]
            years = [r["year"] for r in result.years]
            con.execute(
                "INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())",
                [run_id, result.scenario, result.seed, min(years, default=None),
                 max(years, default=None), spec.scenario.ruler.species, len(result.events),
                 spec.fingerprint, spec.code, spec.to_json()])
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

    def set_ensemble(self, design: RunSpec, runs: int, root: int) -> None:
        """Record the store's ensemble (one per store): its design, root seed and size."""
        with self.transaction() as con:
            con.execute("DELETE FROM ensembles")
            con.execute("INSERT INTO ensembles VALUES (?, ?, ?, ?, ?, now())",
                        [design.name, root, runs, design.design_fingerprint,
                         design.with_seed(0).to_json()])

    def write_propositions(self, rows: pd.DataFrame, per_run: pd.DataFrame) -> None:
        """Replace the ``propositions`` and ``proposition_runs`` tables in one transaction."""
        with self.transaction() as con:
            con.execute(PROPOSITIONS_DDL)
            con.execute("DELETE FROM propositions")
            con.execute("DELETE FROM proposition_runs")
            con.register("_rows", rows)
            try:
                con.execute("INSERT INTO propositions SELECT *, now() FROM _rows")
            finally:
                con.unregister("_rows")
            self._insert("proposition_runs", per_run)

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

    def _insert(self, table: str, frame: pd.DataFrame, *, by_name: bool = False) -> None:
        if frame.empty:
            return
        self.con.register("_frame", frame)
        try:
            self.con.execute(f"INSERT INTO {ident(table)} {'BY NAME ' if by_name else ''}"
                             "SELECT * FROM _frame")
        finally:
            self.con.unregister("_frame")


ENSEMBLE_ONLY = ("the store holds an ensemble; a single run cannot be added to it (write to "
                 "a new file, or complete the ensemble with `neopat ensemble --resume`)")


def check_store(path: str | Path, *, single_run: bool = False) -> None:
    """Refuse, read-only and before any compute, a file at ``path`` that is not an intact
    results store of this version (every column of every table is read once); with
    ``single_run``, also an ensemble's store. A missing file is fine: it will be made."""
    path = Path(path)
    if path.exists():
        with ResultsStore(path) as store:
            store.check_readable()
            if single_run and store.ensemble() is not None:
                raise InputError(ENSEMBLE_ONLY, file=path)


@contextmanager
def writing(path: str | Path, *, replace: bool = False) -> Iterator[ResultsStore]:
    """The store at ``path`` to write: an existing one in place (each write a transaction), or
    a new one (or, with ``replace``, a fresh one over the old) built in a temporary file beside
    ``path`` and renamed into place when the block ends without error: complete or absent."""
    path = Path(path)
    if path.exists() and not replace:
        with ResultsStore(path, write=True) as store:
            yield store
        return
    with atomic_path(path, suffix=".duckdb") as tmp:
        tmp.unlink()  # DuckDB creates its file itself
        with ResultsStore(tmp, write=True, label=path, _new=True) as store:
            yield store
