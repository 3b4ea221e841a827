"""Elite factions, elites and their offices.

Sources: thesis Figure 3.1 (missing from the OCR) as reconstructed from the text of Chapter Three,
the Ch.3 actor roster and the DVK signatories of Table 3.5.

Inputs and outcomes are kept apart. A simulation may read only the *starting state*:
identity, faction, kin, generation, entry_year, entry_office, resource_base, popularity and the
``initial`` offices (what a person holds at entry_year). ``fate``, ``fate_year``,
``defected_year`` and ``outcome`` offices are validation targets; :func:`load_starting_factions` and
:func:`load_starting_elites` return models that do not even carry them.

Entry years never come from a fate or a defection. An elite enters in the year of the first
position the thesis gives it inside the regime (an office, a business, a party or faction) when
that year is printed (``entry_basis = printed``, ``entry_source`` citing the lines that print
it). When that first position is undated, or the only dated appearance is the defection or fate
itself (the DVK signatories of Table 3.5), the elite enters at :data:`COMMON_ENTRY_YEAR`
(``entry_basis = assumed``). A faction enters with its first elite.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, field_validator, model_validator

from neopat.data.loader import (
    SemicolonList,
    Year,
    check_refs,
    check_unique,
    fail_row,
    read_rows,
    split_semicolons,
)
from neopat.data.provenance import Provenance, parse_source

FACTIONS_FILE = "factions.csv"

COMMON_ENTRY_YEAR = 1992
"""Entry year of every elite whose first position is undated: the early post-Soviet years, when
the thesis first describes the post-independence elite (the reform government, seed:6898-6912)."""
ELITES_FILE = "elites.csv"
OFFICES_FILE = "elite_offices.csv"

OFFICE_KINDS: tuple[str, ...] = (
    "president",
    "prime_minister",
    "deputy_pm",
    "minister",
    "presidential_administration",
    "state_secretary",
    "adviser",
    "akim",
    "security_service",
    "tax_police",
    "prosecutor",
    "interior",
    "justice_registration",
    "election_commission",
    "speaker",
    "deputy",
    "senator",
    "ambassador",
    "party_leader",
    "state_holding",
    "state_company",
    "bank",
    "business",
    "media",
)
"""Office kinds an elite can hold. Coercive and rule-applying offices (security_service, tax_police,
prosecutor, interior, justice_registration, election_commission) decide how rules are applied;
party_leader, bank, business and media are positions outside the state that still count as offices
for the patronage network."""

COERCIVE_OFFICES = frozenset(
    {
        "security_service",
        "tax_police",
        "prosecutor",
        "interior",
        "justice_registration",
        "election_commission",
    }
)

FactionKind = Literal[
    "family", "business", "technocrat", "nomenklatura", "regional", "party_insider", "security"
]
ResourceBase = Literal[
    "kinship",
    "coercive",
    "administrative",
    "oil_gas",
    "metals",
    "banking",
    "media",
    "agriculture",
    "industry",
    "regional",
    "party",
]
Resources = Annotated[list[ResourceBase], BeforeValidator(split_semicolons)]
OfficeKind = Literal[OFFICE_KINDS]  # type: ignore[valid-type]
Generation = Literal["soviet", "post_soviet"]
Popularity = Literal["low", "medium", "high"]
EntryBasis = Literal["printed", "assumed"]
Fate = Literal[
    "in_office",
    "co_opted",
    "defected",
    "exiled",
    "imprisoned",
    "dead",
    "removed",
    "retired",
    "unknown",
]

FACTION_INPUT_FIELDS = ("id", "name", "kind", "kinship", "resource_base", "entry_year")
ELITE_INPUT_FIELDS = (
    "id",
    "name",
    "aliases",
    "faction",
    "kin",
    "generation",
    "entry_year",
    "entry_office",
    "resource_base",
    "popularity",
)
ELITE_OUTCOME_FIELDS = ("fate", "fate_year", "defected_year")


class StartingFaction(BaseModel):
    """A faction as a simulation may see it at the start (inputs only)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    name: str
    kind: FactionKind
    kinship: bool
    resource_base: Resources
    entry_year: Year


class Faction(StartingFaction, Provenance):
    """A row of ``factions.csv``: a faction with its provenance."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    def starting(self) -> StartingFaction:
        return StartingFaction(**self.model_dump(include=set(FACTION_INPUT_FIELDS)))


class StartingOffice(BaseModel):
    """An office an elite holds at entry_year (an input)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    office: OfficeKind
    start_year: Year
    end_year: Year | None = None


class StartingElite(BaseModel):
    """An elite as a simulation may see it at entry_year: no fate, defection or later office."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    name: str
    aliases: list[str]
    faction: str
    kin: bool
    generation: Generation
    entry_year: Year
    entry_office: OfficeKind | None
    resource_base: list[ResourceBase]
    popularity: Popularity
    initial_offices: tuple[StartingOffice, ...] = ()


class Elite(Provenance):
    """A row of ``elites.csv``: inputs plus the outcome fields (fate, fate_year, defected_year)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    name: str
    aliases: SemicolonList = []
    faction: str
    kin: bool
    generation: Generation
    entry_year: Year
    entry_basis: EntryBasis
    entry_source: str | None = None
    entry_office: OfficeKind | None = None
    resource_base: Resources = []
    popularity: Popularity
    fate: Fate
    fate_year: Year | None = None
    defected_year: Year | None = None

    @field_validator("entry_source")
    @classmethod
    def _valid_entry_source(cls, value: str | None) -> str | None:
        if value is None:
            return None
        parse_source(value)
        return value.strip()

    @model_validator(mode="after")
    def _entry_basis_holds(self):
        if self.entry_basis == "assumed":
            if self.entry_year != COMMON_ENTRY_YEAR:
                raise ValueError(
                    f"an assumed entry_year must be the common year {COMMON_ENTRY_YEAR}, "
                    f"not {self.entry_year}"
                )
            if self.entry_source is not None:
                raise ValueError("an assumed entry_year cites no entry_source")
        elif self.entry_source is None:
            raise ValueError("a printed entry_year needs an entry_source (seed:A-B)")
        return self


class EliteOffice(Provenance):
    """A row of ``elite_offices.csv``; ``role``: ``initial`` (held at entry_year) or ``outcome``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    elite: str
    office: OfficeKind
    start_year: Year
    end_year: Year | None = None
    role: Literal["initial", "outcome"]


def load_factions(directory: str | Path | None = None) -> list[Faction]:
    """All factions, validated (unique ids)."""
    rows = read_rows(FACTIONS_FILE, Faction, directory)
    check_unique(FACTIONS_FILE, rows, "id", directory)
    return [row for _, row in rows]


def load_elites(directory: str | Path | None = None) -> list[Elite]:
    """All elites with outcome fields, validated against the factions (validation, targets).

    Besides the row checks (an ``assumed`` entry_year is :data:`COMMON_ENTRY_YEAR`, a ``printed``
    one cites its ``entry_source``), fates and defections may not precede entry, and each faction
    enters with its first elite (its entry_year is the earliest of its elites').
    """
    rows = read_rows(ELITES_FILE, Elite, directory)
    check_unique(ELITES_FILE, rows, "id", directory)
    factions = read_rows(FACTIONS_FILE, Faction, directory)
    check_refs(ELITES_FILE, rows, "faction", (f.id for _, f in factions), "faction", directory)
    first: dict[str, int] = {}
    for _, e in rows:
        first[e.faction] = min(first.get(e.faction, e.entry_year), e.entry_year)
    for line, f in factions:
        if f.id in first and f.entry_year != first[f.id]:
            fail_row(
                FACTIONS_FILE,
                line,
                "entry_year",
                f"faction {f.id!r} enters in {f.entry_year} but its first elite in {first[f.id]}",
                directory,
            )
    for line, e in rows:
        for field in ("fate_year", "defected_year"):
            year = getattr(e, field)
            if year is not None and year < e.entry_year:
                fail_row(
                    ELITES_FILE,
                    line,
                    field,
                    f"{field} {year} is before entry_year {e.entry_year}",
                    directory,
                )
        if e.fate == "defected" and e.defected_year is None:
            fail_row(
                ELITES_FILE,
                line,
                "defected_year",
                "fate 'defected' needs a defected_year",
                directory,
            )
    return [row for _, row in rows]


def load_elite_offices(directory: str | Path | None = None) -> list[EliteOffice]:
    """All offices, validated: known elite, end >= start, ``initial`` only at entry_year.

    An elite's ``entry_office`` must be one of its ``initial`` offices.
    """
    rows = read_rows(OFFICES_FILE, EliteOffice, directory)
    elite_rows = read_rows(ELITES_FILE, Elite, directory)
    elites = {e.id: e for e in load_elites(directory)}
    check_refs(OFFICES_FILE, rows, "elite", elites, "elite", directory)
    held = {(o.elite, o.office) for _, o in rows if o.role == "initial"}
    for line, e in elite_rows:
        if e.entry_office is not None and (e.id, e.entry_office) not in held:
            fail_row(
                ELITES_FILE,
                line,
                "entry_office",
                f"entry_office {e.entry_office!r} of {e.id!r} is not one of its 'initial' offices",
                directory,
            )
    for line, o in rows:
        if o.end_year is not None and o.end_year < o.start_year:
            fail_row(
                OFFICES_FILE,
                line,
                "end_year",
                f"end_year {o.end_year} is before start_year {o.start_year}",
                directory,
            )
        entry = elites[o.elite].entry_year
        held_at_entry = o.start_year <= entry and (o.end_year is None or o.end_year >= entry)
        if o.role == "initial" and not held_at_entry:
            fail_row(
                OFFICES_FILE,
                line,
                "role",
                f"'initial' office not held at entry_year {entry} of {o.elite!r}",
                directory,
            )
        if o.role == "outcome" and o.start_year < entry:
            fail_row(
                OFFICES_FILE,
                line,
                "start_year",
                f"outcome office starts before entry_year {entry} of {o.elite!r}",
                directory,
            )
    return [row for _, row in rows]


def load_starting_factions(directory: str | Path | None = None) -> list[StartingFaction]:
    """Factions with input fields only (what a simulation may read)."""
    return [f.starting() for f in load_factions(directory)]


def load_starting_elites(directory: str | Path | None = None) -> list[StartingElite]:
    """Elites with input fields only, each with the offices it holds at its entry_year."""
    initial: dict[str, list[StartingOffice]] = {}
    for o in load_elite_offices(directory):
        if o.role == "initial":
            initial.setdefault(o.elite, []).append(
                StartingOffice(office=o.office, start_year=o.start_year, end_year=o.end_year)
            )
    return [
        StartingElite(
            **e.model_dump(include=set(ELITE_INPUT_FIELDS)),
            initial_offices=tuple(initial.get(e.id, ())),
        )
        for e in load_elites(directory)
    ]
