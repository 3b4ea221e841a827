"""The choice model both vote engines share: turnout and vote choice as a multinomial logit.

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

Two interchangeable engines draw from it: :mod:`.cells_engine` (exact draws by cells of
identical voters) and :mod:`.voter_engine` (voter by voter, compiled); the model votes with the
voter engine.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from neopat.data.assumptions import Assumptions
from neopat.model.electorate.electorate import AWARENESS_SLOTS, IDEAL_STEPS, LEVELS, TIE_MAX, Electorate
from neopat.scenarios.schema import VoteChoiceParams

ABSTAIN, AGAINST_ALL = 0, 1
FIRST_PARTY = 2
_VOTE = VoteChoiceParams()


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
        if len(set(self.ids.tolist())) != n or ((self.ids < 0) | (self.ids >= AWARENESS_SLOTS)).any():
            raise ValueError(f"PartyOffer.ids must be distinct slots in 0..{AWARENESS_SLOTS - 1}")
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

    The model passes every field: the catalogue's ``vote`` section (whose defaults are these),
    ``b_admin = vote.admin_pressure × selective.admin_resources × leeway`` (ODD §7.10),
    ``aa_intercept = parties.against_all_intercept`` and the record's turnout and apathy
    (:meth:`from_assumptions`). ``aa_intercept``, ``turnout_baseline`` and ``apathy_reference``
    default here only for the engines used on their own.
    """

    b_distance: float = _VOTE.b_distance
    b_appeal: float = _VOTE.b_appeal
    unaware_penalty: float = _VOTE.unaware_penalty
    b_alignment: float = _VOTE.b_alignment
    b_admin: float = _VOTE.admin_pressure
    aa_intercept: float = -1.2
    aa_disapproval: float = _VOTE.aa_disapproval
    against_all: bool = _VOTE.against_all
    turnout_baseline: float = 0.61
    turnout_apathy: float = _VOTE.turnout_apathy
    turnout_mobilisation: float = _VOTE.turnout_mobilisation
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

IDEAL_GRID = np.arange(-IDEAL_STEPS, IDEAL_STEPS + 1) / IDEAL_STEPS
LEVEL_GRID = np.arange(LEVELS + 1) / LEVELS
TIE_GRID = np.arange(TIE_MAX + 1) / TIE_MAX

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

def check_units(electorate: Electorate, offer: PartyOffer, by: str) -> int:
    """The number of units of ``by``, checked against the offer's per-unit rows."""
    if by not in ("region", "district"):
        raise ValueError(f"by must be 'region' or 'district', got {by!r}")
    n_units = electorate.n_regions if by == "region" else electorate.n_districts
    if offer.units is not None and offer.units != n_units:
        raise ValueError(f"the offer has {offer.units} unit rows, expected {n_units}")
    return n_units

def _check_range(name: str, values: np.ndarray, low: float, high: float) -> None:
    if not np.isfinite(values).all() or (values < low).any() or (values > high).any():
        raise ValueError(f"PartyOffer.{name} must lie in [{low}, {high}]")
