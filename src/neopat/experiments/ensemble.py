"""Ensembles: replicates of one scenario with seeds spawned from ``SeedSequence(root)``, run on
Dask and committed to the results store one transaction per run, as each finishes.

Store rules: an existing store is refused unless ``resume`` (complete it) or ``force`` (replace
it); a new store is created complete, with its ensemble row, before the first run (a store is
never half-made); a resumed store must hold an ensemble of the same scenario settings and root
seed (checked read-only, so a refused store is untouched); resuming runs only the replicates
whose seed the store lacks.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from neopat.errors import InputError
from neopat.experiments.executor import DaskExecutor
from neopat.experiments.runner import RunResult, check_count, run_one, spawn_seeds
from neopat.experiments.store import ResultsStore, check_store, connect, guarded, writing
from neopat.scenarios.schema import Scenario

ENSEMBLE_DDL = """CREATE TABLE IF NOT EXISTS ensembles (
    scenario VARCHAR, root_seed BIGINT, runs INTEGER, fingerprint VARCHAR, settings VARCHAR,
    created TIMESTAMP)"""


def settings_of(scenario: Scenario) -> dict[str, Any]:
    """Everything that determines a run besides its seed (the full validated scenario)."""
    return scenario.model_dump(mode="json")


def fingerprint(settings: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()


@dataclass
class Plan:
    """What an ensemble command will do: all replicate seeds, and those still to run."""

    seeds: list[int]
    missing: list[int]

    @property
    def done(self) -> int:
        return len(self.seeds) - len(self.missing)


def plan(scenario: Scenario, runs: int, root: int, out: Path | None, resume: bool,
         force: bool = False) -> Plan:
    """Check the store against the ensemble (read-only) and list the seeds still to run."""
    check_count(runs, "--runs")
    seeds = spawn_seeds(runs, root)
    if out is None:
        if resume:
            raise InputError("--resume needs --out (the store to complete)", where="--resume")
        return Plan(seeds, list(seeds))
    if resume and force:
        raise InputError("--resume completes a store, --force replaces it: give one",
                         where="--force")
    if not out.exists() or force:
        return Plan(seeds, list(seeds))
    if not resume:
        raise InputError("store exists; pass --resume to complete its ensemble, --force to "
                         "replace it, or write to a new file", file=out)
    stored = _stored_ensemble(out)
    _check_same(stored, scenario, runs, root, out)
    have = Counter(stored["seeds"])
    missing = []
    for seed in seeds:
        if have[seed] > 0:
            have[seed] -= 1
        else:
            missing.append(seed)
    return Plan(seeds, missing)


def _stored_ensemble(out: Path) -> dict[str, Any]:
    check_store(out)
    con = connect(out, read_only=True)
    try:
        with guarded(out):
            tables = {r[0] for r in con.execute(
                "SELECT table_name FROM information_schema.tables").fetchall()}
            if "ensembles" not in tables:
                raise InputError("store holds no ensemble (written by `neopat run`?); write to a "
                                 "new file", file=out)
            row = con.execute("SELECT root_seed, runs, settings FROM ensembles").fetchone()
            seeds = [r[0] for r in con.execute("SELECT seed FROM runs").fetchall()]
    finally:
        con.close()
    if row is None:
        raise InputError("store holds no ensemble row; write to a new file", file=out)
    try:
        settings = json.loads(row[2])
    except (TypeError, ValueError):
        raise InputError("the store's ensemble settings are not valid JSON", file=out) from None
    return {"root_seed": row[0], "runs": row[1], "settings": settings, "seeds": seeds}


def _check_same(stored: dict[str, Any], scenario: Scenario, runs: int, root: int,
                out: Path) -> None:
    if stored["root_seed"] != root:
        raise InputError(f"--resume with seed {root}, but the store's ensemble has seed "
                         f"{stored['root_seed']}", file=out)
    new = settings_of(scenario)
    if fingerprint(stored["settings"]) != fingerprint(new):
        diff = sorted(_differences(stored["settings"], new))
        raise InputError("--resume with other parameters than the store's ensemble: "
                         + "; ".join(diff[:5]), file=out)
    if runs < stored["runs"]:
        raise InputError(f"--resume with {runs} runs, but the store's ensemble has "
                         f"{stored['runs']}", file=out)


def _differences(old: Any, new: Any, prefix: str = "") -> list[str]:
    if isinstance(old, dict) and isinstance(new, dict):
        return [d for key in sorted(set(old) | set(new))
                for d in _differences(old.get(key), new.get(key), f"{prefix}{key}.")]
    if old != new:
        return [f"{prefix.rstrip('.')} is {_short(old)} in the store, {_short(new)} now"]
    return []


def _short(value: Any) -> str:
    text = json.dumps(value)
    return text if len(text) <= 40 else text[:37] + "..."


def record_ensemble(store: ResultsStore, scenario: Scenario, runs: int, root: int) -> None:
    """Create or update the store's ``ensembles`` row (one ensemble per store)."""
    settings = settings_of(scenario)
    with store.transaction() as con:
        con.execute(ENSEMBLE_DDL)
        con.execute("DELETE FROM ensembles")
        con.execute("INSERT INTO ensembles VALUES (?, ?, ?, ?, ?, now())",
                    [scenario.name, root, runs, fingerprint(settings), json.dumps(settings)])


def run_ensemble(scenario: Scenario, runs: int, root: int, executor: DaskExecutor, *,
                 out: Path | None = None, resume: bool = False, force: bool = False,
                 on_done: Callable[[RunResult], None] | None = None) -> Plan:
    """Run the replicates ``plan`` says are missing on ``executor``; with ``out``, commit each
    run to the store as it finishes. A new store (or, with ``force``, a fresh one replacing
    ``out``) is created complete with its ensemble row before the first run; ``on_done`` sees
    every new run (after its commit)."""
    todo = plan(scenario, runs, root, out, resume, force)
    store = None
    if out is not None:
        with writing(out, replace=force and not resume) as created:
            record_ensemble(created, scenario, runs, root)
        store = ResultsStore(out)

    def commit(_: int, result: RunResult) -> None:
        if store is not None:
            store.add_run(result, species=scenario.ruler.species)
        if on_done is not None:
            on_done(result)

    try:
        if todo.missing:
            executor.map(run_one, [(scenario, seed) for seed in todo.missing], commit)
    finally:
        if store is not None:
            store.close()
    return todo
