"""Properties of the allocation rules (hypothesis)."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from neopat.data.rule_sets import ListTier, Method, SmdTier
from neopat.rules import (
    Candidate,
    DistrictVotes,
    allocate_list,
    allocate_list_batch,
    apportion,
    apportion_batch,
    elect_district,
)
from neopat.rules.smd import STATUSES, elect_batch

DIVISORS = [Method.dhondt, Method.sainte_lague, Method.modified_sainte_lague]
votes_st = st.lists(st.integers(0, 10**6), min_size=1, max_size=12).filter(lambda v: sum(v) > 0)
seats_st = st.integers(1, 120)
# Derandomized: the same examples on every run, so CI results are reproducible.
RULES = settings(max_examples=150, deadline=None, derandomize=True)


@RULES
@given(votes_st, seats_st, st.sampled_from(list(Method)))
def test_seats_sum_to_magnitude(votes, seats, method):
    out = apportion(votes, seats, method)
    assert out.sum() == seats
    assert (out >= 0).all() and all(s == 0 for s, v in zip(out, votes, strict=True) if v == 0)


@RULES
@given(votes_st, seats_st)
def test_imperiali_allow_exceeds_by_at_most_two(votes, seats):
    out = apportion(votes, seats, Method.imperiali, imperiali_overflow="allow")
    assert seats <= out.sum() <= seats + 2


@RULES
@given(votes_st, seats_st)
def test_hare_satisfies_quota(votes, seats):
    out = apportion(votes, seats, Method.hare)
    total = sum(votes)
    for s, v in zip(out, votes, strict=True):
        assert (v * seats) // total <= s <= -(-(v * seats) // total)


@RULES
@given(votes_st, seats_st, st.sampled_from(DIVISORS))
def test_divisor_methods_are_house_monotone(votes, seats, method):
    small = apportion(votes, seats, method)
    big = apportion(votes, seats + 1, method)
    assert (big >= small).all()


@st.composite
def list_elections(draw):
    n = draw(st.integers(1, 10))
    votes = draw(st.lists(st.integers(0, 10**5), min_size=n, max_size=n))
    against = draw(st.integers(0, 10**4))
    min_parties, min_seats = draw(st.integers(0, 3)), draw(st.integers(0, 1))
    tier = ListTier(
        name="list",
        seats=draw(st.integers(max(1, min_parties * min_seats), 60)),
        method=draw(st.sampled_from(list(Method))),
        threshold=draw(st.sampled_from([0.0, 0.05, 0.07, 0.1, 0.25])),
        threshold_base=draw(st.sampled_from(["valid", "valid+against"])),
        min_parties=min_parties,
        min_seats_admitted=min_seats,
    )
    return votes, against, tier


@RULES
@given(list_elections())
def test_only_passing_or_admitted_lists_win_seats(case):
    votes, against, tier = case
    names = [f"P{i}" for i in range(len(votes))]
    r = allocate_list(dict(zip(names, votes, strict=True)), tier, against_all=against)
    base = sum(votes) + (against if tier.threshold_base == "valid+against" else 0)
    for name, v in zip(names, votes, strict=True):
        below = v == 0 or v * 100 < round(tier.threshold * 100) * base
        if below and r.seats[name] > 0:
            assert name in r.admitted
        assert (name in r.passed) == (not below)
    assert len(r.admitted) <= max(tier.min_parties - len(r.passed), 0)
    taking_part = len(r.passed) + len(r.admitted)
    assert sum(r.seats.values()) == (tier.seats if taking_part else 0)


@RULES
@given(list_elections(), st.randoms(use_true_random=False))
def test_invariant_to_row_order_given_an_order(case, random):
    votes, against, tier = case
    names = [f"P{i}" for i in range(len(votes))]
    order = {n: i for i, n in enumerate(names)}
    base = allocate_list(dict(zip(names, votes, strict=True)), tier, against_all=against,
                         order=order)
    shuffled = list(zip(names, votes, strict=True))
    random.shuffle(shuffled)
    again = allocate_list(dict(shuffled), tier, against_all=against, order=order)
    assert again.seats == base.seats
    assert set(again.passed) == set(base.passed) and set(again.admitted) == set(base.admitted)


@RULES
@given(st.data())
def test_batched_equals_one_by_one(data):
    n_lists = data.draw(st.integers(1, 8))
    _, _, tier = data.draw(list_elections())
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1)))
    scale = data.draw(st.sampled_from([10, 1000, 10**6]))
    votes = rng.integers(0, scale, size=(40, n_lists))
    votes[rng.random(votes.shape) < 0.2] = 0
    votes[:5, -1] = votes[:5, 0]  # exact ties
    against = rng.integers(0, scale // 5 + 1, size=40)
    batch = allocate_list_batch(votes, tier, against_all=against)
    names = [f"P{i}" for i in range(n_lists)]
    for row in range(len(votes)):
        one = allocate_list(dict(zip(names, votes[row].tolist(), strict=True)), tier,
                            against_all=int(against[row]))
        assert [one.seats[n] for n in names] == batch.seats[row].tolist()
        assert [n in one.passed for n in names] == batch.passed[row].tolist()
        assert [n in one.admitted for n in names] == batch.admitted[row].tolist()


@settings(RULES, max_examples=40)
@given(st.sampled_from(list(Method)), st.integers(1, 100), st.integers(0, 2**32 - 1))
def test_batched_float_votes_match_single(method, seats, seed):
    rng = np.random.default_rng(seed)
    votes = rng.dirichlet(np.ones(6), size=30)
    batch = apportion_batch(votes, seats, method)
    for row in range(len(votes)):
        assert apportion(votes[row], seats, method).tolist() == batch[row].tolist()
        assert math.isclose(batch[row].sum(), seats)


@RULES
@given(st.data())
def test_batched_districts_equal_one_by_one(data):
    n_cands = data.draw(st.integers(1, 5))
    tier = SmdTier(name="d", districts=1,
                   formula=data.draw(st.sampled_from(["plurality", "two_round"])),
                   majority=data.draw(st.sampled_from([0.5, 0.6])),
                   majority_base=data.draw(st.sampled_from(["valid", "valid+against"])))
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1)))
    votes = rng.integers(0, 8, size=(60, n_cands))
    against = rng.integers(0, 4, size=60)
    runoff = rng.integers(0, 8, size=(60, n_cands)) if tier.formula == "two_round" else None
    batch = elect_batch(votes, tier, against_all=against, runoff_votes=runoff)
    for row in range(len(votes)):
        cands = [Candidate(f"c{i}", f"P{i}", int(votes[row, i]),
                           None if runoff is None else int(runoff[row, i]))
                 for i in range(n_cands)]
        one = elect_district(DistrictVotes(cands, int(against[row])), tier)
        expected = -1 if one.winner is None else int(one.winner.name[1:])
        assert batch.winner[row] == expected
        assert STATUSES[batch.status[row]] == one.status
        assert batch.round[row] == one.round
