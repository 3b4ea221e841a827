"""Society dynamics (schedule step 7) and the electorate's indicators (ODD §7.10).

Yearly updates of the sampled electorate, each a small stochastic step on the quantised grids
(stochastic rounding keeps expectations exact):

* media control homogenises approval of the president: dispersion shrinks toward the mean and
  the mean follows the ruler's legitimacy ("homogeneity of opinion", cultivated through "a
  monopoly of airtime in the mass media", seed:14797-14829; popularity rests on economic
  stability, seed:14944-14950);
* recognition follows coverage: outside the big cities people see only state media
  (seed:15377-15397), so coverage is given per region and settlement type;
* clientelist ties follow akims and employers: akims coerce state employees under their charge
  (seed:14626-14640) under a threat of job loss (seed:15447-15453);
* passiveness drifts with disconnection: "this disconnection ... exacerbates an already
  existing passivity" (seed:14053-14059).

Rates are not in the thesis: the model passes the catalogue's ``society`` section, whose
defaults are these functions' defaults.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from neopat.model.electorate.choice import ElectionResult
from neopat.model.electorate.electorate import (
    IDEAL_STEPS,
    LEVELS,
    TIE_MAX,
    Electorate,
    _check_slot,
    histogram,
)
from neopat.scenarios.schema import SocietyParams

_SOCIETY = SocietyParams()


def homogenise_approval(
    electorate: Electorate,
    media_control: float,
    legitimacy: float,
    rng: np.random.Generator,
    *,
    follow: float = _SOCIETY.approval_follow,
    shrink: float = _SOCIETY.media_shrink,
) -> None:
    """Approval is a common level, whose mean moves ``follow`` of the way to legitimacy each
    year, plus each voter's own disposition, of which state media homogenise away ``shrink ×
    media_control``: the dispersion follows media control instead of shrinking year after year
    ("homogeneity of opinion", seed:14922-14930; the ASIP polls still found a third against
    all, seed:14163-14176)."""
    _check_unit("media_control", media_control)
    _check_unit("legitimacy", legitimacy)
    mean = float(electorate.approval.mean()) / LEVELS
    target = mean + follow * (legitimacy - mean)
    grid = np.arange(LEVELS + 1) / LEVELS  # dispositions take LEVELS + 1 values: map each once
    own = float(electorate.disposition.mean()) / LEVELS
    new = target + (1.0 - shrink * media_control) * (grid - own)
    table = np.broadcast_to(new, (electorate.n_regions, LEVELS + 1))
    electorate.approval = _round_table(electorate, table, electorate.disposition, rng)


def update_awareness(
    electorate: Electorate,
    slots,
    coverage,
    rng: np.random.Generator,
    *,
    learn: float = _SOCIETY.learn_rate,
    forget: float = _SOCIETY.forget_rate,
) -> None:
    """Voters learn a party with probability ``learn × coverage`` and forget it with
    ``forget × (1 - coverage)``.

    ``coverage`` in [0, 1] is (P,) national, (regions, P), or (regions, 2, P) by region and
    settlement (index 0 rural, 1 urban).
    """
    slots = np.asarray(slots, dtype=np.int64)
    cover = np.asarray(coverage, dtype=np.float64)
    if cover.shape[-1] != len(slots) or ((cover < 0) | (cover > 1)).any():
        raise ValueError("coverage needs values in [0, 1], last axis one per slot")
    if cover.ndim > 1 and (cover.shape[0] != electorate.n_regions or cover.ndim > 3
                           or (cover.ndim == 3 and cover.shape[1] != 2)):
        raise ValueError("coverage must be (P,), (regions, P) or (regions, 2, P)")
    by_cell = cover[:, None, :] if cover.ndim == 2 else cover
    full = np.broadcast_to(by_cell, (electorate.n_regions, 2, len(slots)))  # region, settlement
    learn_at, forget_at = learn * full, forget * (1.0 - full)
    u = np.empty(electorate.size)
    for j, slot in enumerate(slots.tolist()):  # one pass over the voters per party
        rng.random(out=u)
        if electorate.compiled:
            from neopat.model.electorate.kernels import learn_forget
            learn_forget(electorate.awareness, electorate.region, electorate.urban, u,
                         np.ascontiguousarray(learn_at[..., j]),
                         np.ascontiguousarray(forget_at[..., j]), _check_slot(slot))
        else:  # as the kernel: the bit flips when u is below the threshold that applies
            known = electorate.aware(slot)
            table = np.stack([learn_at[..., j], forget_at[..., j]])  # (known, region, urban)
            threshold = table[known.view(np.uint8), electorate.region,
                              electorate.urban.view(np.uint8)]
            electorate.set_aware(slot, known ^ (u < threshold))


def introduce_party(
    electorate: Electorate, slot: int, recognition: float, rng: np.random.Generator
) -> None:
    """A new party in a (reused) slot, known to a random share ``recognition`` of voters."""
    _check_unit("recognition", recognition)
    electorate.set_aware(slot, rng.random(electorate.size) < recognition)


def update_ties(
    electorate: Electorate,
    akim_loyalty,
    rng: np.random.Generator,
    *,
    rate: float = _SOCIETY.tie_rate,
    private_reach: float = _SOCIETY.private_reach,
) -> None:
    """Move each tie one step toward ``3 × loyalty`` of the regional akim (state employees) or
    ``3 × private_reach × loyalty`` (private sector), with probability ``rate``."""
    loyalty = np.asarray(akim_loyalty, dtype=np.float64)
    if loyalty.shape != (electorate.n_regions,) or ((loyalty < 0) | (loyalty > 1)).any():
        raise ValueError("akim_loyalty needs one value in [0, 1] per region")
    reach = np.array([private_reach, 1.0])  # private sector, state employee
    target = np.rint(TIE_MAX * loyalty[:, None] * reach[None, :])
    u = rng.random(electorate.size)
    if electorate.compiled:
        from neopat.model.electorate.kernels import step_ties
        electorate.tie = step_ties(electorate.tie, electorate.region, electorate.state_employed,
                                   target, u, rate)
        return
    goal = target[electorate.region, electorate.state_employed.view(np.uint8)]
    step = np.sign(goal - electorate.tie) * (u < rate)
    electorate.tie = (electorate.tie + step).astype(np.uint8)


def drift_apathy(
    electorate: Electorate, disconnection, rng: np.random.Generator, *, rate: float = _SOCIETY.apathy_rate
) -> None:
    """Move apathy a share ``rate`` toward ``disconnection`` (0..1, scalar or per region)."""
    level = np.asarray(disconnection, dtype=np.float64)
    if ((level < 0) | (level > 1)).any():
        raise ValueError("disconnection must lie in [0, 1]")
    grid = np.arange(LEVELS + 1) / LEVELS  # apathy takes LEVELS + 1 values: map each once
    target = np.broadcast_to(level.reshape(-1, 1), (electorate.n_regions, 1))
    new = grid + rate * (target - grid)
    electorate.apathy = _round_table(electorate, new, electorate.apathy, rng)


# --- indicators --------------------------------------------------------------------------------
def approval_stats(electorate: Electorate) -> tuple[float, float]:
    """Mean and standard deviation of approval of the president (homogeneity)."""
    return level_stats(electorate.approval)


def level_stats(levels: np.ndarray) -> tuple[float, float]:
    """Mean and standard deviation on [0, 1] of a 0..LEVELS grid variable, from its histogram
    (one counting pass instead of a float copy of the electorate)."""
    share = histogram(levels, LEVELS + 1) / max(levels.size, 1)
    grid = np.arange(LEVELS + 1) / LEVELS
    mean = float(share @ grid)
    return mean, float(np.sqrt(share @ (grid - mean) ** 2))


def recognition(electorate: Electorate, slots, *, by_region: bool = False) -> np.ndarray:
    """Share of voters aware of each party, nationally (P,) or by region (regions, P)."""
    slots = np.asarray(slots).tolist()
    if not by_region:
        return electorate.known(slots) / max(electorate.size, 1)
    aware = np.column_stack([electorate.aware(s) for s in slots])
    sizes = np.bincount(electorate.region, minlength=electorate.n_regions)
    sums = np.zeros((electorate.n_regions, aware.shape[1]))
    np.add.at(sums, electorate.region, aware)
    return sums / np.maximum(sizes, 1)[:, None]


def turnout_by_region(result: ElectionResult) -> np.ndarray:
    """Ballots cast over registered voters, per region."""
    regional = result.by_region()
    return regional.ballots / np.maximum(regional.registered, 1e-300)


@dataclass(frozen=True)
class Representation:
    """Distances on the left-right axis [-1, 1] between voters and the seated parties."""

    seat_weighted: float  # mean over voters of the seat-weighted mean distance to seated parties
    nearest: float  # mean over voters of the distance to the nearest seated party
    centre: float  # mean over voters of the distance to the seat-weighted mean position


def representation(electorate: Electorate, positions, seats) -> Representation:
    """One-to-many distances (ODD §7.10): how far voters' ideal points lie from the parties that
    hold seats, weighted by seats (lower is closer); ``nan`` when no party holds a seat."""
    positions = np.asarray(positions, dtype=np.float64)
    seats = np.asarray(seats, dtype=np.float64)
    if positions.shape != seats.shape or (seats < 0).any():
        raise ValueError("positions and seats need one entry per party, seats non-negative")
    if seats.sum() <= 0:
        return Representation(float("nan"), float("nan"), float("nan"))
    grid = np.arange(-IDEAL_STEPS, IDEAL_STEPS + 1) / IDEAL_STEPS
    voters = np.bincount(electorate.ideal.astype(np.int64) + IDEAL_STEPS, minlength=len(grid))
    distance = np.abs(grid[:, None] - positions[None, :])
    weights = seats / seats.sum()
    weighted = distance @ weights
    nearest = distance[:, seats > 0].min(axis=1)
    centre = np.abs(grid - positions @ weights)
    share = voters / voters.sum()
    return Representation(float(share @ weighted), float(share @ nearest), float(share @ centre))


def incongruence(electorate: Electorate, positions, seats) -> float:
    """Many-to-many incongruence (Golder & Stramski 2010): the area between the distribution of
    the citizens' ideal points and that of the legislators' positions (one per seat), i.e. the
    earth mover's distance on the left-right axis [-1, 1]; 0 when the legislature mirrors the
    citizens, higher is worse representation; ``nan`` when no seat is filled."""
    positions = np.asarray(positions, dtype=np.float64)
    seats = np.asarray(seats, dtype=np.float64)
    if positions.shape != seats.shape or (seats < 0).any():
        raise ValueError("positions and seats need one entry per seat holder, seats non-negative")
    if seats.sum() <= 0:
        return float("nan")
    grid = np.arange(-IDEAL_STEPS, IDEAL_STEPS + 1) / IDEAL_STEPS
    voters = np.bincount(electorate.ideal.astype(np.int64) + IDEAL_STEPS, minlength=len(grid))
    points = np.union1d(grid, positions)
    citizens = np.cumsum(np.bincount(np.searchsorted(points, grid), weights=voters,
                                     minlength=len(points))) / voters.sum()
    legislators = np.cumsum(np.bincount(np.searchsorted(points, positions), weights=seats,
                                        minlength=len(points))) / seats.sum()
    return float(np.sum(np.abs(citizens - legislators)[:-1] * np.diff(points)))


def _round_table(electorate: Electorate, table: np.ndarray, level: np.ndarray,
                 rng: np.random.Generator) -> np.ndarray:
    """Stochastically round ``table[region, level]`` (values on [0, 1], one row per region) to
    the 0..LEVELS grid, in one compiled pass for large electorates."""
    if not electorate.compiled:
        return _to_levels(table[electorate.region, level], rng)
    from neopat.model.electorate.kernels import to_levels
    return to_levels(np.ascontiguousarray(table, dtype=np.float64), electorate.region, level,
                     rng.random(electorate.size), float(LEVELS))


def _to_levels(value: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Stochastically round values on [0, 1] to the 0..LEVELS grid."""
    scaled = np.clip(value, 0.0, 1.0) * LEVELS
    floor = np.floor(scaled)
    return np.clip(floor + (rng.random(scaled.shape) < scaled - floor), 0, LEVELS).astype(np.uint8)


def _check_unit(name: str, value: float) -> None:
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{name} must lie in [0, 1], got {value}")
