"""Turnout and vote choice (DESIGN §3.2 step 8): a multinomial logit drawn exactly by cells.

Each voter abstains or turns out; a voter who turns out picks "against all" or a party on the
ballot of their unit (region, or district for the single-member tier) with logit probabilities.
The utility of party ``j`` for a voter combines

* programmatic distance weighted by the party's coherence: ``-b_distance·coherence_j·|x - pos_j|``
  (programmes matter little: about 5% read them, seed:14097-14103);
* the leader's personal appeal times recognition: ``b_appeal·appeal_j`` if the voter knows the
  party, ``-unaware_penalty`` if not (personalistic linkage; Table 6.1, seed:14550-14574);
* alignment with the president: ``b_alignment·stance_j·(2·approval - 1)`` (citizens sort parties as
  "pro-power or oppositionist", seed:14140-14147);
* clientelist and administrative pressure: ``b_admin·(tie/3)·access_j`` (akims urge subordinate
  clients to vote for the party of power under a threat of job loss, seed:15447-15453).

"Against all" has utility ``aa_intercept + aa_disapproval·(1 - approval)``; the largest answers
in the ASIP polls were "against all" and "no answer" (seed:14163-14176). Apathy (passivity) acts
through abstention: turnout is a logit in apathy and mobilisation by ties; the thesis gives no
turnout figure, so its intercept is calibrated to the official turnout
(``neopat.data.assumptions``).

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

from neopat.data.assumptions import Assumptions
from neopat.model.electorate import IDEAL_STEPS, LEVELS, PARTY_SLOTS, TIE_MAX, Electorate

ABSTAIN, AGAINST_ALL = 0, 1
FIRST_PARTY = 2
CHUNK_CELLS = 250_000
THREADS = min(4, os.cpu_count() or 1)


@dataclass(frozen=True, eq=False)
class PartyOffer:
    """The parties (or candidates) on offer, as arrays of length P.

    ``ids`` are awareness slots (0..63) of the electorate; ``on_ballot`` is a boolean
    (units × P) mask, ``None`` meaning every party is on every ballot; ``local`` (units × P) adds
    a candidate's local standing in each unit to the utility, ``None`` meaning none.
    """

    ids: np.ndarray
    position: np.ndarray
    coherence: np.ndarray
    leader_appeal: np.ndarray
    stance: np.ndarray
    admin_access: np.ndarray
    on_ballot: np.ndarray | None = None
    local: np.ndarray | None = None

    def __post_init__(self):
        n = len(self.ids)
        for name in ("ids", "position", "coherence", "leader_appeal", "stance", "admin_access"):
            value = np.asarray(getattr(self, name), dtype=np.int64 if name == "ids" else float)
            if value.shape != (n,):
                raise ValueError(f"PartyOffer.{name} must have one entry per party ({n})")
            object.__setattr__(self, name, value)
        if len(set(self.ids.tolist())) != n or ((self.ids < 0) | (self.ids >= PARTY_SLOTS)).any():
            raise ValueError(f"PartyOffer.ids must be distinct slots in 0..{PARTY_SLOTS - 1}")
        _check_range("position", self.position, -1, 1)
        _check_range("stance", self.stance, -1, 1)
        for name in ("coherence", "leader_appeal", "admin_access"):
            _check_range(name, getattr(self, name), 0, 1)
        if self.on_ballot is not None:
            mask = np.asarray(self.on_ballot, dtype=bool)
            if mask.ndim != 2 or mask.shape[1] != n:
                raise ValueError("PartyOffer.on_ballot must be a (units × parties) mask")
            object.__setattr__(self, "on_ballot", mask)
        if self.local is not None:
            local = np.asarray(self.local, dtype=float)
            if local.ndim != 2 or local.shape[1] != n or not np.isfinite(local).all():
                raise ValueError("PartyOffer.local must be a finite (units × parties) array")
            if self.on_ballot is not None and local.shape != self.on_ballot.shape:
                raise ValueError("PartyOffer.local and on_ballot must have the same shape")
            object.__setattr__(self, "local", local)

    @property
    def size(self) -> int:
        return len(self.ids)

    @property
    def units(self) -> int | None:
        """Rows of the per-unit arrays, ``None`` when the offer is the same in every unit."""
        per_unit = self.on_ballot if self.on_ballot is not None else self.local
        return None if per_unit is None else per_unit.shape[0]

    def unit_weights(self) -> np.ndarray | None:
        """(units × P) logit weight factors: the ballot mask times ``exp(local)``."""
        if self.units is None:
            return None
        weights = np.exp(self.local) if self.local is not None else np.ones(self.on_ballot.shape)
        return weights * self.on_ballot if self.on_ballot is not None else weights


@dataclass(frozen=True)
class VoteParams:
    """Sensitivities of turnout and vote choice; the thesis gives directions, not magnitudes.

    ``b_admin`` is the ``admin_resources`` sensitivity of DESIGN §3.1. Defaults are our choices,
    to be calibrated (see the module docstring for the seed lines grounding each term).
    """

    b_distance: float = 1.0
    b_appeal: float = 1.5
    unaware_penalty: float = 2.5
    b_alignment: float = 1.5
    b_admin: float = 2.0
    aa_intercept: float = -1.2
    aa_disapproval: float = 3.0
    against_all: bool = True
    turnout_baseline: float = 0.61
    turnout_apathy: float = 3.0
    turnout_mobilisation: float = 1.0
    apathy_reference: float = 0.55

    @classmethod
    def from_assumptions(
        cls, assumptions: Assumptions, year: int | None = None, kind: str = "parliament", **changes
    ) -> VoteParams:
        """Turnout calibrated to the official turnout of that election (else the baseline)."""
        figure = assumptions.election(year, kind) if year is not None else None
        baseline = figure.turnout if figure is not None else assumptions.turnout.baseline
        return cls(turnout_baseline=baseline, apathy_reference=assumptions.apathy.mean, **changes)


@dataclass(frozen=True, eq=False)
class ElectionResult:
    """Sample counts by unit × option: abstain, against all, then the parties in offer order."""

    sample_counts: np.ndarray  # int64 (units, 2 + P)
    party_ids: np.ndarray
    unit_region: np.ndarray  # region of each unit
    scale: float

    @property
    def counts(self) -> np.ndarray:
        """National-equivalent counts (re-weighted by 1/scale)."""
        return self.sample_counts / self.scale

    @property
    def registered(self) -> np.ndarray:
        return self.counts.sum(axis=1)

    @property
    def ballots(self) -> np.ndarray:
        """Ballots cast per unit (turnout count)."""
        return self.registered - self.counts[:, ABSTAIN]

    @property
    def against_all(self) -> np.ndarray:
        return self.counts[:, AGAINST_ALL]

    @property
    def votes(self) -> np.ndarray:
        """Party votes, units × parties."""
        return self.counts[:, FIRST_PARTY:]

    @property
    def valid_votes(self) -> float:
        """Party votes plus "against all", nationally."""
        return float(self.ballots.sum())

    @property
    def turnout(self) -> float:
        return float(self.ballots.sum() / self.registered.sum())

    @property
    def party_totals(self) -> np.ndarray:
        return self.votes.sum(axis=0)

    @property
    def shares(self) -> np.ndarray:
        """National share of valid votes per party."""
        return self.party_totals / max(self.valid_votes, 1e-300)

    @property
    def against_all_share(self) -> float:
        return float(self.against_all.sum() / max(self.valid_votes, 1e-300))

    def by_region(self) -> ElectionResult:
        """Aggregate units (districts) to regions."""
        n_regions = int(self.unit_region.max()) + 1
        out = np.zeros((n_regions, self.sample_counts.shape[1]), dtype=np.int64)
        np.add.at(out, self.unit_region, self.sample_counts)
        return ElectionResult(out, self.party_ids, np.arange(n_regions), self.scale)

    @classmethod
    def tallied(cls, counts: np.ndarray, offer: PartyOffer, electorate: Electorate,
                by: str) -> ElectionResult:
        """A result from sample counts by unit of ``by`` (region, or district)."""
        unit_region = (np.arange(len(counts)) if by == "region"
                       else electorate.district_region.astype(np.int64))
        return cls(counts, offer.ids.copy(), unit_region, electorate.scale)

    def with_counts(self, sample_counts: np.ndarray) -> ElectionResult:
        return ElectionResult(sample_counts, self.party_ids, self.unit_region, self.scale)


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


IDEAL_GRID = np.arange(-IDEAL_STEPS, IDEAL_STEPS + 1) / IDEAL_STEPS
LEVEL_GRID = np.arange(LEVELS + 1) / LEVELS
TIE_GRID = np.arange(TIE_MAX + 1) / TIE_MAX


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


def turnout_probability(params: VoteParams) -> np.ndarray:
    """Logit turnout by (apathy level, tie level): the baseline at reference apathy and no tie,
    lowered by apathy, raised by clientelist mobilisation."""
    intercept = np.log(params.turnout_baseline / (1.0 - params.turnout_baseline))
    z = (
        intercept
        + params.turnout_apathy * (params.apathy_reference - LEVEL_GRID)[:, None]
        + params.turnout_mobilisation * TIE_GRID[None, :]
    )
    return 1.0 / (1.0 + np.exp(-z))


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


def check_units(electorate: Electorate, offer: PartyOffer, by: str) -> int:
    """The number of units of ``by``, checked against the offer's per-unit rows."""
    if by not in ("region", "district"):
        raise ValueError(f"by must be 'region' or 'district', got {by!r}")
    n_units = electorate.n_regions if by == "region" else electorate.n_districts
    if offer.units is not None and offer.units != n_units:
        raise ValueError(f"the offer has {offer.units} unit rows, expected {n_units}")
    return n_units


def _units(electorate: Electorate, by: str) -> np.ndarray:
    if by == "region":
        return electorate.region
    if by == "district":
        return electorate.district
    raise ValueError(f"by must be 'region' or 'district', got {by!r}")


def _check_range(name: str, values: np.ndarray, low: float, high: float) -> None:
    if not np.isfinite(values).all() or (values < low).any() or (values > high).any():
        raise ValueError(f"PartyOffer.{name} must lie in [{low}, {high}]")
