"""Seat allocation: many list-PR elections (12 lists, 98 seats, 7% threshold, Hare) batched with
``allocate_list_batch`` against the same function called once per election."""

from __future__ import annotations

import numpy as np

from benchmarks.core import Row, seconds, timed
from neopat.data.rule_sets import ListTier
from neopat.rules.list_pr import allocate_list_batch

TIER = ListTier(name="party_list", seats=98, method="hare", threshold=0.07)
LISTS = 12


def ballots(n: int, seed: int = 7) -> np.ndarray:
    """``n`` elections of integer votes: Dirichlet shares of about 6 million ballots."""
    rng = np.random.default_rng(seed)
    shares = rng.dirichlet(np.linspace(3.0, 0.3, LISTS), size=n)
    return rng.multinomial(6_000_000, shares)


def run(quick: bool = False) -> list[Row]:
    n = 2_000 if quick else 100_000
    singles = 200 if quick else 5_000
    votes = ballots(n)
    batch, result = timed(lambda: allocate_list_batch(votes, TIER), repeat=3)

    def one_by_one():
        return np.vstack([allocate_list_batch(votes[i : i + 1], TIER).seats for i in range(singles)])

    loop, seats = timed(one_by_one)
    if not np.array_equal(seats, result.seats[:singles]):
        raise AssertionError("batched and one-by-one seat allocations differ")
    per_batch, per_loop = batch.cpu / n, loop.cpu / singles
    return [
        Row("seats", f"{n:,} list-PR elections one by one (same code)", "baseline",
            f"{seconds(per_loop * n)} ({seconds(per_loop)} each)",
            note=f"one by one timed on the first {singles:,} elections and scaled; "
                 "seats identical to the batch"),
        Row("seats", f"{n:,} list-PR elections batched", "≥50x faster", str(batch),
            per_loop / per_batch, 50.0),
    ]
