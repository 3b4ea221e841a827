"""Seats filled by a body's choice: presidential lists, appointed senators, Assembly seats.

The engine does not decide whom the appointing body picks: the caller (the model's informal
layer, or an analyst) passes the choice as seats per party. Without a choice every seat is
credited to a placeholder named after the selector, so totals still add up (seed lines
9844-9847 state list; 10193-10200 ANK; 9893-9898 appointed senators).
"""

from __future__ import annotations

from collections.abc import Mapping

from neopat.data.rule_sets import AppointedTier
from neopat.errors import InputError


def placeholder(tier: AppointedTier) -> str:
    """The label credited with a tier's seats when no choice is given."""
    return f"chosen by {tier.selector}"


def appoint(tier: AppointedTier, choice: Mapping[str, int] | None = None) -> dict[str, int]:
    """Seats per party for an appointed or indirect tier, checked against its size."""
    if choice is None:
        return {placeholder(tier): tier.seats}
    if any(int(n) != n or n < 0 for n in choice.values()):
        raise InputError("appointed seats must be non-negative whole numbers",
                         where=f"tier {tier.name}")
    total = sum(choice.values())
    if total != tier.seats:
        raise InputError(f"the choice fills {total} seats, the tier has {tier.seats}",
                         where=f"tier {tier.name}")
    return {party: int(n) for party, n in choice.items() if n}
