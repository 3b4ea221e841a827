"""Apportionment of many elections at once: arrays of shape ``(n_elections, n_lists)``.

Same rules, tie-breaks and Imperiali handling as :func:`neopat.rules.methods.apportion`, without a
Python loop over elections:

- quotas: whole parts and remainders for every row at once; remainders ranked per row with one
  ``lexsort``. Integer votes use integer arithmetic (exact); float votes use float arithmetic.
- divisors: each row starts from a lower bound on every list's seats that is certain to lie
  strictly above the last winning quotient (from the bound ``lambda <= V / (S - p(1-delta))`` on
  the cutoff quotient of divisors ``k + delta``), then hands out the few remaining seats one per
  step to each row's highest next quotient. The steps are at most about ``2 * n_lists``, not ``S``.
  Divisors are scaled to integers (D'Hondt ``k+1``, Sainte-Laguë ``2k+1``, modified Sainte-Laguë
  ``7, 15, 25, ...``), so quotients are exact for vote counts below about 10**12.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np

from neopat.data.rule_sets import QUOTA_METHODS, Method
from neopat.rules.methods import default_priority

# per method: lower-bound parameter delta of divisors k + delta (in units of the step)
_DELTA = {Method.dhondt: 1.0, Method.sainte_lague: 0.5, Method.modified_sainte_lague: 0.5}


def _scaled_divisor(method: Method, k: np.ndarray) -> np.ndarray:
    if method is Method.dhondt:
        return k + 1
    if method is Method.sainte_lague:
        return 2 * k + 1
    return np.where(k == 0, 7, 10 * k + 5)


def apportion_batch(
    votes: np.ndarray,
    seats: int,
    method: Method | str,
    *,
    eligible: np.ndarray | None = None,
    priority: Sequence[float] | None = None,
    imperiali_overflow: Literal["trim", "allow"] = "trim",
) -> np.ndarray:
    """Seats, shape ``(n, p)``, for ``n`` elections of ``p`` lists; ``eligible`` masks lists out."""
    method = Method(method)
    v = np.asarray(votes)
    if v.ndim != 2:
        raise ValueError(f"votes must be 2-D (n_elections, n_lists), got shape {v.shape}")
    if (v < 0).any():
        raise ValueError("votes must be non-negative")
    if eligible is not None:
        v = np.where(eligible, v, 0)
    prio = default_priority(v.shape[1], priority)
    if seats <= 0:
        return np.zeros(v.shape, dtype=np.int64)
    if method in QUOTA_METHODS:
        return _largest_remainder(v, seats, method, prio, imperiali_overflow)
    return _highest_averages(v.astype(float), seats, method, prio)


def _whole_and_remainder(v: np.ndarray, seats: int, method: Method):
    total = v.sum(axis=1, keepdims=True)
    if np.issubdtype(v.dtype, np.integer):
        v = v.astype(np.int64)
        safe = np.maximum(total, 1)
        if method is Method.droop:
            q = total // (seats + 1) + 1
            return v // q, v % q
        num = v * (seats if method is Method.hare else seats + 2)
        return num // safe, num % safe
    v = v.astype(float)
    divisor = {Method.hare: seats, Method.imperiali: seats + 2}.get(method)
    q = np.floor(total / (seats + 1)) + 1 if divisor is None else total / divisor
    q = np.where(q > 0, q, 1.0)
    whole = np.floor(v / q)
    return whole.astype(np.int64), v - whole * q


def rank_within_rows(*keys: np.ndarray) -> np.ndarray:
    """Rank of each entry within its row, sorting by the keys (first key primary)."""
    order = np.lexsort(tuple(reversed(keys)), axis=-1)
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(order.shape[1])[None, :], axis=-1)
    return ranks


def _largest_remainder(v, seats, method, prio, overflow) -> np.ndarray:
    positive = v > 0
    whole, rem = _whole_and_remainder(v, seats, method)
    out = np.where(positive, whole, 0)
    npos = positive.sum(axis=1)
    left = np.where(npos > 0, seats - out.sum(axis=1), 0)
    prio_b = np.broadcast_to(prio, v.shape)
    short = left > 0
    if short.any():
        rank = rank_within_rows(~positive, -rem, prio_b)
        n = np.maximum(npos, 1)[:, None]
        extra = np.where(short[:, None], left[:, None] // n + (rank < left[:, None] % n), 0)
        out = out + np.where(positive, extra, 0)
    if overflow == "trim":
        while (surplus := out.sum(axis=1) - np.where(npos > 0, seats, 0)).max(initial=0) > 0:
            holders = out > 0
            rank = rank_within_rows(~holders, rem, -prio_b)
            out = out - ((rank < surplus[:, None]) & holders)
    return out.astype(np.int64)


def _highest_averages(v, seats, method, prio) -> np.ndarray:
    n, p = v.shape
    positive = v > 0
    total = v.sum(axis=1)
    delta = _DELTA[method]
    denom = seats - positive.sum(axis=1) * (1 - delta)
    with np.errstate(divide="ignore", invalid="ignore"):
        cutoff_max = np.where((denom > 0) & (total > 0), total / denom, np.inf)
        bound = np.floor(v / cutoff_max[:, None] - delta) - 1
    out = np.where(positive, np.maximum(bound, 0), 0).astype(np.int64)
    left = np.where(total > 0, seats - out.sum(axis=1), 0)
    prio_b = np.broadcast_to(prio, (n, p))
    rows = np.arange(n)
    while (active := left > 0).any():
        quotient = np.where(positive, v / _scaled_divisor(method, out), -np.inf)
        best = quotient.max(axis=1, keepdims=True)
        winner = np.where(quotient == best, prio_b, np.inf).argmin(axis=1)
        out[rows[active], winner[active]] += 1
        left = left - active
    return out
