"""The thesis' party typology (ch. 5) and its classification of the real parties, 2006-08.

Two packaged files, both long-format and grounded row by row in the seed:

- ``kazakhstan/party_profiles.csv``: one row per (party, attribute) with the attribute value
  the typology rules read (see :data:`ATTRIBUTE_TYPES`);
- ``kazakhstan/party_types.csv``: one row per (party, criterion) with the label the thesis
  itself gives, ``N`` where it gives none, and whether the label is explicit (``E``) or only
  implied by the thesis' summary mapping (``I``).

The label vocabularies live here because they are the thesis' own categories; the rules that
compute them are in :mod:`neopat.model.typology`. Line numbers in errors are CSV file lines
(the header is line 1).
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from neopat.data.provenance import Provenance
from neopat.errors import InputError
from neopat.files import csv_errors, read_text

PROFILES_FILE = "party_profiles.csv"
TYPES_FILE = "party_types.csv"


class Rationale(StrEnum):
    """Founding rationale, the five types of §1.5 (seed:12110-12162)."""

    CHARISMATIC_OFFICE_SEEKING = "charismatic_office_seeking"  # R1, seed:12173-12196
    LIBERAL_PROFESSIONAL = "liberal_professional"  # R2, seed:12341-12377
    OLIGARCHIC = "oligarchic"  # R3, seed:12425-12462
    SPOILER = "spoiler"  # R4, seed:12503-12533
    PRESIDENTIAL_VEHICLE = "presidential_vehicle"  # R5, seed:12552-12580
    UNCLASSIFIED = "unclassified"


class GDSpecies(StrEnum):
    """The two Gunther & Diamond species the thesis finds in Kazakhstan (seed:4258-4262)."""

    CLIENTELISTIC_ELITE = "clientelistic_elite"
    PERSONALISTIC_ELECTORALIST = "personalistic_electoralist"
    UNCLASSIFIED = "unclassified"


class IdeologyCategory(StrEnum):
    """The three ideological categories of §2 (seed:12745-12751)."""

    UNAMBIGUOUS = "unambiguous"
    ATTEMPTED = "attempted"
    LACKS_CLARITY = "lacks_clarity"


class Behaviour(StrEnum):
    """The three behavioural norms of §3 (seed:13311-13372)."""

    PROTO_HEGEMONIC = "proto_hegemonic"
    ACQUIESCENT = "acquiescent"
    PLURALIST = "pluralist"
    UNCLASSIFIED = "unclassified"


class Financier(StrEnum):
    """Who pays for the party (seed:12357-12363, 12428-12462, 12583-12590)."""

    NONE = "none"
    SELF = "self"
    BUSINESS_GROUP = "business_group"
    PRESIDENTIAL_FAMILY = "presidential_family"
    STATE = "state"


class LeaderGeneration(StrEnum):
    """Soviet-era notables (R1, seed:12190-12192) or the post-Soviet new elite (R2, 12349-12357)."""

    SOVIET_ERA = "soviet_era"
    POST_SOVIET = "post_soviet"


Criterion = Literal["rationale", "gd_species", "ideology_category", "behaviour"]
CRITERIA: dict[str, type[StrEnum]] = {
    "rationale": Rationale,
    "gd_species": GDSpecies,
    "ideology_category": IdeologyCategory,
    "behaviour": Behaviour,
}
NOT_CLASSIFIED = "N"

Unit = Annotated[float, Field(ge=0.0, le=1.0)]
Stance = Annotated[float, Field(ge=-1.0, le=1.0)]
Count = Annotated[int, Field(ge=0)]

ATTRIBUTE_TYPES: dict[str, Any] = {
    "is_presidential_vehicle": bool,
    "financier": Financier,
    "administration_sanctioned": bool,
    "has_spoiler_target": bool,
    "leader_generation": LeaderGeneration,
    "benefited_from_patronage": bool,
    "in_conflict_with_president_or_family": bool,
    "leader_dependency": Unit,
    "personalism": Unit,
    "pragmatism": Unit,
    "stance_to_president": Stance,
    "has_doctrine": bool,
    "declares_ideological_family": bool,
    "distinct_policy_commitments": Count,
    "joined_regime_bodies": bool,
    "endorsed_official_results": bool,
    "contests_unfair_process": bool,
    "admin_resource_access": Unit,
    "competitive_elections_faced": Count,
}
"""The attributes the typology rules read, with their value types (mirrors ``PartyProfile``)."""

_ADAPTERS = {name: TypeAdapter(kind) for name, kind in ATTRIBUTE_TYPES.items()}
_SLUG = r"^[a-z][a-z0-9_]*$"


class ProfileAttributeRow(Provenance):
    """One attribute of one real party, with the seed lines that ground it."""

    model_config = ConfigDict(extra="forbid")

    party_id: Annotated[str, Field(pattern=_SLUG)]
    attribute: Literal[tuple(ATTRIBUTE_TYPES)]  # type: ignore[valid-type]
    value: Annotated[str, Field(min_length=1)]


class PartyTypeRow(Provenance):
    """The thesis' label for one party on one criterion (``N``: the thesis gives none)."""

    model_config = ConfigDict(extra="forbid")

    party_id: Annotated[str, Field(pattern=_SLUG)]
    criterion: Criterion
    label: str
    evidence: Literal["E", "I", "N"]

    @property
    def classified(self) -> bool:
        return self.evidence != NOT_CLASSIFIED


@dataclass(frozen=True)
class PartyRecord:
    """A real party's typology attributes (parsed values) and the rows they came from."""

    party_id: str
    values: Mapping[str, Any]
    rows: Mapping[str, ProfileAttributeRow]


def _resolve(path: str | Path | None, name: str):
    if path is not None:
        return Path(path)
    return resources.files("neopat.data").joinpath("kazakhstan", name)


def _label(src) -> str:
    """A user's file by its path, the packaged file by its name."""
    return str(src) if isinstance(src, Path) else src.name


def _read_rows(path, model: type[BaseModel]) -> list[tuple[int, BaseModel]]:
    label = _label(path)
    reader = csv.DictReader(read_text(path, label=label).splitlines())
    rows: list[tuple[int, BaseModel]] = []
    with csv_errors(label):
        raws = list(reader)
    for line, raw in enumerate(raws, start=2):
        if None in raw or None in raw.values():
            raise InputError("wrong number of columns", file=label, where=f"row {line}")
        record = {k: v for k, v in raw.items() if v != "" or k in ("value", "label")}
        try:
            rows.append((line, model.model_validate(record)))
        except ValidationError as exc:
            err = exc.errors()[0]
            problem = err["msg"].removeprefix("Value error, ")
            # the only row-level check is Provenance's "derived needs a note"
            field = ".".join(str(p) for p in err["loc"]) or "note"
            raise InputError(problem, file=label, where=f"row {line}, field {field}") from exc
    return rows


def load_party_profiles(path: str | Path | None = None) -> dict[str, PartyRecord]:
    """Load ``party_profiles.csv``: every party must give every attribute exactly once."""
    src = _resolve(path, PROFILES_FILE)
    label = _label(src)
    values: dict[str, dict[str, Any]] = {}
    by_attr: dict[str, dict[str, ProfileAttributeRow]] = {}
    for line, row in _read_rows(src, ProfileAttributeRow):
        where = f"row {line}, field value"
        if row.attribute in by_attr.get(row.party_id, {}):
            raise InputError(
                f"{row.party_id}.{row.attribute} given twice", file=label, where=where
            )
        try:
            parsed = _ADAPTERS[row.attribute].validate_strings(row.value)
        except ValidationError as exc:
            problem = f"{row.attribute}: {exc.errors()[0]['msg']}"
            raise InputError(problem, file=label, where=where) from exc
        values.setdefault(row.party_id, {})[row.attribute] = parsed
        by_attr.setdefault(row.party_id, {})[row.attribute] = row
    for party_id, given in by_attr.items():
        missing = [a for a in ATTRIBUTE_TYPES if a not in given]
        if missing:
            raise InputError(
                f"party {party_id} lacks attribute(s) {', '.join(missing)}",
                file=label,
                where=f"party {party_id}, field attribute",
            )
    return {p: PartyRecord(p, values[p], by_attr[p]) for p in values}


def load_party_types(path: str | Path | None = None) -> dict[tuple[str, str], PartyTypeRow]:
    """Load ``party_types.csv`` keyed by (party_id, criterion); labels checked per criterion."""
    src = _resolve(path, TYPES_FILE)
    label = _label(src)
    out: dict[tuple[str, str], PartyTypeRow] = {}
    for line, row in _read_rows(src, PartyTypeRow):
        key = (row.party_id, row.criterion)
        if key in out:
            raise InputError(f"{row.party_id}.{row.criterion} given twice", file=label,
                             where=f"row {line}, field criterion")
        allowed = {e.value for e in CRITERIA[row.criterion]}
        if row.evidence == NOT_CLASSIFIED:
            if row.label != NOT_CLASSIFIED:
                raise InputError("evidence N needs label N", file=label,
                                 where=f"row {line}, field label")
        elif row.label not in allowed:
            raise InputError(
                f"{row.label!r} is not a {row.criterion} label ({', '.join(sorted(allowed))})",
                file=label,
                where=f"row {line}, field label",
            )
        out[key] = row
    return out
