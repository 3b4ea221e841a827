"""Thesis tables kept as they are printed: Table 4.1 (2007 commission members), the 2004
commission nominee shares (L10342-10360), Table 5.1
(memberships), Tables 5.2-5.3 (ideology) and the Chapter Six polls (Table 6.1 and others).

Values are as printed, typos included; a note says where the thesis disagrees with itself
(Table 4.1's printed total 616,622 against the 61,622 its rows give).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import ConfigDict, Field

from neopat.data.elites import load_elites
from neopat.data.loader import PartialDate, Year, check_refs, read_rows
from neopat.data.parties import Stance, party_ids
from neopat.data.provenance import Provenance

COMMISSIONS_FILE = "commissions_2007.csv"
NOMINEES_FILE = "commission_nominees_2004.csv"
MEMBERSHIPS_FILE = "memberships.csv"
IDEOLOGY_FILE = "ideology.csv"
POLLS_FILE = "polls.csv"
Percent = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]  # finite, in percent
Count = Annotated[int, Field(ge=0)]


class CommissionRow(Provenance):
    """Table 4.1: members of the 2007 election commissions nominated by a party or group."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str
    party: str | None = None
    members: Count
    row_kind: Literal["party", "other", "total"]
    affiliation: Stance


class NomineeShare(Provenance):
    """2004: share of a party's nominees that the maslikhats elected to election commissions."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    party: str
    elected_pct: Percent


class Membership(Provenance):
    """Table 5.1: official membership (CEC figures; Alga's own figure as it is unregistered)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    party: str
    label: str
    year: Year
    members: Count
    registered: bool


class IdeologyRow(Provenance):
    """Table 5.2 (``position``) or Table 5.3 (``values``) entry for one party."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    party: str
    table: Literal["5.2", "5.3", "text"]
    position: Literal["left", "left_of_centre", "centre", "right_of_centre", "right"] | None = None
    values: str = ""


class PollRow(Provenance):
    """One answer of one poll, in percent of respondents; ``person`` is an elite id."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    poll: str
    agency: str
    date: PartialDate
    question: str
    option: str
    party: str | None = None
    person: str | None = None
    value: Percent


def load_commissions_2007(directory: str | Path | None = None) -> list[CommissionRow]:
    rows = read_rows(COMMISSIONS_FILE, CommissionRow, directory)
    check_refs(COMMISSIONS_FILE, rows, "party", party_ids(directory), "party", directory)
    return [row for _, row in rows]


def load_commission_nominees_2004(directory: str | Path | None = None) -> list[NomineeShare]:
    rows = read_rows(NOMINEES_FILE, NomineeShare, directory)
    check_refs(NOMINEES_FILE, rows, "party", party_ids(directory), "party", directory)
    return [row for _, row in rows]


def load_memberships(directory: str | Path | None = None) -> list[Membership]:
    rows = read_rows(MEMBERSHIPS_FILE, Membership, directory)
    check_refs(MEMBERSHIPS_FILE, rows, "party", party_ids(directory), "party", directory)
    return [row for _, row in rows]


def load_ideology(directory: str | Path | None = None) -> list[IdeologyRow]:
    rows = read_rows(IDEOLOGY_FILE, IdeologyRow, directory)
    check_refs(IDEOLOGY_FILE, rows, "party", party_ids(directory), "party", directory)
    return [row for _, row in rows]


def load_polls(directory: str | Path | None = None) -> list[PollRow]:
    rows = read_rows(POLLS_FILE, PollRow, directory)
    check_refs(POLLS_FILE, rows, "party", party_ids(directory), "party", directory)
    elites = {e.id for e in load_elites(directory)}
    check_refs(POLLS_FILE, rows, "person", elites, "elite", directory)
    return [row for _, row in rows]
