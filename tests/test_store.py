"""The results store as a contract: one module holds the SQL, each run's spec is stored, the
schema version is checked on every open, creation is atomic, ensembles take no single runs."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

import neopat
from _cli import refused, run_main
from _runs import run_one
from neopat.errors import InputError
from neopat.experiments.store import SCHEMA_VERSION, ResultsStore, ident, writing
from neopat.scenarios import prepare

SHORT = ("--years", "1990:1991")


@pytest.fixture(scope="module")
def spec():
    return prepare("generic", seed=2, years="1990:1993")


@pytest.fixture(scope="module")
def result(spec):
    return run_one(spec.scenario, spec.seed)


def test_a_run_lands_in_every_table_with_its_spec(tmp_path, spec, result):
    path = tmp_path / "r.duckdb"
    with writing(path) as store:
        run_id = store.add_run(spec, result)
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
    assert con.execute("SELECT fingerprint FROM runs").fetchone()[0] == spec.fingerprint
    con.close()
    with ResultsStore(path) as store:
        assert store.spec(run_id) == spec  # the full spec, scale and span included


def test_runs_accumulate(tmp_path, spec, result):
    path = tmp_path / "r.duckdb"
    for _ in range(2):
        with writing(path) as store:
            store.add_run(spec, result)
    with ResultsStore(path) as store:
        assert store.count_runs() == 2


def test_a_failed_write_leaves_nothing(tmp_path, spec, result):
    path = tmp_path / "r.duckdb"
    broken = type(result)(result.scenario, result.seed, result.parameters, result.years,
                          [{"year": 1990}])  # an event without its fields
    with writing(path) as store:
        with pytest.raises(KeyError):
            store.add_run(spec, broken)
        assert store.count_runs() == 0
        assert store.indicators_long().empty


def _versioned(path: Path, version: int) -> Path:
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_version (version INTEGER)")
    con.execute("INSERT INTO schema_version VALUES (?)", [version])
    con.execute("CREATE TABLE runs (run_id INTEGER)")
    con.close()
    return path


@pytest.mark.parametrize(("version", "says"), [(SCHEMA_VERSION - 1, "written by an older"),
                                               (SCHEMA_VERSION + 1, "written by a newer")])
def test_another_schema_version_is_refused(tmp_path, version, says):
    path = _versioned(tmp_path / "v.duckdb", version)
    with pytest.raises(InputError, match=f"schema version {version}, {says}"):
        ResultsStore(path)


@pytest.mark.parametrize("version", [SCHEMA_VERSION - 1, SCHEMA_VERSION + 1])
@pytest.mark.parametrize("command", [
    ["results", "{s}"], ["results", "{s}", "export", "--parquet", "{d}"],
    ["report", "{s}", "-o", "{d}/r.html"],
    ["ensemble", "kazakhstan", "--runs", "2", "--out", "{s}", "--resume"],
    ["run", "kazakhstan", "--out", "{s}"], ["sensitivity", "kazakhstan", "--out", "{s}"],
    ["propositions", "--out", "{s}"],
])
def test_every_command_refuses_another_schema_version(tmp_path, version, command):
    path = _versioned(tmp_path / "v.duckdb", version)
    before = path.read_bytes()
    line = refused(*(a.format(s=path, d=tmp_path / "out") for a in command))
    assert f"v.duckdb: results store has schema version {version}" in line
    assert path.read_bytes() == before


def test_the_dashboard_refuses_another_schema_version(tmp_path):
    from neopat.experiments.results import Results

    path = _versioned(tmp_path / "v.duckdb", SCHEMA_VERSION - 1)
    with pytest.raises(InputError, match="schema version"):
        Results(path)  # what the dashboard's Ensemble tab opens


def test_foreign_and_empty_databases_are_refused(tmp_path):
    path = tmp_path / "other.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE t (x INTEGER)")
    con.close()
    with pytest.raises(InputError, match="not a neopat results store"):
        ResultsStore(path)
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    with pytest.raises(InputError, match="not a neopat results store"):
        ResultsStore(empty, write=True)  # an empty database is not initialised in place


KILLED = """
import os, signal, sys
from neopat.experiments.store import ResultsStore, writing

def kill(self, *args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)

ResultsStore.set_ensemble = kill
from neopat.experiments.ensemble import run_ensemble
from neopat.scenarios import prepare
run_ensemble(prepare("generic", years="1990:1991"), 2, 1, out=__import__("pathlib").Path(sys.argv[1]))
"""


def test_a_store_killed_at_creation_leaves_nothing_at_its_path(tmp_path, invoke):
    out = tmp_path / "e.duckdb"
    script = tmp_path / "killed.py"
    script.write_text(textwrap.dedent(KILLED))
    env = {**os.environ, "PYTHONPATH": str(Path(neopat.__file__).parents[1])}
    proc = subprocess.run([sys.executable, str(script), str(out)], capture_output=True,
                          text=True, timeout=120, check=False, env=env)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert not out.exists()  # only a temporary file beside it, never a half-made store
    code, text = invoke("ensemble", "generic", *SHORT, "--runs", "2", "--workers", "1",
                        "--out", str(out))
    assert code == 0, text


def test_a_single_run_cannot_join_an_ensemble_store(tmp_path, spec, result):
    from neopat.experiments.ensemble import run_ensemble

    out = tmp_path / "e.duckdb"
    run_ensemble(prepare("generic", years="1990:1991"), 1, 1, out=out)
    before = out.read_bytes()
    line = refused("run", "generic", *SHORT, "--out", str(out))
    assert "the store holds an ensemble; a single run cannot be added to it" in line
    assert out.read_bytes() == before
    with writing(out) as store, pytest.raises(InputError, match="holds an ensemble"):
        store.add_run(spec, result)


@pytest.mark.parametrize("name", ["runs", "sensitivity_sobol", "_x1"])
def test_plain_identifiers_are_quoted(name):
    assert ident(name) == f'"{name}"'


@pytest.mark.parametrize("name", ['a"b', "a.b", "1a", "a b", "", "x" * 64])
def test_other_identifiers_are_refused(name):
    with pytest.raises(InputError, match="not a plain identifier"):
        ident(name)


SQL = re.compile(r"\b(SELECT|INSERT INTO|CREATE TABLE|DELETE FROM|UPDATE \w+ SET|COPY)\b")


def test_one_module_holds_every_sql_statement():
    root = Path(neopat.__file__).parent
    holders = sorted(str(p.relative_to(root)) for p in root.rglob("*.py")
                     if SQL.search(p.read_text(encoding="utf-8")))
    assert holders == ["experiments/store.py"]


def test_results_read_a_store_through_the_store(tmp_path, spec, result):
    path = tmp_path / "r.duckdb"
    with writing(path) as store:
        store.add_run(spec, result)
    code, out, _ = run_main("results", str(path), "--format", "json")
    assert code == 0 and '"runs": 1' in out
