"""The complete specification of one run: :class:`RunSpec`, built only by :func:`prepare`.

A spec holds the validated scenario (span, scale, every dated input, every parameter, its own
rule sets and party laws), the run's seed, the code version (the package version and a hash
of the package's files) and a hash of the files outside the package the run reads (a CSV
starting population), so a store never reuses a run made from other files. It serialises to
canonical JSON and hashes into a fingerprint: two specs with the same fingerprint give the same
run. :func:`prepare` validates once: the scenario is read, the ``--set`` overrides, scale, span
and design values are applied to its mapping and the result is validated; a spec read back from
JSON is validated on the way in.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from neopat.errors import InputError
from neopat.scenarios.loader import apply_overrides, read_scenario, set_value, validate_scenario
from neopat.scenarios.schema import POPULATION_FILES, SEED_LIMIT, Scenario


@cache
def code_version() -> str:
    """``neopat <version>+<hash>``: the package version and the first 12 hex digits of a hash
    of every file of the installed package (sources, record, packaged scenarios)."""
    import neopat

    root = Path(neopat.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()
                       and "__pycache__" not in p.parts and p.suffix not in (".pyc", ".tmp")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return f"neopat {neopat.__version__}+{digest.hexdigest()[:12]}"


def input_digest(scenario: Scenario) -> str:
    """SHA-256 (first 16 hex digits) of the CSV starting population a run reads; empty for
    the record's and synthetic populations (the package's files are in the code version)."""
    pop = scenario.population
    if pop.source != "csv" or not pop.csv_dir:
        return ""
    digest = hashlib.sha256()
    for name in POPULATION_FILES:
        path = Path(pop.csv_dir) / name
        digest.update(name.encode() + b"\0")
        digest.update(path.read_bytes() if path.is_file() else b"\0missing")
    return digest.hexdigest()[:16]


def check_seed(seed: int, where: str = "--seed") -> int:
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < SEED_LIMIT:
        raise InputError(f"seed {seed!r} is out of range; give 0 <= seed < 2**63", where=where)
    return seed


@dataclass(frozen=True)
class RunSpec:
    """One run, completely: the validated scenario, the seed, the code version and the digest
    of the files outside the package it reads."""

    scenario: Scenario
    seed: int
    code: str
    inputs: str = ""

    @property
    def name(self) -> str:
        return self.scenario.name

    @property
    def span(self) -> tuple[int, int]:
        return self.scenario.years.start, self.scenario.years.end

    def as_dict(self) -> dict[str, Any]:
        data = {"scenario": self.scenario.model_dump(mode="json"), "seed": self.seed,
                "code": self.code}
        return {**data, "inputs": self.inputs} if self.inputs else data

    def to_json(self) -> str:
        """Canonical JSON (sorted keys, no spaces): equal specs give equal text."""
        return json.dumps(self.as_dict(), sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str, label: str = "stored run") -> RunSpec:
        """A spec read back (the scenario validated again): an :class:`InputError` for text
        that is not a spec of this schema."""
        try:
            data = json.loads(text)
            scenario, seed, code = data["scenario"], data["seed"], data["code"]
        except (TypeError, ValueError, KeyError) as exc:
            raise InputError(f"not a run specification: {exc}", file=label) from None
        return cls(validate_scenario(scenario, label), check_seed(seed, "seed"), str(code),
                   str(data.get("inputs", "")))

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the canonical JSON: the identity of the run."""
        return hashlib.sha256(self.to_json().encode()).hexdigest()

    @property
    def design_fingerprint(self) -> str:
        """The fingerprint without the seed: what replicates of one design share."""
        return replace(self, seed=0).fingerprint

    def with_seed(self, seed: int) -> RunSpec:
        """The same run with another seed (nothing else to validate)."""
        return replace(self, seed=check_seed(int(seed)))


def parse_years(text: str, where: str = "--years") -> tuple[int, int]:
    try:
        start, end = (int(p) for p in str(text).split(":"))
    except ValueError as exc:
        raise InputError(f"expected START:END, got {text!r}", where=where) from exc
    return start, end


def prepare(source: str | Path | RunSpec, overrides: list[str] | tuple[str, ...] = (), *,
            seed: int | None = None, scale: float | None = None,
            years: str | tuple[int, int] | None = None, values: dict[str, Any] | None = None,
            edits: Sequence[Callable[[dict[str, Any]], None]] = (),
            label: str | None = None, calibrated: bool = True) -> RunSpec:
    """The one way to build a :class:`RunSpec`: a packaged name or scenario file (or a spec to
    derive from) with ``dotted.name=value`` ``overrides``, ``scale``, the span ``years``
    (``START:END``), typed catalogue ``values`` (designs) and ``edits`` of the scenario's
    mapping (a counterfactual dropping dated inputs), validated once. ``seed`` defaults to the
    derived spec's, else 0. With ``calibrated=False`` the schema's declared defaults stand
    where a calibration set others (a new calibration starts there)."""
    if isinstance(source, RunSpec):
        data, where = source.scenario.model_dump(), label or source.name
        seed = source.seed if seed is None else seed
    else:
        data, where = read_scenario(source, calibrated=calibrated)
    apply_overrides(data, list(overrides))
    if scale is not None:
        data["scale"] = scale
    if years:
        start, end = parse_years(years) if isinstance(years, str) else years
        data["years"] = {"start": start, "end": end}
    for name, value in (values or {}).items():
        set_value(data, name, value)
    for edit in edits:
        edit(data)
    scenario = validate_scenario(data, where)
    return RunSpec(scenario, check_seed(0 if seed is None else seed), code_version(),
                   input_digest(scenario))
