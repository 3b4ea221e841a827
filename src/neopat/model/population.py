"""The starting state: factions and elites from the record, a CSV folder, or synthesised.

Only input fields are read (never ``fate``, ``fate_year``, ``defected_year`` or ``outcome``
offices): the model starts from the record's starting state and dated inputs only.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from neopat.data import elites as record
from neopat.errors import InputError
from neopat.files import csv_errors, read_text
from neopat.scenarios.schema import POPULATION_FILES, Scenario

POPULARITY = {"low": 0.2, "medium": 0.5, "high": 0.8}
FACTION_COLUMNS = ("id", "name", "kind", "kinship", "resource_base", "entry_year")
ELITE_COLUMNS = ("id", "name", "faction", "kin", "generation", "entry_year", "entry_office",
                 "resource_base", "popularity")
OFFICE_COLUMNS = ("elite", "office", "start_year", "end_year", "role")


@dataclass
class FactionInit:
    key: str
    name: str
    kind: str
    kinship: bool
    resource_base: frozenset[str]
    entry_year: int


@dataclass
class EliteInit:
    key: str
    name: str
    faction: str
    kin: bool
    generation: str
    entry_year: int
    offices: list[str]
    resource_base: frozenset[str]
    popularity: float


@dataclass
class StartingState:
    factions: list[FactionInit]
    elites: list[EliteInit]
    ruler_key: str = ""
    ruler_faction: str = ""
    notes: list[str] = field(default_factory=list)


def _get(row: Any, name: str) -> Any:
    if isinstance(row, dict):
        return row.get(name)
    return getattr(row, name, None)


def _bool(value: Any) -> bool:
    return str(value).strip().lower() in {"true", "1", "yes"}


def _base(value: Any) -> frozenset[str]:
    if isinstance(value, (list, tuple, set, frozenset)):
        return frozenset(str(v) for v in value)
    return frozenset(p.strip() for p in str(value or "").split(";") if p.strip())


def _assemble(factions: list[Any], elites: list[Any], initial_offices: list[Any]) -> StartingState:
    offices: dict[str, list[str]] = {}
    for row in initial_offices:
        if str(_get(row, "role") or "initial") == "initial":
            offices.setdefault(str(_get(row, "elite")), []).append(str(_get(row, "office")))
    fac = [
        FactionInit(
            key=str(_get(r, "id")), name=str(_get(r, "name")), kind=str(_get(r, "kind")),
            kinship=_bool(_get(r, "kinship")), resource_base=_base(_get(r, "resource_base")),
            entry_year=int(_get(r, "entry_year")),
        )
        for r in factions
    ]
    eli: list[EliteInit] = []
    state = StartingState(factions=fac, elites=eli)
    for r in elites:
        key = str(_get(r, "id"))
        first = str(_get(r, "entry_office") or "").strip()
        held = [first] if first else []
        held += [o for o in offices.get(key, []) if o not in held]
        pop = _get(r, "popularity")
        pop = getattr(pop, "value", pop)
        popularity = POPULARITY.get(str(pop), 0.5) if not isinstance(pop, float) else pop
        held = [getattr(o, "value", o) for o in held]
        init = EliteInit(
            key=key, name=str(_get(r, "name")), faction=str(_get(r, "faction")),
            kin=_bool(_get(r, "kin")), generation=str(_get(r, "generation") or ""),
            entry_year=int(_get(r, "entry_year")), offices=held,
            resource_base=_base(_get(r, "resource_base")), popularity=popularity,
        )
        if "president" in held:
            state.ruler_key, state.ruler_faction = init.key, init.faction
        else:
            eli.append(init)
    return state


def _read_csv(path: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(read_text(path), newline=""))
    with csv_errors(path):
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise InputError(f"missing columns {missing}", file=path)
        return [{c: row[c] for c in columns} for row in reader]


def from_csv(folder: str | Path) -> StartingState:
    """Starting state from :data:`POPULATION_FILES`: factions, elites and (optional) their
    offices."""
    folder = Path(folder)
    factions, elites, offices_name = POPULATION_FILES
    offices_file = folder / offices_name
    offices = _read_csv(offices_file, OFFICE_COLUMNS) if offices_file.exists() else []
    try:
        return _assemble(
            _read_csv(folder / factions, FACTION_COLUMNS),
            _read_csv(folder / elites, ELITE_COLUMNS),
            [o for o in offices if o["role"] == "initial"],
        )
    except (TypeError, ValueError) as exc:  # a missing cell, a year that is not a number
        raise InputError(f"a row has a missing or malformed value ({exc})", file=folder) from None


def from_record() -> StartingState:
    """Starting state from the packaged historical record (input fields only)."""
    elites = record.load_starting_elites()
    # Only the kind of each office held at entry is read: an initial office's end_year would
    # leak its outcome (a dismissal, a term's end) into the model.
    offices = [{"elite": e.id, "office": o.office, "role": "initial"}
               for e in elites for o in e.initial_offices]
    return _assemble(record.load_starting_factions(), elites, offices)


SYNTH_KINDS = ("business", "technocrat", "nomenklatura", "regional", "party_insider", "security")
SYNTH_BASES = {
    "family": "kinship;coercive;media",
    "business": "banking;oil_gas",
    "technocrat": "administrative;banking",
    "nomenklatura": "administrative",
    "regional": "regional;agriculture",
    "party_insider": "party",
    "security": "coercive",
}
SYNTH_OFFICES = ("prime_minister", "deputy_pm", "minister", "minister", "akim", "akim",
                 "security_service", "tax_police", "prosecutor", "justice_registration",
                 "speaker", "deputy", "deputy", "adviser", "presidential_administration")


def synthetic(scenario: Scenario, rng: np.random.Generator) -> StartingState:
    """A synthetic neopatrimonial elite of the size the scenario asks for."""
    pop = scenario.population
    start, end = scenario.years.start, scenario.years.end
    factions = [FactionInit("ruler", "ruler's household", "family", True,
                            _base("kinship"), start)]
    for i in range(pop.n_factions):
        kind = "family" if i < pop.kin_factions else SYNTH_KINDS[i % len(SYNTH_KINDS)]
        late = i >= pop.kin_factions and rng.random() < 0.4
        entry = int(rng.integers(start, max(start + 1, (start + end) // 2))) if late else start
        factions.append(FactionInit(f"f{i}", f"faction {i}", kind, kind == "family",
                                    _base(SYNTH_BASES[kind]), entry))
    elites: list[EliteInit] = []
    offices = list(SYNTH_OFFICES)
    for j in range(pop.n_elites):
        fac = factions[1 + int(rng.integers(pop.n_factions))]
        office = offices.pop(0) if offices and fac.entry_year == start else ""
        elites.append(EliteInit(
            key=f"e{j}", name=f"elite {j}", faction=fac.key, kin=fac.kinship,
            generation="soviet" if rng.random() < 0.6 else "post_soviet",
            entry_year=max(fac.entry_year, int(rng.integers(start, end + 1))
                           if rng.random() < 0.3 else fac.entry_year),
            offices=[office] if office else [], resource_base=fac.resource_base,
            popularity=float(rng.choice([0.2, 0.5, 0.8], p=[0.5, 0.35, 0.15])),
        ))
    return StartingState(factions=factions, elites=elites, ruler_key="ruler",
                         ruler_faction="ruler")


def starting_state(scenario: Scenario, rng: np.random.Generator) -> StartingState:
    """The starting state named by ``scenario.population.source``."""
    source = scenario.population.source
    if source == "record":
        return from_record()
    if source == "csv":
        if not scenario.population.csv_dir:
            raise InputError("population.source = 'csv' needs population.csv_dir")
        return from_csv(scenario.population.csv_dir)
    return synthetic(scenario, rng)
