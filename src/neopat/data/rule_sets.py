"""Electoral rule sets and party-law regimes: the schema and its loaders.

A rule set describes the chambers of a legislature and, per chamber, independent tiers
(``list_pr``, ``smd``, ``appointed``, ``indirect``: a parallel system when there are several).
A party law describes what a party needs for state registration. Both are TOML; the packaged
Kazakh ones are ``kazakhstan/rule_sets.toml`` and ``kazakhstan/party_laws.toml``, the library a
scenario imports as ``libraries = ["kazakhstan"]``. Every rule set and law carries
``source``/``match`` (:class:`~neopat.data.provenance.Cited`), ``evidence`` for further facts, and
``assumptions`` naming each field the source leaves unstated and the default chosen for it. The
packaged record cites seed lines (policy ``"seed"``); a user's file or scenario may cite any
source (policy ``"citation"``, :func:`~neopat.data.provenance.citation_problem`).
"""

from __future__ import annotations

import math
from enum import StrEnum
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from neopat.data.provenance import Cited, Policy, citation_problem
from neopat.errors import InputError
from neopat.files import parse_toml, read_text

PACKAGE_DIR = "kazakhstan"
RULE_SETS_FILE = "rule_sets.toml"
PARTY_LAWS_FILE = "party_laws.toml"
MAX_SEATS = 100_000  # seats (or districts) of one tier: far above any legislature's


class Method(StrEnum):
    """Seat-allocation methods for list tiers: three quotas (largest remainder), three divisors."""

    hare = "hare"
    droop = "droop"
    imperiali = "imperiali"
    dhondt = "dhondt"
    sainte_lague = "sainte-lague"
    modified_sainte_lague = "modified-sainte-lague"


QUOTA_METHODS = frozenset({Method.hare, Method.droop, Method.imperiali})
ThresholdBase = Literal["valid", "valid+against"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Evidence(Cited):
    """One further fact behind a rule set or law, with its source."""

    claim: str


class Assumption(_Strict):
    """A rule the thesis leaves unstated: the field, the default chosen, and why."""

    field: str
    note: str


class ListTier(_Strict):
    """Closed-list PR in one national district, with a legal threshold.

    ``threshold`` is a share of ``threshold_base`` (``valid``: votes cast for lists;
    ``valid+against``: those plus "against all"); a list passes when its share is at least the
    threshold. Blocs face ``bloc_threshold`` when it is set. If fewer than ``min_parties`` lists
    pass, the best-placed lists below the threshold are admitted and each is guaranteed
    ``min_seats_admitted`` seats (see :func:`neopat.rules.list_pr.allocate_list`).
    """

    kind: Literal["list_pr"] = "list_pr"
    name: str
    seats: int = Field(ge=1, le=MAX_SEATS)
    method: Method = Method.hare
    threshold: float = Field(default=0.0, ge=0.0, lt=1.0)
    threshold_base: ThresholdBase = "valid"
    bloc_threshold: float | None = Field(default=None, ge=0.0, lt=1.0)
    min_parties: int = Field(default=0, ge=0, le=MAX_SEATS)
    min_seats_admitted: int = Field(default=1, ge=0, le=MAX_SEATS)
    imperiali_overflow: Literal["trim", "allow"] = "trim"

    @model_validator(mode="after")
    def _guarantee_fits(self):
        if self.min_parties * self.min_seats_admitted > self.seats:
            raise ValueError(
                f"{self.min_parties} admitted lists x {self.min_seats_admitted} guaranteed seats "
                f"need more than the {self.seats} seats of the tier"
            )
        return self


class SmdTier(_Strict):
    """Single-member districts: ``plurality`` or ``two_round`` (absolute majority, run-off).

    In ``two_round`` a candidate with more than ``majority`` of ``majority_base`` is elected in
    round one; otherwise the top two meet in a run-off, won by plurality. With ``min_turnout``
    set, a round whose turnout (share of the electorate) is lower is void.
    """

    kind: Literal["smd"] = "smd"
    name: str
    districts: int = Field(ge=1, le=MAX_SEATS)
    formula: Literal["plurality", "two_round"] = "plurality"
    majority: float = Field(default=0.5, ge=0.0, lt=1.0)
    majority_base: ThresholdBase = "valid"
    runoff: Literal["top_two"] = "top_two"
    min_turnout: float | None = Field(default=None, ge=0.0, le=1.0)
    self_nomination: bool = True


class AppointedTier(_Strict):
    """Seats filled by a body's choice: ``appointed`` (e.g. the president) or ``indirect``."""

    kind: Literal["appointed", "indirect"] = "appointed"
    name: str
    seats: int = Field(ge=1, le=MAX_SEATS)
    selector: str


Tier = Annotated[ListTier | SmdTier | AppointedTier, Field(discriminator="kind")]


class Chamber(_Strict):
    name: str
    tiers: list[Tier] = Field(min_length=1)

    @property
    def seats(self) -> int:
        return sum(t.districts if isinstance(t, SmdTier) else t.seats for t in self.tiers)

    @model_validator(mode="after")
    def _unique_tiers(self):
        names = [t.name for t in self.tiers]
        if len(set(names)) != len(names):
            raise ValueError(f"tier names repeat in chamber {self.name!r}: {names}")
        return self


class CandidateRules(_Strict):
    """Who may stand: blocs, self-nomination, nomination requirements (None: not stated)."""

    blocs_allowed: bool = True
    self_nomination: bool = True
    list_requires_registered_party: bool = True
    nominator_min_members: int | None = Field(default=None, ge=0)
    nominator_min_regions: int | None = Field(default=None, ge=0)
    independent_signatures: int | None = Field(default=None, ge=0)
    candidate_fee_relative: float | None = Field(default=None, ge=0.0)


class RuleSet(Cited):
    """An electoral rule set: chambers of independent tiers plus candidate rules."""

    name: str
    year: int
    election: str = ""
    chambers: list[Chamber] = Field(min_length=1)
    candidates: CandidateRules = CandidateRules()
    presidential_term_limit: int | None = Field(default=None, ge=1)  # terms one person may
    # hold under the constitution these rules belong to (None: no limit stated)
    evidence: list[Evidence] = []
    assumptions: list[Assumption] = []

    def chamber(self, name: str | None = None) -> Chamber:
        """The named chamber, or the first (the lower or only chamber)."""
        if name is None:
            return self.chambers[0]
        for chamber in self.chambers:
            if chamber.name == name:
                return chamber
        raise InputError(f"rule set {self.name!r} has no chamber {name!r}", where="chamber")


class RegionalRule(_Strict):
    """Members needed per region, in ``all`` regions or a ``fraction`` of ``n_regions``."""

    min_per_region: int = Field(ge=1)
    regions: Literal["all", "fraction"] = "all"
    fraction: float | None = Field(default=None, gt=0.0, le=1.0)
    n_regions: int = Field(ge=1)

    @model_validator(mode="after")
    def _fraction_given(self):
        if (self.regions == "fraction") != (self.fraction is not None):
            raise ValueError("give 'fraction' exactly when regions = 'fraction'")
        return self

    @property
    def regions_required(self) -> int:
        """How many regions must each have ``min_per_region`` members."""
        if self.regions == "all":
            return self.n_regions
        return math.ceil(self.fraction * self.n_regions - 1e-9)


class PartyLaw(Cited):
    """A party-law regime: the requirements for state registration (None: no requirement)."""

    name: str
    year: int
    registrar: str = ""
    min_members: int | None = Field(default=None, ge=0)
    min_founders: int | None = Field(default=None, ge=0)
    regional: RegionalRule | None = None
    banned_bases: list[str] = []
    banned_name_reuse: bool = False
    senior_officials_may_join: bool = False
    reregistration_on_change: bool = False
    void_on_invalid: bool = False  # read strictly, one invalid membership form voids the file
    decision_deadline_days: int | None = Field(default=None, ge=0)
    evidence: list[Evidence] = []
    assumptions: list[Assumption] = []


def provenance_problem(item: RuleSet | PartyLaw, policy: Policy) -> tuple[str, str] | None:
    """The first (field, problem) of ``item``'s citations under ``policy``, or ``None``."""
    cited = [("source", item), *((f"evidence.{i}.source", e) for i, e in enumerate(item.evidence))]
    for field, c in cited:
        if problem := citation_problem(c.source, c.match, c.note, policy):
            return field, problem
    return None


def _validate(model: type[BaseModel], data: dict, file: str, where: str):
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"])
        place = f"{where}.{loc}" if loc else where
        raise InputError(err["msg"], file=file, where=place) from None


def parse_items(model: type[RuleSet | PartyLaw], entries: list, file: str, key: str,
                policy: Policy) -> dict[str, RuleSet | PartyLaw]:
    """Validate ``[[key]]`` tables of ``model`` and their citations, keyed by name."""
    if not isinstance(entries, list):
        raise InputError(f"expected [[{key}]] tables", file=file, where=key)
    out: dict[str, BaseModel] = {}
    for i, entry in enumerate(entries):
        name = entry.get("name", f"#{i + 1}") if isinstance(entry, dict) else f"#{i + 1}"
        item = _validate(model, entry, file, f"{key}[{name}]")
        if problem := provenance_problem(item, policy):
            raise InputError(problem[1], file=file, where=f"{key}[{name}].{problem[0]}")
        if item.name in out:
            raise InputError(f"name {item.name!r} is defined twice", file=file, where=key)
        out[item.name] = item
    return out


def _parse(model: type[BaseModel], text: str, file: str, key: str,
           policy: Policy) -> dict[str, BaseModel]:
    """Parse ``[[key]]`` tables (or one top-level table) of ``model``, keyed by name."""
    data = parse_toml(text, file)
    entries = data.get(key, [data] if "name" in data else [])
    if not isinstance(entries, list) or not entries:
        raise InputError(f"no [[{key}]] tables found", file=file)
    return parse_items(model, entries, file, key, policy)


def _packaged(model: type[BaseModel], filename: str, key: str) -> dict[str, BaseModel]:
    path = resources.files("neopat.data").joinpath(PACKAGE_DIR, filename)
    label = f"neopat/data/{PACKAGE_DIR}/{filename}"
    return _parse(model, read_text(path, label=label), label, key, "seed")


def _load(model: type[BaseModel], filename: str, key: str, name_or_path: str | Path, what: str):
    text = str(name_or_path)
    if text.endswith(".toml") or isinstance(name_or_path, Path):
        path = Path(name_or_path)
        items = _parse(model, read_text(path, what=f"{what} file"), str(path), key, "citation")
        if len(items) != 1:
            raise InputError(f"expected one {what}, found {len(items)}", file=path)
        return next(iter(items.values()))
    items = _packaged(model, filename, key)
    if text not in items:
        raise InputError(f"unknown {what} {text!r}; known: {', '.join(items)}", where=what)
    return items[text]


class Library(NamedTuple):
    """A packaged library's rule sets and party laws, by name."""

    rule_set: dict[str, RuleSet]
    party_law: dict[str, PartyLaw]


LIBRARIES = (PACKAGE_DIR,)


@cache
def library(name: str) -> Library:
    """The packaged library ``name`` (``"kazakhstan"``): what a scenario's inputs may name."""
    if name not in LIBRARIES:
        raise InputError(f"unknown library {name!r}; packaged: {', '.join(LIBRARIES)}",
                         where="libraries")
    return Library(_packaged(RuleSet, RULE_SETS_FILE, "rule_set"),
                   _packaged(PartyLaw, PARTY_LAWS_FILE, "party_law"))


def parse_library(text: str, file: str, policy: Policy) -> Library:
    """A library file's ``[[rule_set]]`` and ``[[party_law]]`` tables (either may be absent)."""
    data = parse_toml(text, file)
    if extra := sorted(set(data) - set(Library._fields)):
        raise InputError(f"unknown key {extra[0]!r}: a library holds [[rule_set]] and "
                         "[[party_law]] tables", file=file)
    return Library(*(parse_items(model, data.get(key, []), file, key, policy)
                     for key, model in (("rule_set", RuleSet), ("party_law", PartyLaw))))


def list_rule_sets() -> list[RuleSet]:
    """The packaged rule sets, oldest first."""
    return sorted(_packaged(RuleSet, RULE_SETS_FILE, "rule_set").values(), key=lambda r: r.year)


def list_party_laws() -> list[PartyLaw]:
    """The packaged party-law regimes, oldest first."""
    return sorted(_packaged(PartyLaw, PARTY_LAWS_FILE, "party_law").values(), key=lambda r: r.year)


def load_rule_set(name_or_path: str | Path) -> RuleSet:
    """A packaged rule set by name (``"kz-2007"``) or one from a TOML file path (any citation)."""
    return _load(RuleSet, RULE_SETS_FILE, "rule_set", name_or_path, "rule set")


def load_party_law(name_or_path: str | Path) -> PartyLaw:
    """A packaged party law by name (``"kz-2002"``) or one from a TOML file path (any citation)."""
    return _load(PartyLaw, PARTY_LAWS_FILE, "party_law", name_or_path, "party law")


def _record_loader(model: type[BaseModel], filename: str, key: str):
    """A registry loader: ``filename`` in a record directory when it holds one, else the packaged one."""

    def load(directory: str | Path | None = None) -> list[BaseModel]:
        path = Path(directory, filename) if directory is not None else None
        if path is not None and path.exists():
            items = _parse(model, read_text(path), str(path), key, "seed")
        else:
            items = _packaged(model, filename, key)
        return sorted(items.values(), key=lambda item: item.year)

    return load


def _register() -> None:
    from neopat.data.registry import register_dataset

    register_dataset(
        "rule_sets",
        _record_loader(RuleSet, RULE_SETS_FILE, "rule_set"),
        description="Electoral rule sets (chambers, tiers, formulas, thresholds)",
        id_field="name",
        years=lambda r: (r["year"], r["year"]),
    )
    register_dataset(
        "party_laws",
        _record_loader(PartyLaw, PARTY_LAWS_FILE, "party_law"),
        description="Party-law regimes (registration requirements)",
        id_field="name",
        years=lambda r: (r["year"], None),
    )


_register()
