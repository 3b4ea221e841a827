"""Parties, their stance toward the president, registration history and lineage.

Ids: lowercase slugs of the usual acronym or transliteration. SNEK and PNEK are one party
(``snek``, renamed in 1995); the Party of Revival (``pvk``) and Rukhaniiat (``rukhaniiat``) are kept
apart because their registration histories differ (PVK denied March 2003, Rukhaniiat registered
October 2003). Blocs and movements (AIST, KPK-DVK, People's Union, ZSK) are rows too, with
``kind`` telling them apart, so that election results and lineage can name them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import ConfigDict

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

PARTIES_FILE = "parties.csv"
STANCES_FILE = "party_stances.csv"
REGISTRATIONS_FILE = "party_registrations.csv"
LINEAGE_FILE = "party_lineage.csv"

Stance = Literal["pro", "loyal_opposition", "opposition", "unknown"]
PartyKind = Literal["party", "movement", "public_association", "bloc"]
RegistrationStatus = Literal[
    "registered", "denied", "liquidated", "not_reregistered", "suspended", "dissolved", "merged"
]
LineageKind = Literal["merger", "split", "rename", "successor", "bloc_member"]


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
