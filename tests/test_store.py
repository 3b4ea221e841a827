"""The DuckDB results store: schema, one transaction per run, version check."""

from __future__ import annotations

import duckdb
import pytest

from neopat.errors import InputError
from neopat.experiments.runner import run_one
from neopat.experiments.store import SCHEMA_VERSION, ResultsStore
from neopat.scenarios import load_scenario


@pytest.fixture(scope="module")
def result():
    return run_one(load_scenario("generic"), 2)


def test_a_run_lands_in_every_table(tmp_path, result):
    path = tmp_path / "r.duckdb"
    with ResultsStore(path) as store:
        run_id = store.add_run(result, species="balancer")
        assert store.count_runs() == 1
    con = duckdb.connect(str(path))
    assert con.execute("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION,)]
    n_years = len(result.years)
    assert con.execute("SELECT count(DISTINCT year) FROM indicators WHERE run_id=?",
                       [run_id]).fetchone()[0] == n_years
    assert con.execute("SELECT count(*) FROM events").fetchone()[0] == len(result.events)
    assert con.execute("SELECT count(*) FROM parameters").fetchone()[0] == len(result.parameters)
    defections = con.execute("SELECT sum(value) FROM indicators WHERE indicator='defections'"
                             ).fetchone()[0]
    assert defections == sum(r["defections"] for r in result.years)
    assert con.execute("SELECT count(*) FROM faction_shares").fetchone()[0] > 0


def test_runs_accumulate(tmp_path, result):
    path = tmp_path / "r.duckdb"
    for _ in range(2):
        with ResultsStore(path) as store:
            store.add_run(result)
    with ResultsStore(path) as store:
        assert store.count_runs() == 2


def test_a_failed_write_leaves_nothing(tmp_path, result):
    path = tmp_path / "r.duckdb"
    broken = type(result)(result.scenario, result.seed, result.parameters, result.years,
                          [{"year": 1990}])  # an event without its fields
    with ResultsStore(path) as store:
        with pytest.raises(KeyError):
            store.add_run(broken)
        assert store.count_runs() == 0
        assert store.con.execute("SELECT count(*) FROM indicators").fetchone()[0] == 0


def test_older_schema_version_is_refused(tmp_path):
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_version (version INTEGER)")
    con.execute("INSERT INTO schema_version VALUES (0)")
    con.close()
    with pytest.raises(InputError, match="schema version 0"):
        ResultsStore(path)


def test_foreign_database_is_refused(tmp_path):
    path = tmp_path / "other.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE t (x INTEGER)")
    con.close()
    with pytest.raises(InputError, match="not a neopat results store"):
        ResultsStore(path)
