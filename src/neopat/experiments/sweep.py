"""Parameter sweeps from a TOML file: a full-factorial or Latin-hypercube design over catalogue
parameters (dotted names), with replicates per point.

Example ``sweep.toml``::

    scenario = "kazakhstan"        # packaged name, or a scenario file relative to this one
    design = "factorial"           # or "lhs" (then `samples` points)
    replicates = 3                 # runs per point; the same seeds at every point
    seed = 1                       # root of the replicate seeds
    years = "1990:2000"            # optional: a shorter span
    outputs = ["defections:sum"]   # optional: what the summary reports
    [parameters]
    "loyalty.defection_base" = [2.0, 4.0, 8.0]           # factorial: the levels
    "arbitration.seizure_fraction" = {lo = 0.1, hi = 0.5, levels = 3}

For ``lhs`` every parameter is a range ``{lo, hi}`` (integers are rounded).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from concurrent.futures import Executor
from contextlib import nullcontext
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from scipy.stats import qmc

from neopat.errors import InputError
from neopat.experiments.outputs import Output
from neopat.experiments.runner import MAX_RUNS, RunResult, check_count, preflight, run, spawn_seeds
from neopat.experiments.store import writing
from neopat.files import read_toml
from neopat.scenarios.catalogue import ParamInfo
from neopat.scenarios.loader import parameter_catalogue
from neopat.scenarios.schema import Seed
from neopat.scenarios.spec import RunSpec, prepare

Value = bool | int | float | str


class Range(BaseModel):
    model_config = ConfigDict(extra="forbid")
    lo: float
    hi: float
    levels: int | None = Field(None, ge=2, le=1000)

    @model_validator(mode="after")
    def _ordered(self):
        if self.hi < self.lo:
            raise ValueError("hi must not be below lo")
        return self


class SweepFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    scenario: str
    design: Literal["factorial", "lhs"] = "factorial"
    samples: int | None = Field(None, ge=1, le=100_000)
    replicates: int = Field(1, ge=1, le=10_000)
    seed: Seed = 0
    years: str | None = None
    scale: float | None = Field(None, gt=0, le=1)
    set: list[str] = Field(default_factory=list)
    outputs: list[str] = Field(default_factory=list)
    parameters: dict[str, list[Value] | Range] = Field(min_length=1)

    @model_validator(mode="after")
    def _design(self):
        if self.design == "lhs":
            if self.samples is None:
                raise ValueError("an lhs design needs `samples`")
            if any(not isinstance(v, Range) for v in self.parameters.values()):
                raise ValueError("an lhs design needs every parameter as a range {lo, hi}")
        elif self.samples is not None:
            raise ValueError("`samples` is for lhs designs; a factorial design takes levels")
        return self


class Sweep:
    """A parsed, checked sweep: its points (parameter values) and their specs (the design)."""

    def __init__(self, spec: SweepFile, path: Path, base: RunSpec):
        self.spec, self.path, self.base = spec, path, base
        self.inputs: list[Path] = [path]  # the files it was read from
        self.names = list(spec.parameters)
        self.points = _points(spec, {p.name: p for p in parameter_catalogue()}, path)
        self.seeds = spawn_seeds(spec.replicates, spec.seed)
        try:
            check_count(self.n_runs, "replicates")
        except InputError as exc:
            raise InputError(f"{len(self.points):,} points x {spec.replicates} replicates: "
                             f"{exc.problem}", file=path, where="replicates") from None
        self.designs = [self._design(point) for point in self.points]

    def _design(self, point: dict[str, Value]) -> RunSpec:
        try:
            return prepare(self.base, values=point, label=str(self.path))
        except InputError as exc:
            raise InputError(exc.problem, file=self.path,
                             where=f"parameters.{exc.where}" if exc.where else None) from exc

    @property
    def n_runs(self) -> int:
        return len(self.points) * len(self.seeds)

    def specs(self) -> list[RunSpec]:
        """Every run: each point's spec once per replicate seed (point-major)."""
        return [d.with_seed(seed) for d in self.designs for seed in self.seeds]


def load_sweep(path: str | Path) -> Sweep:
    """Read and check a sweep file: its scenario with the file's ``set``, ``scale`` and
    ``years`` (``scenarios.prepare``), then every point's spec."""
    path = Path(path)
    raw = read_toml(path, what="sweep file")
    try:
        spec = SweepFile.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"] if not str(p).startswith(("list[", "Range")))
        problem = "unknown key" if err["type"] == "extra_forbidden" else err["msg"]
        raise InputError(problem, file=path, where=where or None) from exc
    ref = spec.scenario
    local = path.parent / ref
    if ref.endswith(".toml") and local.is_file():
        ref = str(local)
    try:
        base = preflight(prepare(ref, spec.set, scale=spec.scale, years=spec.years))
    except InputError as exc:
        raise InputError(f"scenario {spec.scenario!r}: {exc}", file=path, where="scenario") \
            from exc
    sweep = Sweep(spec, path, base)
    sweep.inputs = [path, *([Path(ref)] if Path(ref).is_file() else [])]
    return sweep


def _points(spec: SweepFile, known: dict[str, ParamInfo], path: Path) -> list[dict[str, Value]]:
    for name in spec.parameters:
        if name not in known:
            raise InputError(f"{name!r} is not a catalogue parameter (see `neopat validate "
                             "kazakhstan --catalogue`)", file=path, where=f"parameters.{name}")
    if spec.design == "lhs":
        ranges = [spec.parameters[n] for n in spec.parameters]
        unit = qmc.LatinHypercube(d=len(ranges), seed=np.random.default_rng(spec.seed)
                                  ).random(spec.samples)
        return [{n: _cast(known[n], r.lo + u * (r.hi - r.lo))
                 for n, r, u in zip(spec.parameters, ranges, row, strict=True)} for row in unit]
    levels = []
    for name, value in spec.parameters.items():
        if isinstance(value, Range):
            if value.levels is None:
                raise InputError("a factorial range needs `levels`", file=path,
                                 where=f"parameters.{name}")
            value = [round(float(v), 12) for v in np.linspace(value.lo, value.hi, value.levels)]
        if not value:
            raise InputError("no levels given", file=path, where=f"parameters.{name}")
        levels.append([_cast(known[name], v) for v in value])
    points = math.prod(len(v) for v in levels)
    if points > MAX_RUNS:
        raise InputError(f"the design has {points:,} points; a design has at most {MAX_RUNS:,}",
                         file=path, where="parameters")
    return [dict(zip(spec.parameters, combo, strict=True)) for combo in itertools.product(*levels)]


def _cast(info: ParamInfo, value: Any) -> Value:
    if info.type == "int" and isinstance(value, (int, float)):
        return int(round(float(value)))
    if info.type == "float" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return value


def run_sweep(sweep: Sweep, outputs: list[Output], executor: Executor | None = None, *,
              out: Path | None = None, force: bool = False,
              on_done: Callable[[], None] | None = None) -> pd.DataFrame:
    """Run every (point, replicate); returns one row per run with the point's parameter
    values and the outputs. With ``out`` (a new store, or with ``force`` one replacing it)
    every run is written to a temporary store that takes its place once the sweep is complete."""
    if out is not None and out.exists() and not force:
        raise InputError("store exists; pass --force to replace it", file=out)
    specs = sweep.specs()
    rows: list[dict[str, Any]] = [{} for _ in specs]
    with writing(out, replace=True) if out is not None else nullcontext() as store:
        def done(i: int, result: RunResult) -> None:
            point, rep = divmod(i, len(sweep.seeds))
            run_id = store.add_run(specs[i], result) if store is not None else None
            rows[i] = {"point": point, "replicate": rep, "seed": result.seed, "run_id": run_id,
                       **sweep.points[point], **{o.label: o.value(result.years) for o in outputs}}
            if on_done is not None:
                on_done()

        run(specs, executor, on_done=done, keep=False)
    return pd.DataFrame(rows)


def point_means(runs: pd.DataFrame, sweep: Sweep, outputs: list[Output]) -> pd.DataFrame:
    """Mean of each output over the replicates of each point."""
    labels = [o.label for o in outputs]
    return runs.groupby(["point", *sweep.names], sort=True, dropna=False)[labels].mean() \
        .reset_index()
