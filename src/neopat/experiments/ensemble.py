"""Ensembles: replicates of one spec with seeds spawned from ``SeedSequence(root)`` (the design,
:func:`neopat.experiments.runner.replicates`), run by the runner and committed to the results
store one transaction per run, as each finishes.

Store rules: an existing store is refused unless ``resume`` (complete it) or ``force`` (replace
it); a new store is created complete, with its ensemble row, before the first run (a store is
never half-made); a resumed store must hold an ensemble of the same design and root seed, and
every run it holds must be one of the ensemble's runs — the same fingerprint, so a run with other
parameters or another code version under a spawned seed is refused, not counted (checked
read-only, so a refused store is untouched); resuming runs only the specs the store lacks.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from neopat.errors import InputError
from neopat.experiments.runner import RunResult, check_count, replicates, run
from neopat.experiments.store import ResultsStore, check_store, writing
from neopat.scenarios.spec import RunSpec


@dataclass
class Plan:
    """What an ensemble command will do: every replicate's spec, and those still to run."""

    specs: list[RunSpec]
    missing: list[RunSpec]

    @property
    def seeds(self) -> list[int]:
        return [s.seed for s in self.specs]

    @property
    def done(self) -> int:
        return len(self.specs) - len(self.missing)


def plan(design: RunSpec, runs: int, root: int, out: Path | None, resume: bool,
         force: bool = False) -> Plan:
    """Check the store against the ensemble (read-only) and list the specs still to run."""
    check_count(runs, "--runs")
    specs = replicates(design, runs, root)
    if out is None:
        if resume:
            raise InputError("--resume needs --out (the store to complete)", where="--resume")
        return Plan(specs, list(specs))
    if resume and force:
        raise InputError("--resume completes a store, --force replaces it: give one",
                         where="--force")
    if not out.exists() or force:
        return Plan(specs, list(specs))
    if not resume:
        raise InputError("store exists; pass --resume to complete its ensemble, --force to "
                         "replace it, or write to a new file", file=out)
    check_store(out)
    with ResultsStore(out) as store:
        stored = store.ensemble()
        if stored is None:
            raise InputError("store holds no ensemble (written by `neopat run`?); write to a "
                             "new file", file=out)
        _check_same(store.ensemble_spec(), stored, design, runs, root, out)
        have = Counter(f for _, _, f in store.fingerprints())
        expected = {s.fingerprint: s for s in specs}
        for run_id, seed, fp in store.fingerprints():
            if fp not in expected:
                raise InputError(_foreign(store, run_id, seed, specs), file=out)
    missing = []
    for spec in specs:
        if have[spec.fingerprint] > 0:
            have[spec.fingerprint] -= 1
        else:
            missing.append(spec)
    return Plan(specs, missing)


def _check_same(stored_design: RunSpec, stored: dict[str, Any], design: RunSpec, runs: int,
                root: int, out: Path) -> None:
    if stored["root_seed"] != root:
        raise InputError(f"--resume with seed {root}, but the store's ensemble has seed "
                         f"{stored['root_seed']}", file=out)
    if stored_design.design_fingerprint != design.design_fingerprint:
        diff = _differences(stored_design.as_dict(), design.with_seed(0).as_dict())
        raise InputError("--resume with another specification than the store's ensemble: "
                         + "; ".join(diff[:5]), file=out)
    if runs < stored["runs"]:
        raise InputError(f"--resume with {runs} runs, but the store's ensemble has "
                         f"{stored['runs']}", file=out)


def _foreign(store: ResultsStore, run_id: int, seed: int, specs: list[RunSpec]) -> str:
    """Why a stored run is not one of the ensemble's: its spec against the expected one."""
    same_seed = [s for s in specs if s.seed == seed]
    head = f"run {run_id} (seed {seed}) is not a run of this ensemble"
    if not same_seed:
        return head + ": no replicate has its seed"
    diff = _differences(store.spec(run_id).as_dict(), same_seed[0].as_dict())
    return head + ": " + "; ".join(diff[:5])


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


def run_ensemble(design: RunSpec, runs: int, root: int, executor: Executor | None = None, *,
                 out: Path | None = None, resume: bool = False, force: bool = False,
                 on_done: Callable[[RunResult], None] | None = None) -> Plan:
    """Run the replicates ``plan`` says are missing on ``executor``; with ``out``, commit each
    run to the store as it finishes. A new store (or, with ``force``, a fresh one replacing
    ``out``) is created complete with its ensemble row before the first run; ``on_done`` sees
    every new run (after its commit)."""
    todo = plan(design, runs, root, out, resume, force)
    store = None
    if out is not None:
        if not resume or not out.exists():
            with writing(out, replace=force) as created:
                created.set_ensemble(design, runs, root)
        store = ResultsStore(out, write=True)
        if resume:
            store.set_ensemble(design, runs, root)

    def commit(i: int, result: RunResult) -> None:
        if store is not None:
            store.add_run(todo.missing[i], result, ensemble=True)
        if on_done is not None:
            on_done(result)

    try:
        run(todo.missing, executor, on_done=commit, keep=False)
    finally:
        if store is not None:
            store.close()
    return todo
