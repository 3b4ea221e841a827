"""Ensembles on Dask: same results with 1 and 2 workers, loopback-only TLS cluster, resume after
a kill, refusals that leave the store untouched."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from neopat.experiments import runner
from neopat.experiments.ensemble import run_ensemble
from neopat.experiments.executor import DaskExecutor
from neopat.scenarios import prepare

YEARS = "1990:1996"
RUNS = 4
ARGS = ["kazakhstan", "--runs", str(RUNS), "--seed", "7", "--years", YEARS]


def scenario():
    return prepare("kazakhstan", years=YEARS)


def content(path: Path) -> list[tuple]:
    """Everything stored about each run, keyed by seed (run_ids follow completion order)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        rows = con.execute("""
            SELECT r.seed, i.year, i.indicator, i.value FROM indicators i JOIN runs r USING (run_id)
            UNION ALL
            SELECT r.seed, e.seq, e.mechanism, hash(e.actors || e.detail) FROM events e
                JOIN runs r USING (run_id)
            UNION ALL
            SELECT r.seed, 0, p.name || '=' || p.value, 0 FROM parameters p JOIN runs r USING (run_id)
            ORDER BY 1, 2, 3""").fetchall()
    finally:
        con.close()
    return rows


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def one_worker(tmp_path_factory, invoke) -> Path:
    out = tmp_path_factory.mktemp("one") / "e.duckdb"
    assert invoke("ensemble", *ARGS, "--workers", "1", "--out", str(out))[0] == 0
    return out


def test_two_workers_store_the_same_runs_as_one_on_loopback(tmp_path, one_worker):
    out = tmp_path / "e.duckdb"
    seen = []
    dask = DaskExecutor(workers=2)
    with dask as ex:
        addresses = [dask.cluster.scheduler_address, *dask.cluster.scheduler_info["workers"]]
        assert all(a.startswith("tls://127.0.0.1:") for a in addresses), addresses
        http = [s.getsockname()[0] for s in dask.cluster.scheduler.http_server._sockets.values()]
        assert http and set(http) == {"127.0.0.1"}
        run_ensemble(scenario(), RUNS, 7, ex, out=out, on_done=seen.append)
    assert len(seen) == RUNS
    assert content(out) == content(one_worker)
    assert len({r[0] for r in content(out)}) == RUNS


class CountingModel(runner.NeopatModel):
    built = 0

    def __init__(self, *args, **kwargs):
        type(self).built += 1
        super().__init__(*args, **kwargs)


def test_resume_builds_models_only_for_missing_runs(tmp_path, monkeypatch, one_worker):
    monkeypatch.setattr(runner, "NeopatModel", CountingModel)
    out = tmp_path / "e.duckdb"
    with DaskExecutor(workers=1, processes=False) as ex:
        run_ensemble(scenario(), 2, 7, ex, out=out)
        assert CountingModel.built == 2
        todo = run_ensemble(scenario(), RUNS, 7, ex, out=out, resume=True)
        assert (todo.done, len(todo.missing), CountingModel.built) == (2, 2, RUNS)
        todo = run_ensemble(scenario(), RUNS, 7, ex, out=out, resume=True)
        assert (todo.done, todo.missing, CountingModel.built) == (RUNS, [], RUNS)
    assert content(out) == content(one_worker)


KILLER = """
import os, signal, sys
from pathlib import Path
from neopat.experiments.ensemble import run_ensemble
from neopat.experiments.executor import DaskExecutor
from neopat.scenarios import prepare

sc = prepare("kazakhstan", years="1990:1996")
done = []

def kill(result):
    done.append(result)
    if len(done) == 2:  # mid-run: two committed, the rest in flight or queued
        os.killpg(os.getpgid(0), signal.SIGKILL)

if __name__ == "__main__":
    with DaskExecutor(workers=1) as ex:
        run_ensemble(sc, {runs}, 7, ex, out=Path(sys.argv[1]), on_done=kill)
"""


def test_killed_ensemble_resumes_to_the_uninterrupted_result(tmp_path, one_worker, invoke):
    out = tmp_path / "e.duckdb"
    script = tmp_path / "killer.py"
    script.write_text(textwrap.dedent(KILLER.format(runs=RUNS)))
    proc = subprocess.run([sys.executable, str(script), str(out)], capture_output=True,
                          text=True, start_new_session=True, timeout=120, check=False)
    assert proc.returncode == -9, proc.stderr
    con = duckdb.connect(str(out), read_only=True)
    assert con.execute("SELECT count(*) FROM runs").fetchone()[0] == 2
    con.close()
    code, text = invoke("ensemble", *ARGS, "--workers", "1", "--out", str(out), "--resume")
    assert code == 0, text
    assert content(out) == content(one_worker)


@pytest.mark.parametrize("extra", [
    [],  # an existing store without --resume
    ["--resume", "--seed", "8"],  # another root seed
    ["--resume", "--set", "loyalty.contagion=0.5"],  # other parameters
    ["--resume", "--years", "1990:1995"],  # another span
])
def test_refusals_exit_2_and_leave_the_store_untouched(one_worker, extra, invoke):
    before = digest(one_worker)
    args = list(ARGS)
    if "--seed" in extra:
        args[args.index("--seed"):args.index("--seed") + 2] = []
    if "--years" in extra:
        args[args.index("--years"):args.index("--years") + 2] = []
    code, text = invoke("ensemble", *args, *extra, "--out", str(one_worker))
    assert code == 2, text
    assert digest(one_worker) == before


def test_resuming_a_store_without_an_ensemble_is_refused(tmp_path, invoke):
    out = tmp_path / "run.duckdb"
    assert invoke("run", "generic", "--years", "1990:1992", "--out", str(out))[0] == 0
    before = digest(out)
    code, text = invoke("ensemble", *ARGS, "--out", str(out), "--resume")
    assert code == 2 and "holds no ensemble" in text
    assert digest(out) == before


def test_refusal_through_the_console_entry_point(one_worker):
    before = digest(one_worker)
    proc = subprocess.run([sys.executable, "-m", "neopat", "ensemble", *ARGS, "--out",
                           str(one_worker)], capture_output=True, text=True, check=False,
                          env={**os.environ, "COLUMNS": "200"})
    assert proc.returncode == 2
    assert "pass --resume" in proc.stderr and "Traceback" not in proc.stderr
    assert digest(one_worker) == before


def test_results_summary_and_parquet_export(tmp_path, one_worker, invoke):
    code, text = invoke("results", str(one_worker), "summary", "--format", "json")
    assert code == 0, text
    data = json.loads(text)
    assert data["runs"] == RUNS
    assert data["ensemble"] == {"scenario": "kazakhstan", "root_seed": 7, "runs": RUNS}
    code, text = invoke("results", str(one_worker), "export", "--parquet", str(tmp_path / "pq"))
    assert code == 0, text
    import pandas as pd
    runs = pd.read_parquet(tmp_path / "pq" / "runs.parquet")
    assert len(runs) == RUNS and set(runs["scenario"]) == {"kazakhstan"}


def test_a_running_scheduler_gives_the_same_runs(tmp_path, one_worker, invoke):
    from distributed import LocalCluster

    out = tmp_path / "e.duckdb"
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, host="127.0.0.1",
                      protocol="tcp://", dashboard_address=None) as cluster:
        code, text = invoke("ensemble", *ARGS, "--scheduler", cluster.scheduler_address,
                            "--out", str(out))
    assert code == 0, text
    assert content(out) == content(one_worker)


def test_resume_refuses_a_foreign_run_under_a_spawned_seed(tmp_path, one_worker, invoke):
    """A run with other parameters stored under one of the ensemble's seeds is not a finished
    replicate: --resume refuses the store and names the difference."""
    from neopat.experiments.store import ResultsStore

    out = tmp_path / "e.duckdb"
    out.write_bytes(one_worker.read_bytes())
    with ResultsStore(out, write=True) as store, store.transaction() as con:
        run_id, seed = con.execute("SELECT run_id, seed FROM runs LIMIT 1").fetchone()
        foreign = prepare("kazakhstan", ["loyalty.contagion=0.5"], years=YEARS, seed=seed)
        con.execute("UPDATE runs SET spec = ?, fingerprint = ? WHERE run_id = ?",
                    [foreign.to_json(), foreign.fingerprint, run_id])
    before = digest(out)
    code, text = invoke("ensemble", *ARGS, "--workers", "1", "--out", str(out), "--resume")
    assert code == 2, text
    assert f"run {run_id} (seed {seed}) is not a run of this ensemble" in text
    now = prepare("kazakhstan", years=YEARS).scenario.loyalty.contagion
    assert f"scenario.loyalty.contagion is 0.5 in the store, {now} now" in text
    assert digest(out) == before


def test_the_report_replays_every_run_exactly(one_worker):
    """Each stored spec replays to the stored indicators, every year and key."""
    from neopat.experiments.results import Results
    from neopat.views.ensemble import views
    from neopat.views.runs import replay

    with Results(one_worker) as res:
        run_views = views(res)
    assert len(run_views) == RUNS
    assert all(replay(v).replayed for v in run_views)
