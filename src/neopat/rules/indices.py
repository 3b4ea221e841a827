"""Party-system indices. Inputs are vote or seat counts (any non-negative scale) along the last
axis, so a ``(n_elections, n_parties)`` array gives one value per election.

- effective number of parties (Laakso & Taagepera 1979): ``1 / sum(p_i^2)``;
- Golosov (2010): ``sum_i p_i / (p_i + p_1^2 - p_i^2)``, ``p_1`` the largest share;
- Gallagher least squares: ``sqrt(sum((v_i - s_i)^2) / 2)``, in percentage points;
- Loosemore-Hanby: ``sum|v_i - s_i| / 2``, in percentage points;
- Pedersen volatility between two elections: ``sum|p_i(t) - p_i(t-1)| / 2``, in percentage points,
  over the union of parties (a party absent from one election has share 0 there);
- the largest share and its margin over the second.
Shares are of the total given; an all-zero row gives NaN.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np


def shares(counts) -> np.ndarray:
    """Counts as shares of their total along the last axis (NaN for an all-zero total)."""
    c = np.asarray(counts, dtype=float)
    total = c.sum(axis=-1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, c / np.where(total > 0, total, 1), np.nan)


def effective_number(counts) -> np.ndarray | float:
    """Laakso-Taagepera effective number of parties."""
    p = shares(counts)
    return 1.0 / (p**2).sum(axis=-1)


def golosov(counts) -> np.ndarray | float:
    """Golosov's effective number of parties."""
    p = shares(counts)
    top = p.max(axis=-1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        terms = np.where(p > 0, p / (p + top**2 - p**2), 0.0)
    return terms.sum(axis=-1)


def gallagher(votes, seats) -> np.ndarray | float:
    """Gallagher's least-squares disproportionality, percentage points."""
    d = 100 * (shares(votes) - shares(seats))
    return np.sqrt((d**2).sum(axis=-1) / 2)


def loosemore_hanby(votes, seats) -> np.ndarray | float:
    """Loosemore-Hanby disproportionality, percentage points."""
    return 100 * np.abs(shares(votes) - shares(seats)).sum(axis=-1) / 2


def pedersen(before: Mapping[str, float], after: Mapping[str, float]) -> float:
    """Pedersen volatility between two elections' vote (or seat) counts, percentage points."""
    parties = list(dict.fromkeys([*before, *after]))
    a = shares([before.get(p, 0.0) for p in parties])
    b = shares([after.get(p, 0.0) for p in parties])
    return float(100 * np.abs(b - a).sum() / 2)


def largest_share(counts) -> np.ndarray | float:
    """Share of the largest party."""
    return shares(counts).max(axis=-1)


def margin(counts) -> np.ndarray | float:
    """Largest share minus the second largest (the largest share when only one party)."""
    p = np.sort(shares(counts), axis=-1)
    second = p[..., -2] if p.shape[-1] > 1 else 0.0
    return p[..., -1] - second


def summary(votes: Mapping[str, float], seats: Mapping[str, int]) -> dict[str, float | None]:
    """The indices of one election as a flat dict (keyed by party; None: undefined)."""
    parties = list(dict.fromkeys([*votes, *seats]))
    if not parties:  # nobody stood or was seated: every index is undefined
        parties = [""]
    v = np.array([votes.get(p, 0.0) for p in parties], dtype=float)
    s = np.array([seats.get(p, 0) for p in parties], dtype=float)
    values = {
        "enp_votes": effective_number(v),
        "enp_seats": effective_number(s),
        "golosov_votes": golosov(v),
        "golosov_seats": golosov(s),
        "gallagher": gallagher(v, s),
        "loosemore_hanby": loosemore_hanby(v, s),
        "largest_vote_share": largest_share(v),
        "largest_seat_share": largest_share(s),
        "vote_margin": margin(v),
        "seat_margin": margin(s),
    }
    return {k: None if np.isnan(x) else round(float(x), 6) for k, x in values.items()}
