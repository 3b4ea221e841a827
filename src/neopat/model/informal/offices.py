"""Offices: government posts, regional akims, coercive and registration offices, legislature.

Ranks order offices for "comparable" posts and patronage; counts are documented defaults
(the thesis gives none except 21 -> 14 ministers, seed:7676-7685). Offices are plain objects,
not agents: they are held, not acting.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# kind: (rank, default count). Source: the appointment power over all posts, seed:7697-7701.
OFFICE_KINDS: dict[str, tuple[int, int]] = {
    "prime_minister": (8, 1),
    "presidential_administration": (7, 1),
    "security_service": (7, 1),
    "state_secretary": (6, 1),
    "deputy_pm": (6, 2),
    "speaker": (6, 1),
    "interior": (6, 1),
    "prosecutor": (6, 1),
    "tax_police": (5, 1),
    "minister": (5, 6),
    "state_holding": (5, 1),
    "justice_registration": (4, 1),
    "election_commission": (4, 1),
    "akim": (4, 6),
    "state_company": (4, 2),
    "adviser": (3, 2),
    "senator": (3, 2),
    "deputy": (2, 4),
    "ambassador": (2, 3),
    "party_leader": (2, 0),
}
COERCIVE = frozenset({"security_service", "tax_police", "prosecutor", "interior"})
REGISTRATION = frozenset({"justice_registration", "election_commission"})
PRIVATE = frozenset({"business", "bank", "media"})  # holdings, not offices


@dataclass(eq=False)
class Office:
    """One post. ``holder`` is an :class:`~neopat.model.agents.Elite` or ``None``."""

    key: str
    kind: str
    rank: int
    region: int | None = None
    holder: Any = None
    history: list[str] = field(default_factory=list)

    @property
    def coercive(self) -> bool:
        return self.kind in COERCIVE

    @property
    def registration(self) -> bool:
        return self.kind in REGISTRATION


def build_offices(initial_kinds: list[str], n_akims: int, target: float) -> list[Office]:
    """Office slots: default counts scaled so that there are about ``target`` posts, at least
    one of each kind and enough for the starting holders."""
    needed: dict[str, int] = {}
    for kind in initial_kinds:
        if kind in OFFICE_KINDS:
            needed[kind] = needed.get(kind, 0) + 1
    counts = {k: (n_akims if k == "akim" else c) for k, (_, c) in OFFICE_KINDS.items()}
    factor = target / sum(counts.values())
    offices: list[Office] = []
    for kind, (rank, _) in OFFICE_KINDS.items():
        scaled = max(1, round(counts[kind] * factor)) if counts[kind] else 0
        n = max(scaled, needed.get(kind, 0))
        for i in range(n):
            region = i if kind == "akim" else None
            offices.append(Office(key=f"{kind}:{i}", kind=kind, rank=rank, region=region))
    return offices


def rank_of(kind: str) -> int:
    return OFFICE_KINDS.get(kind, (0, 0))[0]
