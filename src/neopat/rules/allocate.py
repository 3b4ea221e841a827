"""The single entry point: allocate a chamber (or one tier) from the votes and choices given.

Tiers are independent (a parallel system, no compensation: 1999 and 2004, seed lines 10049-10055);
a chamber's seats per contestant are the sum over its tiers. Tiers without input stay unfilled.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

import numpy as np

from neopat.data.rule_sets import AppointedTier, Chamber, ListTier, RuleSet, SmdTier
from neopat.rules.appointed import appoint
from neopat.rules.list_pr import allocate_list
from neopat.rules.smd import DistrictResult, DistrictVotes, allocate_smd


@dataclass(frozen=True)
class TierResult:
    """One tier's seats per contestant (party label), threshold passes and unfilled seats."""

    tier: str
    kind: str
    seats: dict[str, int]
    passed_threshold: tuple[str, ...] = ()
    admitted: tuple[str, ...] = ()
    unfilled: int = 0
    districts: tuple[DistrictResult, ...] = ()


@dataclass(frozen=True)
class Allocation:
    """Seats per tier; ``seats`` totals them over tiers."""

    tiers: tuple[TierResult, ...]

    @property
    def seats(self) -> dict[str, int]:
        total: dict[str, int] = {}
        for tier in self.tiers:
            for party, n in tier.seats.items():
                total[party] = total.get(party, 0) + n
        return total

    @property
    def passed_threshold(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p for t in self.tiers for p in t.passed_threshold))

    @property
    def unfilled(self) -> int:
        return sum(t.unfilled for t in self.tiers)

    def tier(self, name: str) -> TierResult:
        return next(t for t in self.tiers if t.tier == name)


def allocate(
    rules: RuleSet | Chamber | ListTier | SmdTier | AppointedTier,
    lists: Mapping[str, float] | None = None,
    *,
    districts: Mapping[str, DistrictVotes] | None = None,
    appointed: Mapping[str, Mapping[str, int]] | None = None,
    against_all: float = 0.0,
    blocs: Collection[str] = (),
    order: Mapping[str, float] | None = None,
    lot: np.random.Generator | None = None,
    chamber: str | None = None,
) -> Allocation:
    """Allocate every tier of a rule set's chamber (default: the first), or one tier.

    ``lists``: list votes (for ``list_pr`` tiers); ``districts``: ballots per district (``smd``);
    ``appointed``: per appointed/indirect tier name, the body's choice as seats per party;
    ``against_all``: "against all" votes on the list ballot; ``blocs``: list names that are blocs;
    ``order``: tie-break rank per contestant (lower wins); ``lot``: draw ties by lot instead.
    """
    blocs_allowed = True
    if isinstance(rules, RuleSet):
        blocs_allowed = rules.candidates.blocs_allowed
        tiers = rules.chamber(chamber).tiers
    elif isinstance(rules, Chamber):
        tiers = rules.tiers
    else:
        tiers = [rules]
    results = []
    for tier in tiers:
        if isinstance(tier, ListTier):
            if lists is None:
                results.append(TierResult(tier.name, tier.kind, {}, unfilled=tier.seats))
                continue
            r = allocate_list(lists, tier, against_all=against_all, blocs=blocs,
                              blocs_allowed=blocs_allowed, order=order, lot=lot)
            results.append(TierResult(tier.name, tier.kind, r.seats, r.passed, r.admitted,
                                      r.unfilled))
        elif isinstance(tier, SmdTier):
            s = allocate_smd(districts or {}, tier, order=order, lot=lot)
            results.append(TierResult(tier.name, tier.kind, s.seats, unfilled=s.unfilled,
                                      districts=s.districts))
        else:
            choice = (appointed or {}).get(tier.name)
            results.append(TierResult(tier.name, tier.kind, appoint(tier, choice)))
    return Allocation(tuple(results))
