"""Closed-list PR tiers: legal threshold, blocs, the minimum-parties rule, then apportionment.

Steps, for one election (:func:`allocate_list`) or many (:func:`allocate_list_batch`):

1. **Threshold.** A list passes when ``votes >= threshold * base`` (exact rational comparison),
   ``base`` being the votes cast for lists (``valid``) or those plus "against all"
   (``valid+against``). A bloc faces ``bloc_threshold`` when the tier sets one. Where blocs are
   banned a bloc list is refused (:class:`~neopat.errors.InputError`).
2. **Minimum parties.** If fewer than ``min_parties`` lists pass, the best-placed lists below the
   threshold (most votes; ties by priority) are *admitted* until ``min_parties`` take part (lists
   with no votes are never admitted). Passing and admitted lists share the seats by the tier's
   method with their own votes. Each admitted list is then guaranteed ``min_seats_admitted``
   seats: an admitted list that won fewer is given exactly that many, and the remaining seats are
   shared again by the method among the other lists, repeating until no admitted list is short.
   (Thesis: the 2008/09 proposal for "not less than two parties", seed lines 9767-9776; the seat
   split is not stated, so this rule is a documented default.)
3. **Apportionment** among the lists taking part (:mod:`neopat.rules.methods`). With one list
   taking part it takes every seat (2007: seed lines 272-279). With none, the seats are unfilled.

Ties go to the lower ``order`` value (default: input order); with ``lot`` (a seeded
``numpy.random.Generator``) one random order of all lists is drawn instead.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from neopat.data.rule_sets import ListTier
from neopat.errors import InputError
from neopat.rules.batch import apportion_batch, rank_within_rows
from neopat.rules.methods import apportion, exact_number


@dataclass(frozen=True)
class ListResult:
    """Seats of one list tier; ``passed`` cleared the threshold, ``admitted`` got in by rule."""

    seats: dict[str, int]
    passed: tuple[str, ...]
    admitted: tuple[str, ...]
    unfilled: int


@dataclass(frozen=True)
class ListBatchResult:
    """Seats, threshold passes and admissions, each of shape ``(n_elections, n_lists)``."""

    seats: np.ndarray
    passed: np.ndarray
    admitted: np.ndarray


def _rational(share: float) -> Fraction:
    return Fraction(str(share))


def tie_priority(names: list[str], order: Mapping[str, float] | None, lot) -> np.ndarray:
    """Tie-break ranks (lower wins) from an explicit order, a lot, or input position."""
    if lot is not None:
        return lot.permutation(len(names)).astype(float)
    if order is None:
        return np.arange(len(names), dtype=float)
    missing = [n for n in names if n not in order]
    if missing:
        raise InputError(f"no tie-break order given for {', '.join(missing)}", where="order")
    return np.array([float(order[n]) for n in names])


def _thresholds(tier: ListTier, is_bloc: np.ndarray) -> list[Fraction]:
    party = _rational(tier.threshold)
    bloc = party if tier.bloc_threshold is None else _rational(tier.bloc_threshold)
    return [bloc if b else party for b in is_bloc]


def share_seats(
    votes: np.ndarray, taking_part: np.ndarray, admitted: np.ndarray, tier: ListTier,
    prio: np.ndarray,
) -> np.ndarray:
    """Seats among the lists taking part, with the admitted lists' guaranteed minimum."""
    fixed = np.zeros(len(votes), dtype=bool)
    while True:
        rest = taking_part & ~fixed
        free = tier.seats - tier.min_seats_admitted * int(fixed.sum())
        seats = apportion(
            np.where(rest, votes, 0), free, tier.method, priority=prio,
            imperiali_overflow=tier.imperiali_overflow,
        )
        seats[fixed] = tier.min_seats_admitted
        short = admitted & ~fixed & (seats < tier.min_seats_admitted)
        if not short.any():
            return seats
        fixed |= short


def allocate_list(
    votes: Mapping[str, float],
    tier: ListTier,
    *,
    against_all: float = 0.0,
    blocs: Collection[str] = (),
    blocs_allowed: bool = True,
    order: Mapping[str, float] | None = None,
    lot: np.random.Generator | None = None,
) -> ListResult:
    """Allocate one list tier's seats; ``votes`` maps each list to its votes."""
    names = list(votes)
    exact = [exact_number(votes[n]) for n in names]
    if any(x < 0 for x in exact) or against_all < 0:
        raise InputError("votes must be non-negative", where=f"tier {tier.name}")
    unknown = set(blocs) - set(names)
    if unknown:
        raise InputError(f"blocs not on the ballot: {', '.join(sorted(unknown))}", where="blocs")
    if blocs and not blocs_allowed:
        raise InputError(f"electoral blocs are banned under these rules: {', '.join(blocs)}",
                         where=f"tier {tier.name}")
    is_bloc = np.array([n in blocs for n in names], dtype=bool)
    prio = tie_priority(names, order, lot)
    base = sum(exact) + (exact_number(against_all) if tier.threshold_base == "valid+against" else 0)
    passed = np.array([x > 0 and x >= t * base for x, t in
                       zip(exact, _thresholds(tier, is_bloc), strict=True)], dtype=bool)
    admitted = np.zeros(len(names), dtype=bool)
    need = tier.min_parties - int(passed.sum())
    if need > 0:
        waiting = sorted((i for i in range(len(names)) if not passed[i] and exact[i] > 0),
                         key=lambda i: (-exact[i], prio[i]))
        admitted[waiting[:need]] = True
    taking_part = passed | admitted
    if not taking_part.any():
        seats = np.zeros(len(names), dtype=np.int64)
    else:
        seats = share_seats(np.array(exact, dtype=object), taking_part, admitted, tier, prio)
    return ListResult(
        seats={n: int(s) for n, s in zip(names, seats, strict=True)},
        passed=tuple(n for n, p in zip(names, passed, strict=True) if p),
        admitted=tuple(n for n, a in zip(names, admitted, strict=True) if a),
        unfilled=max(tier.seats - int(seats.sum()), 0),
    )


def allocate_list_batch(
    votes: np.ndarray,
    tier: ListTier,
    *,
    against_all: np.ndarray | None = None,
    is_bloc: np.ndarray | None = None,
    priority: np.ndarray | None = None,
) -> ListBatchResult:
    """Allocate a list tier in ``n`` elections at once; ``votes`` has shape ``(n, n_lists)``.

    Equal to :func:`allocate_list` row by row (integer votes are compared exactly). Rows where an
    admitted list falls short of its guaranteed seats are redone with the one-election rule.
    """
    v = np.asarray(votes)
    n, p = v.shape
    prio = np.arange(p, dtype=float) if priority is None else np.asarray(priority, dtype=float)
    is_bloc = np.zeros(p, dtype=bool) if is_bloc is None else np.asarray(is_bloc, dtype=bool)
    base = v.sum(axis=1)
    if tier.threshold_base == "valid+against" and against_all is not None:
        base = base + np.asarray(against_all)
    ts = _thresholds(tier, is_bloc)
    num = np.array([t.numerator for t in ts])
    den = np.array([t.denominator for t in ts])
    passed = (v > 0) & (v * den >= num * base[:, None])
    need = tier.min_parties - passed.sum(axis=1)
    waiting = ~passed & (v > 0)
    rank = rank_within_rows(~waiting, -v, np.broadcast_to(prio, v.shape))
    admitted = waiting & (rank < need[:, None])
    taking_part = passed | admitted
    seats = apportion_batch(v, tier.seats, tier.method, eligible=taking_part, priority=prio,
                            imperiali_overflow=tier.imperiali_overflow)
    short_rows = np.flatnonzero((admitted & (seats < tier.min_seats_admitted)).any(axis=1))
    for r in short_rows:
        seats[r] = share_seats(v[r], taking_part[r], admitted[r], tier, prio)
    return ListBatchResult(seats=seats, passed=passed, admitted=admitted)
