"""The event log: every event names the mechanism that fired it and that mechanism's source."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Mechanism:
    """A named submodel rule and the seed lines that ground it."""

    name: str
    source: str
    doc: str


MECHANISMS: dict[str, Mechanism] = {}


def mechanism(name: str, source: str, doc: str) -> Mechanism:
    """Register a mechanism (once, at import) and return it."""
    mech = Mechanism(name, source, doc)
    MECHANISMS[name] = mech
    return mech


@dataclass
class Event:
    year: int
    month: int
    mechanism: str
    actors: list[str]
    source: str
    detail: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class EventLog(list):
    """A list of :class:`Event` with a helper to record one."""

    def emit(self, year: int, month: int, mech: Mechanism, actors: list[str],
             **detail: Any) -> Event:
        event = Event(year, int(month), mech.name, list(actors), mech.source, detail)
        self.append(event)
        return event
