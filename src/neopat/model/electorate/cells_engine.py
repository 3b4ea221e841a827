"""The cells vote engine: the choice model of :mod:`.choice` drawn exactly by cells.

Voters with identical attributes (unit, ideal point, approval, apathy, tie, awareness of the
offered parties) share one probability vector; they are aggregated into cells and drawn
exactly: a binomial for turnout per cell, then one multinomial over the ballot options for all
voters of a ballot cell who turned out (a categorical draw for one voter). The outcome has
exactly the distribution of voter-by-voter draws; no Python loop runs over voters or parties.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd

from neopat.model.electorate.choice import (
    ABSTAIN,
    AGAINST_ALL,
    FIRST_PARTY,
    IDEAL_GRID,
    LEVEL_GRID,
    TIE_GRID,
    ElectionResult,
    PartyOffer,
    VoteParams,
    check_units,
    turnout_probability,
)
from neopat.model.electorate.electorate import IDEAL_STEPS, Electorate

CHUNK_CELLS = 250_000  # technical: cells drawn per block (memory, not behaviour)
THREADS = min(4, os.cpu_count() or 1)


@dataclass(frozen=True, eq=False)
class BallotCells:
    """Unique combinations of what the ballot choice depends on, as grid indices: ``ideal``
    0..20 (left to right), ``approval`` 0..10, ``tie`` 0..3, and ``pattern``, an index into
    ``patterns`` (awareness of each offered party)."""

    unit: np.ndarray
    ideal: np.ndarray
    approval: np.ndarray
    tie: np.ndarray
    pattern: np.ndarray
    patterns: np.ndarray  # bool (patterns × P)

    def take(self, index) -> BallotCells:
        return BallotCells(
            self.unit[index],
            self.ideal[index],
            self.approval[index],
            self.tie[index],
            self.pattern[index],
            self.patterns,
        )


@dataclass(frozen=True, eq=False)
class Cells:
    """Voters aggregated on two levels.

    Ballot cells hold everything the ballot choice depends on; turnout cells split them by
    apathy, which only turnout depends on. The turnout cells of ballot cell ``b`` are
    ``first[b]:first[b + 1]``; ``voter_cell`` (only when asked for) maps voters to turnout cells.
    """

    ballot: BallotCells
    first: np.ndarray
    apathy: np.ndarray
    count: np.ndarray
    voter_cell: np.ndarray | None = None

    @property
    def ballot_of(self) -> np.ndarray:
        """Ballot cell of each turnout cell."""
        return np.repeat(np.arange(len(self.first) - 1), np.diff(self.first))

def build_cells(
    electorate: Electorate, slots: np.ndarray, *, by: str = "region", with_voters: bool = False
) -> Cells:
    """Aggregate the voters into cells of identical choice-relevant attributes.

    Attributes are packed into one 64-bit key (apathy in the lowest bits, so that sorting puts
    the turnout cells of one ballot cell next to each other).
    """
    unit = _units(electorate, by)
    slots = np.asarray(slots, dtype=np.uint64)
    mask = np.bitwise_or.reduce(np.uint64(1) << slots, initial=np.uint64(0))
    aware_codes, aware_values = pd.factorize(electorate.awareness & mask)
    u64, u32 = np.uint64, np.uint32
    rest = unit.astype(u32) << u32(15)
    rest |= (electorate.ideal + IDEAL_STEPS).astype(u32) << u32(10)
    rest |= electorate.approval.astype(u32) << u32(6)
    rest |= electorate.tie.astype(u32) << u32(4)
    rest |= electorate.apathy
    key = aware_codes.astype(u64) << u64(31)
    key |= rest
    keys, count = _unique_counts(key)
    coarse = keys >> u64(4)
    starts = np.flatnonzero(np.r_[True, coarse[1:] != coarse[:-1]])
    ballot_keys = keys[starts]
    aware_values = np.asarray(aware_values, dtype=u64)
    return Cells(
        ballot=BallotCells(
            unit=((ballot_keys >> u64(15)) & u64(0xFFFF)).astype(np.intp),
            ideal=((ballot_keys >> u64(10)) & u64(31)).astype(np.intp),
            approval=((ballot_keys >> u64(6)) & u64(15)).astype(np.intp),
            tie=((ballot_keys >> u64(4)) & u64(3)).astype(np.intp),
            pattern=(ballot_keys >> u64(31)).astype(np.intp),
            patterns=((aware_values[:, None] >> slots[None, :]) & u64(1)) == 1,
        ),
        first=np.append(starts, len(keys)),
        apathy=(keys & u64(15)).astype(np.intp),
        count=count,
        voter_cell=np.searchsorted(keys, key) if with_voters else None,
    )


def _unique_counts(key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sorted distinct keys and how often each occurs (a sort is faster than hashing here)."""
    ordered = np.sort(key)
    first = np.empty(len(ordered), dtype=bool)
    first[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    return ordered[starts], np.diff(starts, append=len(ordered)).astype(np.int64)


def ballot_probabilities(
    cells: BallotCells, offer: PartyOffer, params: VoteParams, n_units: int
) -> np.ndarray:
    """Probabilities (cells × (1 + P)) for a voter who turns out: against all, then each party.

    The logit weight of a party factorises into a table over (unit, ideal, approval, tie) and
    a table over awareness patterns, so the per-cell work is two gathers and a product.
    """
    base = (
        (-params.b_distance * offer.coherence * np.abs(IDEAL_GRID[:, None] - offer.position))[
            None, :, None, None, :
        ]
        + (params.b_alignment * offer.stance * (2.0 * LEVEL_GRID[:, None] - 1.0))[
            None, None, :, None, :
        ]
        + (params.b_admin * TIE_GRID[:, None] * offer.admin_access)[None, None, None, :, :]
    )
    base = np.broadcast_to(base, (n_units, *base.shape[1:]))
    weight_base = np.exp(base - base.max())
    unit_weights = offer.unit_weights()
    if unit_weights is not None:
        weight_base = weight_base * unit_weights[:, None, None, None, :]
    weight_base = weight_base.reshape(-1, offer.size)
    aware_term = np.where(
        cells.patterns, params.b_appeal * offer.leader_appeal, -params.unaware_penalty
    )
    weight_aware = np.exp(aware_term - aware_term.max(initial=0.0))
    shift = base.max() + aware_term.max(initial=0.0)

    n_ideal, n_level, n_tie = len(IDEAL_GRID), len(LEVEL_GRID), len(TIE_GRID)
    base_index = (
        (cells.unit * n_ideal + cells.ideal) * n_level + cells.approval
    ) * n_tie + cells.tie
    out = np.empty((len(base_index), 1 + offer.size))
    weights = out[:, 1:]
    np.take(weight_base, base_index, axis=0, out=weights)
    weights *= weight_aware[cells.pattern]

    against = np.zeros(n_level)
    if params.against_all:
        against = np.exp(params.aa_intercept + params.aa_disapproval * (1.0 - LEVEL_GRID) - shift)
    out[:, 0] = against[cells.approval]
    total = out.sum(axis=1)
    if not (total > 0).all():
        raise ValueError("some unit has no party on the ballot and no 'against all' option")
    out /= total[:, None]
    return out


def choice_probabilities(
    cells: Cells, offer: PartyOffer, params: VoteParams, n_units: int
) -> np.ndarray:
    """Per-voter probabilities by turnout cell (cells × (2 + P)): abstain, against all, parties."""
    ballot_of = cells.ballot_of
    p_vote = turnout_probability(params)[cells.apathy, cells.ballot.tie[ballot_of]]
    ballot = ballot_probabilities(cells.ballot, offer, params, n_units)[ballot_of]
    return np.column_stack([1.0 - p_vote, p_vote[:, None] * ballot])

def draw_range(
    cells: Cells,
    lo: int,
    hi: int,
    offer: PartyOffer,
    params: VoteParams,
    n_units: int,
    rng: np.random.Generator,
) -> np.ndarray:
    """Draw ballot cells ``lo:hi`` exactly and tally them by unit (units × (2 + P)).

    A binomial per turnout cell draws who turns out; the voters of one ballot cell who turned
    out then take one multinomial over the ballot options (they share its probabilities, so
    the sum is exact). Ballot probabilities are computed only where someone votes.
    """
    f0, f1 = cells.first[lo], cells.first[hi]
    ballot = cells.ballot.take(slice(lo, hi))
    local = np.repeat(np.arange(hi - lo), np.diff(cells.first[lo : hi + 1]))
    count = cells.count[f0:f1]
    p_vote = turnout_probability(params)[cells.apathy[f0:f1], ballot.tie[local]]
    voting = rng.binomial(count, p_vote)
    out = np.zeros((n_units, FIRST_PARTY + offer.size))
    out[:, ABSTAIN] = np.bincount(ballot.unit[local], weights=count - voting, minlength=n_units)
    voters = np.add.reduceat(voting, cells.first[lo:hi] - f0)
    active = np.flatnonzero(voters)
    probs = ballot_probabilities(ballot.take(active), offer, params, n_units)
    draws = multinomial_rows(voters[active], probs, rng)
    out[:, AGAINST_ALL:] = tally(ballot.unit[active], draws, n_units)
    return out


def multinomial_rows(n: np.ndarray, probs: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """One exact multinomial per row; rows of one trial take a vectorised categorical draw."""
    out = np.zeros(probs.shape, dtype=np.int64)
    single = np.flatnonzero(n == 1)
    if len(single):
        cum = np.cumsum(probs[single], axis=1)
        u = rng.random(len(single)) * cum[:, -1]
        picked = np.minimum((cum <= u[:, None]).sum(axis=1), probs.shape[1] - 1)
        out[single, picked] = 1
    many = np.flatnonzero(n > 1)
    if len(many):
        p = probs[many]
        out[many] = rng.multinomial(n[many], p / p.sum(axis=1, keepdims=True))
    return out


def tally(unit: np.ndarray, draws: np.ndarray, n_units: int) -> np.ndarray:
    """Sum rows of draws by unit (units × options)."""
    k = draws.shape[1]
    flat = (unit[:, None] * k + np.arange(k)[None, :]).ravel()
    return np.bincount(flat, weights=draws.ravel(), minlength=n_units * k).reshape(n_units, k)


def draw_tally(
    cells: Cells, offer: PartyOffer, params: VoteParams, n_units: int, rng: np.random.Generator
) -> np.ndarray:
    """Draw every cell and tally by unit, in fixed chunks of ballot cells on a thread pool.

    Each chunk has its own child generator spawned from ``rng``, so the result depends on the
    seed only, never on the number of threads or their scheduling.
    """
    n_ballot = len(cells.first) - 1
    n_chunks = max(1, -(-n_ballot // CHUNK_CELLS))
    bounds = np.linspace(0, n_ballot, n_chunks + 1).astype(np.intp)
    children = rng.spawn(n_chunks)

    def run(i: int) -> np.ndarray:
        return draw_range(cells, bounds[i], bounds[i + 1], offer, params, n_units, children[i])

    with ThreadPoolExecutor(max_workers=min(n_chunks, THREADS)) as pool:
        parts = list(pool.map(run, range(n_chunks)))
    return np.rint(np.sum(parts, axis=0)).astype(np.int64)


def vote(
    electorate: Electorate,
    offer: PartyOffer,
    rng: np.random.Generator,
    params: VoteParams | None = None,
    *,
    by: str = "region",
) -> ElectionResult:
    """Hold one election: turnout and vote choice of every sampled voter, tallied by unit.

    ``by`` is ``"region"`` or ``"district"`` (after :meth:`Electorate.assign_districts`);
    ``offer.on_ballot`` and ``offer.local`` have one row per unit.
    """
    params = params or VoteParams()
    n_units = check_units(electorate, offer, by)
    cells = build_cells(electorate, offer.ids, by=by)
    return ElectionResult.tallied(draw_tally(cells, offer, params, n_units, rng), offer,
                                  electorate, by)


@dataclass(frozen=True, eq=False)
class PresidentialOutcome:
    """A presidential election: the result, the leader, and whether a run-off is needed."""

    result: ElectionResult
    winner: int  # index into the candidates
    winner_share: float  # of ballots cast
    runoff: bool
    runoff_pair: tuple[int, int]


def presidential_election(
    electorate: Electorate,
    candidates: PartyOffer,
    rng: np.random.Generator,
    params: VoteParams | None = None,
    *,
    majority: float = 0.5,
) -> PresidentialOutcome:
    """Incumbent versus candidates: the same choice model, one national contest.

    Candidates are rows of ``candidates`` (the incumbent with stance +1); ``ids`` are their
    awareness slots. A candidate needs more than ``majority`` of ballots cast to win outright;
    the thesis states the absolute-majority rule for constituencies from 1995 (seed:9888-9890)
    and is silent on the presidential rule, so ``majority`` is a parameter.
    """
    result = vote(electorate, candidates, rng, params)
    share = result.party_totals / max(result.valid_votes, 1e-300)
    order = np.argsort(-share, kind="stable")
    first = int(order[0])
    second = int(order[1]) if len(order) > 1 else first
    return PresidentialOutcome(
        result=result,
        winner=first,
        winner_share=float(share[first]),
        runoff=bool(share[first] <= majority),
        runoff_pair=(first, second),
    )

def _units(electorate: Electorate, by: str) -> np.ndarray:
    if by == "region":
        return electorate.region
    if by == "district":
        return electorate.district
    raise ValueError(f"by must be 'region' or 'district', got {by!r}")
