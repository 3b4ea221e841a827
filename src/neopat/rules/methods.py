"""Apportionment of one election's seats among lists: quotas and divisors, exact arithmetic.

Quotas (largest remainder), with ``V`` the votes of the lists taking part and ``S`` the seats:
Hare ``V/S``; Droop ``floor(V/(S+1)) + 1``; Imperiali ``V/(S+2)``. Each list gets the whole part
of ``votes/quota``; the seats left go one each to the largest remainders (and round again if,
in degenerate Droop cases, seats remain after every list got one).

Divisors (highest averages): D'Hondt 1, 2, 3, ...; Sainte-Laguë 1, 3, 5, ...; modified
Sainte-Laguë 1.4, 3, 5, ... . The ``S`` largest quotients ``votes/divisor`` win (handed out
one by one to the largest next quotient).

Imperiali can hand out more whole quotas than seats (``V/Q = S+2``). ``imperiali_overflow="trim"``
(default) follows the practice of laws using it (e.g. Italian and Belgian usage): the surplus
seats are withdrawn one each from the lists whose last seat was least earned, i.e. the smallest
remainders. ``"allow"`` keeps them, so the total can exceed ``S`` by up to two.

Ties (equal remainders or quotients) go to the list with the lower ``priority`` (an explicit
order such as registration date; default: input position). Lists with no votes get no seats.
All comparisons are exact (:class:`fractions.Fraction`), so results match hand counts.

The thesis does not state the Kazakh list formula (ch. 4 names the thresholds, never the quota
or divisor): all six are offered, and the packaged rule sets use Hare as a documented, overridable default.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from fractions import Fraction
from typing import Literal

import numpy as np

from neopat.data.rule_sets import QUOTA_METHODS, Method

DIVISOR_STEPS: dict[Method, tuple[Fraction, Fraction]] = {
    # (first divisor, step) — divisors are first, then 1 + step, 1 + 2*step, ... (see _divisor)
    Method.dhondt: (Fraction(1), Fraction(1)),
    Method.sainte_lague: (Fraction(1), Fraction(2)),
    Method.modified_sainte_lague: (Fraction(7, 5), Fraction(2)),
}


def _divisor(method: Method, k: int) -> Fraction:
    """The divisor for a list's (k+1)-th seat."""
    first, step = DIVISOR_STEPS[method]
    return first if k == 0 else 1 + k * step


def default_priority(n: int, priority: Sequence[float] | None) -> np.ndarray:
    """Tie-break ranks (lower wins): the given ones, or input position."""
    if priority is None:
        return np.arange(n, dtype=float)
    out = np.asarray(priority, dtype=float)
    if out.shape != (n,):
        raise ValueError(f"priority has shape {out.shape}, expected ({n},)")
    return out


def exact_number(value) -> Fraction:
    """A vote count (int, float, NumPy scalar or Fraction) as an exact fraction."""
    return Fraction(value.item() if isinstance(value, np.generic) else value)


def quota(total: Fraction, seats: int, method: Method) -> Fraction:
    """The electoral quota of a largest-remainder method."""
    if method is Method.hare:
        return total / seats
    if method is Method.droop:
        return Fraction(int(total // (seats + 1)) + 1)
    if method is Method.imperiali:
        return total / (seats + 2)
    raise ValueError(f"{method.value} is not a quota method")


def apportion(
    votes: Sequence[float],
    seats: int,
    method: Method | str,
    *,
    priority: Sequence[float] | None = None,
    imperiali_overflow: Literal["trim", "allow"] = "trim",
) -> np.ndarray:
    """Seats per list (int array, same order as ``votes``) under ``method``."""
    method = Method(method)
    exact = [exact_number(v) for v in votes]
    if any(v < 0 for v in exact):
        raise ValueError("votes must be non-negative")
    if seats < 0:
        raise ValueError("seats must be non-negative")
    prio = default_priority(len(exact), priority)
    if seats == 0 or sum(exact) == 0:
        return np.zeros(len(exact), dtype=np.int64)
    if method in QUOTA_METHODS:
        return _largest_remainder(exact, seats, method, prio, imperiali_overflow)
    return _highest_averages(exact, seats, method, prio)


def _largest_remainder(votes, seats, method, prio, overflow) -> np.ndarray:
    q = quota(sum(votes), seats, method)
    whole = [int(v // q) for v in votes]
    rem = [v - w * q for v, w in zip(votes, whole, strict=True)]
    out = np.array(whole, dtype=np.int64)
    left = seats - int(out.sum())
    positive = [i for i, v in enumerate(votes) if v > 0]
    if left > 0:
        ranked = sorted(positive, key=lambda i: (-rem[i], prio[i]))
        out[ranked] += left // len(ranked)
        out[ranked[: left % len(ranked)]] += 1
    elif left < 0 and overflow == "trim":
        while left < 0:
            holders = sorted((i for i in positive if out[i] > 0), key=lambda i: (rem[i], -prio[i]))
            for i in holders[:-left]:
                out[i] -= 1
            left = seats - int(out.sum())
    return out


def _highest_averages(votes, seats, method, prio) -> np.ndarray:
    """Hand out seats one by one to the largest next quotient (a heap of one entry per list)."""
    out = np.zeros(len(votes), dtype=np.int64)
    first = _divisor(method, 0)
    heap = [(-(v / first), prio[i], i) for i, v in enumerate(votes) if v > 0]
    heapq.heapify(heap)
    for _ in range(seats):
        _, p, i = heapq.heappop(heap)
        out[i] += 1
        heapq.heappush(heap, (-(votes[i] / _divisor(method, int(out[i]))), p, i))
    return out
