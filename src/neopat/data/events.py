"""A dated timeline of the record.

``role`` separates what a scenario may schedule (``input``: constitutions, rule changes, elections,
privatisation stages, dissolutions decided outside the model) from what a model must produce
(``outcome``: foundings, mergers, liquidations, defections, appointments, deaths …).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import ConfigDict

from neopat.data.elites import load_elites, load_factions
from neopat.data.loader import (
    PartialDate,
    SemicolonList,
    check_refs,
    check_unique,
    date_key,
    read_rows,
)
from neopat.data.parties import party_ids
from neopat.data.provenance import Provenance

EVENTS_FILE = "events.csv"

EVENT_KINDS: tuple[str, ...] = (
    "constitution",
    "referendum",
    "law",
    "party_law",
    "electoral_law",
    "institution",
    "decree",
    "dissolution",
    "election",
    "privatisation",
    "state_holding",
    "media",
    "party_founding",
    "party_registration",
    "party_denial",
    "party_liquidation",
    "party_merger",
    "party_split",
    "party_rename",
    "bloc",
    "defection",
    "conflict",
    "appointment",
    "dismissal",
    "rotation",
    "prosecution",
    "exile",
    "death",
)
"""Event kinds. Typical inputs: constitution, referendum, law, party_law, electoral_law,
institution, decree, dissolution, election, privatisation, state_holding; the rest are outcomes."""

EventKind = Literal[EVENT_KINDS]  # type: ignore[valid-type]


class Event(Provenance):
    """A row of ``events.csv``; ``actors`` are party, elite or faction ids."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    date: PartialDate
    kind: EventKind
    actors: SemicolonList = []
    description: str
    role: Literal["input", "outcome"]

    @property
    def year(self) -> int:
        return int(self.date[:4])


def load_events(directory: str | Path | None = None) -> list[Event]:
    """All events (unique ids; actors resolve to parties, elites or factions)."""
    rows = read_rows(EVENTS_FILE, Event, directory)
    check_unique(EVENTS_FILE, rows, "id", directory)
    known = party_ids(directory)
    known |= {e.id for e in load_elites(directory)}
    known |= {f.id for f in load_factions(directory)}
    check_refs(EVENTS_FILE, rows, "actors", known, "actor", directory)
    return [row for _, row in rows]


def load_input_events(directory: str | Path | None = None) -> list[Event]:
    """Only the events a scenario may schedule (``role = input``), in date order."""
    inputs = [e for e in load_events(directory) if e.role == "input"]
    return sorted(inputs, key=lambda e: date_key(e.date))
