"""Elections (one row each) and their results per contestant and tier.

Results keep the thesis' own categories: a contestant is a party, a bloc, a public association,
independents, an appointed list, a presidential ``candidate`` (an elite id) or ``other`` (e.g. the
1999 'Business' row, a referendum's 'yes'). ``tier`` is ``unknown`` where the thesis gives no split
between single-member and list seats; ``vote_share`` is in percent, as printed.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, ConfigDict, Field, model_validator

from neopat.data.elites import load_elites
from neopat.data.loader import (
    SemicolonList,
    check_partial_date,
    check_refs,
    check_unique,
    fail_row,
    read_rows,
)
from neopat.data.parties import Stance, load_parties
from neopat.data.provenance import Provenance

ELECTIONS_FILE = "elections.csv"
RESULTS_FILE = "election_results.csv"
ENDORSEMENTS_FILE = "endorsements.csv"

ElectionKind = Literal["parliamentary", "presidential", "referendum"]
ContestantType = Literal[
    "party", "bloc", "public_association", "independent", "appointed_list", "candidate", "other"
]
Tier = Literal["smd", "list", "appointed", "indirect", "unknown"]


def _dates(values: list[str]) -> list[str]:
    if not values:
        raise ValueError("at least one date is needed")
    return [check_partial_date(v) for v in values]


class Election(Provenance):
    """A row of ``elections.csv``; ``dates`` lists the rounds; ``rule_set`` names a rule set."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    kind: ElectionKind
    dates: Annotated[SemicolonList, AfterValidator(_dates)]
    chamber: str = ""
    seats: int | None = Field(default=None, ge=0)
    rule_set: str = ""

    @model_validator(mode="after")
    def _parliament_has_size(self):
        if self.kind == "parliamentary" and (self.seats is None or not self.rule_set):
            raise ValueError("a parliamentary election needs seats and rule_set")
        return self


class ElectionResult(Provenance):
    """A row of ``election_results.csv``: one contestant's seats (and votes) in one tier."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    election: str
    contestant: str
    contestant_type: ContestantType
    party: str | None = None
    tier: Tier
    seats: int | None = None
    vote_share: float | None = None
    votes: int | None = Field(default=None, ge=0)
    elected: bool | None = None
    affiliation: Stance

    @model_validator(mode="after")
    def _ranges(self):
        if self.seats is not None and self.seats < 0:
            raise ValueError("seats must be >= 0")
        if self.vote_share is not None and not 0 <= self.vote_share <= 100:
            raise ValueError("vote_share is a percentage (0-100)")
        if self.contestant_type == "party" and self.party != self.contestant:
            raise ValueError("a party contestant must name itself in 'party'")
        return self


class Endorsement(Provenance):
    """A row of ``endorsements.csv``: a party backing a presidential candidate (an elite id)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    election: str
    party: str
    candidate: str


def load_elections(directory: str | Path | None = None) -> list[Election]:
    """All elections (unique ids)."""
    rows = read_rows(ELECTIONS_FILE, Election, directory)
    check_unique(ELECTIONS_FILE, rows, "id", directory)
    return [row for _, row in rows]


def load_election_results(directory: str | Path | None = None) -> list[ElectionResult]:
    """All results; elections, parties, blocs and candidates must resolve; seats fit the chamber."""
    rows = read_rows(RESULTS_FILE, ElectionResult, directory)
    elections = {e.id: e for e in load_elections(directory)}
    parties = {p.id: p for p in load_parties(directory)}
    elites = {e.id for e in load_elites(directory)}
    check_refs(RESULTS_FILE, rows, "election", elections, "election", directory)
    check_refs(RESULTS_FILE, rows, "party", parties, "party", directory)
    totals: dict[str, int] = defaultdict(int)
    for line, r in rows:
        if r.contestant_type == "bloc" and getattr(parties.get(r.contestant), "kind", "") != "bloc":
            fail_row(RESULTS_FILE, line, "contestant", f"unknown bloc {r.contestant!r}", directory)
        if r.contestant_type == "candidate" and r.contestant not in elites:
            fail_row(
                RESULTS_FILE, line, "contestant", f"unknown candidate {r.contestant!r}", directory
            )
        totals[r.election] += r.seats or 0
        size = elections[r.election].seats
        if size is not None and totals[r.election] > size:
            fail_row(
                RESULTS_FILE,
                line,
                "seats",
                f"seats of {r.election} exceed the chamber size {size}",
                directory,
            )
    return [row for _, row in rows]


def load_endorsements(directory: str | Path | None = None) -> list[Endorsement]:
    """Party endorsements in presidential elections; election, party and candidate resolve."""
    rows = read_rows(ENDORSEMENTS_FILE, Endorsement, directory)
    presidential = {e.id for e in load_elections(directory) if e.kind == "presidential"}
    check_refs(
        ENDORSEMENTS_FILE, rows, "election", presidential, "presidential election", directory
    )
    check_refs(
        ENDORSEMENTS_FILE,
        rows,
        "party",
        {p.id for p in load_parties(directory)},
        "party",
        directory,
    )
    check_refs(
        ENDORSEMENTS_FILE,
        rows,
        "candidate",
        {e.id for e in load_elites(directory)},
        "candidate",
        directory,
    )
    return [row for _, row in rows]


def seat_totals(results: list[ElectionResult]) -> dict[str, int]:
    """Seats per election summed over all contestants and tiers."""
    totals: dict[str, int] = defaultdict(int)
    for r in results:
        totals[r.election] += r.seats or 0
    return dict(totals)


def elections_with_results(directory: str | Path | None = None) -> list[dict]:
    """Each election as a dict with its ``results`` (contestant, type, party, tier, seats …)."""
    results = load_election_results(directory)
    out = []
    for election in load_elections(directory):
        record = election.model_dump(mode="json")
        record["results"] = [
            _provenance_last(r.model_dump(mode="json", exclude={"election"}))
            for r in results
            if r.election == election.id
        ]
        out.append(record)
    return out


def _provenance_last(row: dict) -> dict:
    tail = ("source", "match", "derived", "note")
    return {**{k: v for k, v in row.items() if k not in tail}, **{k: row[k] for k in tail}}
