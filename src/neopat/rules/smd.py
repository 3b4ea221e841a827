"""Single-member districts: plurality and two-round absolute majority.

- ``plurality``: the candidate with most votes wins (ties by priority).
- ``two_round``: a candidate with more than ``majority`` (0.5: "more than 50 percent", seed lines
  9887-9890) of the base (votes for candidates, plus "against all" when ``majority_base`` is
  ``valid+against``) wins in round one. Otherwise the top two (ties by priority) meet in a run-off
  won by plurality; until run-off votes are given the district is ``runoff-pending``. A
  candidate without votes does not enter the run-off; a lone candidate is elected.
- "Against all" with at least the leading candidate's votes voids the round (a repeat election;
  the thesis is silent, this follows the post-Soviet practice of the option). With
  ``min_turnout`` set, a round whose turnout share is below it is void too.

A candidate's seat counts for its ``party`` label; self-nominated candidates carry
``SELF_NOMINATED`` (or a declared affiliation chosen by the caller: seed lines 10176-10177).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cache
from typing import Literal

import numpy as np

from neopat.data.rule_sets import SmdTier
from neopat.errors import InputError
from neopat.rules.list_pr import tie_priority
from neopat.rules.methods import exact_number

SELF_NOMINATED = "self-nominated"


@dataclass(frozen=True)
class Candidate:
    """A candidate in one district: votes in round one and, if held, in the run-off."""

    name: str
    party: str
    votes: float
    runoff_votes: float | None = None


@dataclass(frozen=True)
class DistrictVotes:
    """One district's ballot: candidates, "against all" per round, turnout shares per round."""

    candidates: Sequence[Candidate]
    against_all: float = 0.0
    runoff_against_all: float = 0.0
    turnout: float | None = None
    runoff_turnout: float | None = None


@dataclass(frozen=True)
class DistrictResult:
    district: str
    status: Literal["elected", "runoff-pending", "void"]
    winner: Candidate | None = None
    round: int = 1
    runoff: tuple[str, ...] = ()


@dataclass(frozen=True)
class SmdResult:
    """Seats by party label, each district's outcome, and the seats left unfilled."""

    seats: dict[str, int]
    districts: tuple[DistrictResult, ...] = field(default=())
    unfilled: int = 0


def _best(cands: list[Candidate], votes: list[int | Fraction], prio: np.ndarray) -> list[int]:
    return sorted(range(len(cands)), key=lambda i: (-votes[i], prio[i]))


@cache
def _ratio(share: float) -> Fraction:
    """A share as the exact decimal it was written as (0.5 -> 1/2)."""
    return Fraction(str(share))


def _exact(value) -> int | Fraction:
    """A vote count as an exact number: a Python int when it is integral (exact like
    :func:`exact_number`, and much cheaper to add and compare), else a Fraction."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int):
        return value
    return exact_number(value)


def elect_district(
    ballot: DistrictVotes,
    tier: SmdTier,
    *,
    district: str = "",
    order: Mapping[str, float] | None = None,
    lot: np.random.Generator | None = None,
) -> DistrictResult:
    """The outcome of one district under ``tier``'s formula."""
    cands = list(ballot.candidates)
    names = [c.name for c in cands]
    where = f"district {district}" if district else "district"
    if not cands:
        raise InputError("no candidates", where=where)
    if len(set(names)) != len(names):
        raise InputError("a candidate is listed twice", where=where)
    if not tier.self_nomination and any(c.party == SELF_NOMINATED for c in cands):
        raise InputError("self-nominated candidates are not allowed under these rules", where=where)
    if any(c.votes < 0 or (c.runoff_votes or 0) < 0 for c in cands) or ballot.against_all < 0:
        raise InputError("votes must be non-negative", where=where)
    if tier.formula == "plurality" and any(c.runoff_votes is not None for c in cands):
        raise InputError("run-off votes given, but the formula is plurality", where=where)
    prio = tie_priority(names, order, lot)
    votes = [_exact(c.votes) for c in cands]
    ranked = _best(cands, votes, prio)
    void = DistrictResult(district, "void", round=1)
    if _turnout_fails(ballot.turnout, tier) or votes[ranked[0]] <= ballot.against_all:
        return void
    if tier.formula == "plurality":
        return DistrictResult(district, "elected", cands[ranked[0]], 1)
    base = sum(votes) + (_exact(ballot.against_all)
                         if tier.majority_base == "valid+against" else 0)
    if votes[ranked[0]] > _ratio(tier.majority) * base:
        return DistrictResult(district, "elected", cands[ranked[0]], 1)
    pair = [cands[i] for i in ranked[:2] if votes[i] > 0]
    if len(pair) < 2:
        return DistrictResult(district, "elected", pair[0], 1)
    pair_names = tuple(c.name for c in pair)
    if any(c.runoff_votes is None for c in pair):
        return DistrictResult(district, "runoff-pending", None, 2, pair_names)
    second = [_exact(c.runoff_votes) for c in pair]
    order2 = _best(pair, second, prio[ranked[:2]])
    against = _exact(ballot.runoff_against_all)
    if _turnout_fails(ballot.runoff_turnout, tier) or second[order2[0]] <= against:
        return DistrictResult(district, "void", None, 2, pair_names)
    return DistrictResult(district, "elected", pair[order2[0]], 2, pair_names)


def _turnout_fails(turnout: float | None, tier: SmdTier) -> bool:
    return tier.min_turnout is not None and turnout is not None and turnout < tier.min_turnout


def allocate_smd(
    districts: Mapping[str, DistrictVotes],
    tier: SmdTier,
    *,
    order: Mapping[str, float] | None = None,
    lot: np.random.Generator | None = None,
) -> SmdResult:
    """Elect every district of ``tier``; districts without a ballot count as unfilled."""
    if len(districts) > tier.districts:
        raise InputError(f"{len(districts)} districts given, the tier has {tier.districts}",
                         where=f"tier {tier.name}")
    results = tuple(elect_district(b, tier, district=d, order=order, lot=lot)
                    for d, b in districts.items())
    seats: dict[str, int] = {}
    for r in results:
        if r.winner is not None:
            seats[r.winner.party] = seats.get(r.winner.party, 0) + 1
    return SmdResult(seats, results, tier.districts - sum(seats.values()))


@dataclass(frozen=True)
class SmdBatchResult:
    """Per district (any leading shape): winner index (-1: none), round, and status code.

    ``status``: 0 elected, 1 run-off pending, 2 void (the codes index ``STATUSES``).
    """

    winner: np.ndarray
    round: np.ndarray
    status: np.ndarray


STATUSES = ("elected", "runoff-pending", "void")


def _top(votes: np.ndarray, prio: np.ndarray, exclude: np.ndarray | None = None) -> np.ndarray:
    """Index of the most votes along the last axis, ties to the lower priority."""
    v = votes if exclude is None else np.where(exclude, -np.inf, votes)
    best = v.max(axis=-1, keepdims=True)
    return np.where(v == best, prio, np.inf).argmin(axis=-1)


def elect_batch(
    votes: np.ndarray,
    tier: SmdTier,
    *,
    against_all: np.ndarray | None = None,
    runoff_votes: np.ndarray | None = None,
    runoff_against_all: np.ndarray | None = None,
    priority: np.ndarray | None = None,
) -> SmdBatchResult:
    """:func:`elect_district` for many districts at once; ``votes`` has shape ``(..., n_cands)``.

    Candidates with no votes count as absent. The turnout rule is not applied here (use
    :func:`elect_district` when turnout matters).
    """
    v = np.asarray(votes, dtype=float)
    n_cands = v.shape[-1]
    prio = np.arange(n_cands, dtype=float) if priority is None else np.asarray(priority, float)
    lead_shape = v.shape[:-1]
    against = np.zeros(lead_shape) if against_all is None else np.asarray(against_all, float)
    first = _top(v, prio)
    top = np.take_along_axis(v, first[..., None], axis=-1)[..., 0]
    void = top <= against
    winner = np.where(void, -1, first)
    rnd = np.ones(lead_shape, dtype=np.int64)
    status = np.where(void, 2, 0)
    if tier.formula == "plurality":
        return SmdBatchResult(winner, rnd, status)
    base = v.sum(axis=-1) + (against if tier.majority_base == "valid+against" else 0)
    share = Fraction(str(tier.majority))
    majority = top * share.denominator > share.numerator * base
    second = _top(v, prio, exclude=np.arange(n_cands) == first[..., None])
    has_second = (second != first) & (np.take_along_axis(v, second[..., None], axis=-1)[..., 0] > 0)
    runoff = ~void & ~majority & has_second
    if runoff_votes is None:
        winner = np.where(runoff, -1, winner)
        status = np.where(runoff, 1, status)
    else:
        r = np.asarray(runoff_votes, dtype=float)
        idx = np.arange(n_cands)
        in_pair = (idx == first[..., None]) | (idx == second[..., None])
        r_winner = _top(r, prio, exclude=~in_pair)
        r_top = np.take_along_axis(r, r_winner[..., None], axis=-1)[..., 0]
        r_against = 0 if runoff_against_all is None else np.asarray(runoff_against_all, float)
        r_void = r_top <= r_against
        winner = np.where(runoff, np.where(r_void, -1, r_winner), winner)
        status = np.where(runoff & r_void, 2, status)
    rnd = np.where(runoff, 2, rnd)
    return SmdBatchResult(winner, rnd, status)
