"""Parties, their stance toward the president, registration history and lineage.

Ids: lowercase slugs of the usual acronym or transliteration. SNEK and PNEK are one party
(``snek``, renamed in 1995); the Party of Revival (``pvk``) and Rukhaniiat (``rukhaniiat``) are kept
apart because their registration histories differ (PVK denied March 2003, Rukhaniiat registered
October 2003). Blocs and movements (AIST, KPK-DVK, People's Union, ZSK) are rows too, with
``kind`` telling them apart, so that election results and lineage can name them.

``registry_counts.csv`` holds the levels of the party registry the thesis prints (how many parties
were registered on a date): a target the registration history may not reproduce, since the thesis
names only some of the parties it counts; :func:`registered_on` gives the range the history
allows.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import ConfigDict, Field

from neopat.data.loader import (
    PartialDate,
    SemicolonList,
    check_refs,
    check_unique,
    date_before,
    date_key,
    fail_row,
    read_rows,
)
from neopat.data.provenance import Provenance
from neopat.errors import InputError

PARTIES_FILE = "parties.csv"
STANCES_FILE = "party_stances.csv"
REGISTRATIONS_FILE = "party_registrations.csv"
LINEAGE_FILE = "party_lineage.csv"
REGISTRY_COUNTS_FILE = "registry_counts.csv"

Stance = Literal["pro", "loyal_opposition", "opposition", "unknown"]
PartyKind = Literal["party", "movement", "public_association", "bloc"]
RegistrationStatus = Literal[
    "registered", "denied", "liquidated", "not_reregistered", "suspended", "dissolved", "merged"
]
LineageKind = Literal["merger", "split", "rename", "successor", "bloc_member"]
Counted = Literal["registered", "registered_for_election", "reregistered", "failed_reregistration"]
"""What a registry count counts: parties holding state registration on the date
(``registered``); parties registered to nominate candidates in an election
(``registered_for_election``); parties re-registered under a new law (``reregistered``); parties
that failed a re-registration (``failed_reregistration``)."""


class Party(Provenance):
    """A row of ``parties.csv``; ``stance`` is the thesis' latest characterisation."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    kind: PartyKind
    acronym: str = ""
    name_en: str
    name_translit: str = ""
    founded: PartialDate | None = None
    founders: SemicolonList = []
    leaders: SemicolonList = []
    financier: str = ""
    stance: Stance


class PartyStance(Provenance):
    """A row of ``party_stances.csv``: the stance a party holds from ``start`` on."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    party: str
    start: PartialDate
    stance: Stance


class PartyRegistration(Provenance):
    """A row of ``party_registrations.csv``: a registration decision or end of a party."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    party: str
    date: PartialDate
    status: RegistrationStatus


class PartyLineage(Provenance):
    """A row of ``party_lineage.csv``: ``source_party`` → ``target_party`` by merger, split …"""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: LineageKind
    source_party: str
    target_party: str
    date: PartialDate
    end: PartialDate | None = None


class RegistryCount(Provenance):
    """A row of ``registry_counts.csv``: a level of the party registry as the thesis prints it.

    ``parties`` lists the parties counted when the thesis names them (then exactly ``count``).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    date: PartialDate
    count: int = Field(ge=0)
    counted: Counted
    parties: SemicolonList = []


def load_parties(directory: str | Path | None = None) -> list[Party]:
    """All parties, blocs and movements (unique ids)."""
    rows = read_rows(PARTIES_FILE, Party, directory)
    check_unique(PARTIES_FILE, rows, "id", directory)
    return [row for _, row in rows]


def party_ids(directory: str | Path | None = None) -> set[str]:
    return {p.id for p in load_parties(directory)}


def _founded(directory) -> dict[str, str | None]:
    return {p.id: p.founded for p in load_parties(directory)}


def load_party_stances(directory: str | Path | None = None) -> list[PartyStance]:
    """Stance changes; each must name a known party and not predate its founding."""
    rows = read_rows(STANCES_FILE, PartyStance, directory)
    founded = _founded(directory)
    check_refs(STANCES_FILE, rows, "party", founded, "party", directory)
    for line, s in rows:
        start = founded[s.party]
        if start and date_before(s.start, start):
            fail_row(
                STANCES_FILE, line, "start", f"before {s.party!r} was founded ({start})", directory
            )
    return [row for _, row in rows]


def load_party_registrations(directory: str | Path | None = None) -> list[PartyRegistration]:
    """Registration history; every decision names a known party and follows its founding."""
    rows = read_rows(REGISTRATIONS_FILE, PartyRegistration, directory)
    founded = _founded(directory)
    check_refs(REGISTRATIONS_FILE, rows, "party", founded, "party", directory)
    for line, r in rows:
        start = founded[r.party]
        if start and date_before(r.date, start):
            fail_row(
                REGISTRATIONS_FILE,
                line,
                "date",
                f"{r.status} on {r.date} is before {r.party!r} was founded ({start})",
                directory,
            )
    return [row for _, row in rows]


def load_party_lineage(directory: str | Path | None = None) -> list[PartyLineage]:
    """Mergers, splits, renames, successors and bloc memberships between known parties."""
    rows = read_rows(LINEAGE_FILE, PartyLineage, directory)
    ids = party_ids(directory)
    check_refs(LINEAGE_FILE, rows, "source_party", ids, "party", directory)
    check_refs(LINEAGE_FILE, rows, "target_party", ids, "party", directory)
    for line, link in rows:
        if link.end is not None and date_before(link.end, link.date):
            fail_row(
                LINEAGE_FILE, line, "end", f"end {link.end} is before date {link.date}", directory
            )
    return [row for _, row in rows]


def stance_on(party: Party, date: str, stances: list[PartyStance]) -> Stance:
    """Stance of ``party`` on ``date``: its latest change by then (its first before any change)."""
    changes = sorted((s for s in stances if s.party == party.id), key=lambda s: date_key(s.start))
    if not changes:
        return party.stance
    current = changes[0].stance
    for change in changes[1:]:
        if not date_before(date, change.start):
            current = change.stance
    return current


def load_registry_counts(directory: str | Path | None = None) -> list[RegistryCount]:
    """Printed registry levels: known parties, one row per date and ``counted``, and a named
    party list, when given, as long as the count."""
    rows = read_rows(REGISTRY_COUNTS_FILE, RegistryCount, directory)
    check_refs(REGISTRY_COUNTS_FILE, rows, "parties", party_ids(directory), "party", directory)
    seen: dict[tuple[str, str], int] = {}
    for line, c in rows:
        key = (c.date, c.counted)
        if key in seen:
            fail_row(
                REGISTRY_COUNTS_FILE,
                line,
                "date",
                f"a second '{c.counted}' count on {c.date} (first on line {seen[key]})",
                directory,
            )
        seen[key] = line
        if c.parties and len(c.parties) != c.count:
            fail_row(
                REGISTRY_COUNTS_FILE,
                line,
                "parties",
                f"{len(c.parties)} parties named for a count of {c.count}",
                directory,
            )
    return [row for _, row in rows]


def registered_on(
    date: str, registrations: list[PartyRegistration]
) -> tuple[set[str], set[str]]:
    """Parties surely and possibly registered on ``date`` by the registration history.

    A decision dated less precisely than ``date`` in the same period (``2004`` against
    ``2004-06-09``) may fall on either side of it: a party is *surely* registered when it is
    registered whether such decisions come before or after ``date``, *possibly* when either way.
    Any status but ``registered`` ends a registration.
    """
    try:
        date_key(date)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    by_party: dict[str, list[PartyRegistration]] = {}
    for r in sorted(registrations, key=lambda r: date_key(r.date)):
        by_party.setdefault(r.party, []).append(r)
    surely: set[str] = set()
    possibly: set[str] = set()
    for party, decisions in by_party.items():
        settled = [r for r in decisions if r.date == date or date_before(r.date, date)]
        open_ = [r for r in decisions if r not in settled and not date_before(date, r.date)]
        before = settled[-1].status == "registered" if settled else False
        both = sorted(settled + open_, key=lambda r: date_key(r.date))
        after = both[-1].status == "registered" if both else False
        if before and after:
            surely.add(party)
        if before or after:
            possibly.add(party)
    return surely, possibly
