"""The one runner: :func:`build_model` builds a model from a :class:`RunSpec` (the only place a
model is built), :func:`execute` runs one spec, and :func:`run` maps a list of specs over any
``concurrent.futures.Executor`` — in process by default (:class:`SerialExecutor`), or Dask's
``Client.get_executor()`` for workers. Designs produce specs (:func:`replicates`); reducers turn
results into numbers, on the worker (``reduce=``) so that only small results travel.

Seeding convention, everywhere: run ``i`` of root seed ``r`` has the integer seed
``spawn_seeds(n, r)[i]``, fed to ``numpy.random.SeedSequence`` by the model.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from neopat.errors import InputError
from neopat.model import NeopatModel
from neopat.model.population import StartingState, starting_state
from neopat.scenarios.catalogue import catalogue
from neopat.scenarios.schema import MAX_RUNS, Scenario
from neopat.scenarios.spec import RunSpec

WINDOW = 256  # tasks in flight at once: results are taken as they finish, memory stays bounded


def check_count(n: int, where: str, what: str = "model runs", least: int = 1) -> int:
    """``n`` if ``least <= n <= MAX_RUNS``; else an :class:`InputError` at ``where``."""
    if not least <= n <= MAX_RUNS:
        raise InputError(f"{n:,} {what}; give from {least} to {MAX_RUNS:,}", where=where)
    return n


@dataclass
class RunResult:
    """One run: its scenario name, seed, parameter values, yearly indicators, events, elections
    and parties, and the ruler's institutional changes with the threats he saw each year."""

    scenario: str
    seed: int
    parameters: dict[str, Any]
    years: list[dict[str, Any]]
    events: list[dict[str, Any]] = field(default_factory=list)
    elections: list[dict[str, Any]] = field(default_factory=list)
    parties: list[dict[str, Any]] = field(default_factory=list)
    changes: list[dict[str, Any]] = field(default_factory=list)
    threats: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """The stable JSON shape of ``neopat run --format json``."""
        return {"scenario": self.scenario, "seed": self.seed, "years": self.years,
                "events": self.events, "elections": self.elections, "parties": self.parties}

    @classmethod
    def from_model(cls, model: NeopatModel, seed: int) -> RunResult:
        """Collect a finished (or stopped) model's outputs."""
        sc = model.scenario
        return cls(scenario=sc.name, seed=int(seed), parameters=parameter_values(sc),
                   years=model.records, events=[e.as_dict() for e in model.log],
                   elections=model.elections, parties=model.party_rows,
                   changes=list(model.institutions.changes),
                   threats=list(model.institutions.seen))


@dataclass(frozen=True)
class RunFailure:
    """A run the model could not complete (``run(..., failures=True)``): its message."""

    message: str


def parameter_values(scenario: Scenario) -> dict[str, Any]:
    """Every catalogue parameter's value in ``scenario`` (dotted names)."""
    out: dict[str, Any] = {}
    for info in catalogue(Scenario):
        node: Any = scenario
        for part in info.name.split("."):
            node = getattr(node, part)
        out[info.name] = node
    return out


def build_model(spec: RunSpec, state: StartingState | None = None) -> NeopatModel:
    """The model of ``spec`` (optionally from a given starting ``state``): the one place a
    model is built, for the runner, the dashboard, the report and the validation."""
    return NeopatModel(spec.scenario, seed=spec.seed, state=state)


def preflight(spec: RunSpec) -> RunSpec:
    """Read what a run reads from files besides the spec (a CSV population) now, so that a bad
    file is refused before any run."""
    if spec.scenario.population.source == "csv":
        starting_state(spec.scenario, None)
    return spec


def execute(spec: RunSpec) -> RunResult:
    """Run ``spec`` to its end."""
    return RunResult.from_model(build_model(spec).run(), spec.seed)


def _task(spec: RunSpec, reduce: Callable[[RunResult], Any] | None, failures: bool,
          runs: Callable[[RunSpec], RunResult]) -> Any:
    try:
        result = runs(spec)
    except Exception as exc:  # noqa: BLE001 - returned only when the caller asked for failures
        if not failures:
            raise
        return RunFailure(f"{type(exc).__name__}: {exc}")
    return result if reduce is None else reduce(result)


def spawn_seeds(n: int, root: int = 0) -> list[int]:
    """``n`` independent run seeds spawned from ``SeedSequence(root)``: the one convention."""
    return [int(s.generate_state(1, np.uint32)[0]) for s in np.random.SeedSequence(root).spawn(n)]


def replicates(spec: RunSpec, n: int, root: int) -> list[RunSpec]:
    """``spec`` once per seed spawned from ``root`` (a design of replicates)."""
    return [spec.with_seed(s) for s in spawn_seeds(n, root)]


class SerialExecutor(Executor):
    """Runs each task in this process when it is submitted (the default executor)."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller through the future
            future.set_exception(exc)
        return future


def run(specs: Sequence[RunSpec], executor: Executor | None = None, *,
        reduce: Callable[[RunResult], Any] | None = None,
        on_done: Callable[[int, Any], None] | None = None, failures: bool = False,
        keep: bool = True, task: Callable[[RunSpec], RunResult] = execute,
        window: int = WINDOW) -> list[Any]:
    """Run every spec on ``executor`` (in process when None); returns the results in the order
    of ``specs``. ``reduce`` turns a result into what comes back (on the worker); ``on_done(i,
    value)`` runs here as each finishes (completion order); with ``failures`` a run that raises
    gives a :class:`RunFailure` instead of ending the batch; without ``keep`` results are only
    handed to ``on_done`` (the list returned holds None). ``task`` runs one spec (default
    :func:`execute`; a null model may run it from a permuted starting state). At most ``window`` tasks are in
    flight, so a million specs never become a million pending futures."""
    executor = executor or SerialExecutor()
    out: list[Any] = [None] * len(specs)
    pending: dict[Future, int] = {}
    todo = iter(range(len(specs)))
    try:
        while True:
            for i in todo:
                pending[executor.submit(_task, specs[i], reduce, failures, task)] = i
                if len(pending) >= window:
                    break
            if not pending:
                return out
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                i = pending.pop(future)
                value = future.result()
                if keep:
                    out[i] = value
                if on_done is not None:
                    on_done(i, value)
    except Exception as exc:
        for future in pending:
            future.cancel()
        if type(exc).__name__ == "KilledWorker":
            raise InputError("a Dask worker died, most often for lack of memory; lower --scale "
                             "or --workers") from None
        raise
