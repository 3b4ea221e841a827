"""Falsification at the count: only where commissions are loyal, bounded, never negative."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neopat.model.electorate.choice import ABSTAIN, AGAINST_ALL, FIRST_PARTY, ElectionResult
from neopat.model.electorate.falsification import FalsificationParams, falsify

TARGETS = np.array([False, False, True, True])  # parties 2 and 3 are the opposition


def result(counts, scale=0.01) -> ElectionResult:
    counts = np.asarray(counts, dtype=np.int64)
    return ElectionResult(counts, np.arange(counts.shape[1] - 2), np.arange(len(counts)), scale)


def genuine(n_units=4, seed=0) -> ElectionResult:
    rng = np.random.default_rng(seed)
    # abstain, against all, favoured, loyal, two opposition parties
    return result(rng.multinomial(20_000, [0.35, 0.08, 0.30, 0.07, 0.12, 0.08], size=n_units))


def test_only_loyal_units_change():
    r = genuine()
    loyalty = np.array([0.0, 1.0, 0.0, 0.5])
    f = falsify(r, loyalty, 0, TARGETS, np.random.default_rng(1))
    changed = (f.official.sample_counts != r.sample_counts).any(axis=1)
    assert changed.tolist() == [False, True, False, True]
    assert (f.shifted[[0, 2]] == 0).all() and (f.padded[[0, 2]] == 0).all()
    assert f.official.shares[0] > r.shares[0]
    assert f.official.turnout > r.turnout


def test_capacity_and_sensitivity_scale_the_shift():
    r = genuine()
    full = falsify(r, np.ones(4), 0, TARGETS, np.random.default_rng(2))
    half = falsify(r, np.full(4, 0.5), 0, TARGETS, np.random.default_rng(2))
    off = falsify(r, np.ones(4), 0, TARGETS, np.random.default_rng(2), FalsificationParams(0.0))
    assert full.shifted.sum() > half.shifted.sum() > 0
    assert np.array_equal(off.official.sample_counts, r.sample_counts)
    # At full loyalty a commission takes about max_shift of the targeted votes (Ak Zhol 21 -> 12).
    targeted = r.sample_counts[:, [AGAINST_ALL, FIRST_PARTY + 2, FIRST_PARTY + 3]].sum()
    assert full.shifted.sum() * r.scale == pytest.approx(0.43 * targeted, rel=0.05)


def test_no_falsification_once_the_target_is_met():
    r = result([[3000, 100, 8000, 500, 300, 100]])  # favoured already above 70% of ballots
    f = falsify(r, np.ones(1), 0, TARGETS, np.random.default_rng(3))
    assert np.array_equal(f.official.sample_counts, r.sample_counts)


def test_only_targeted_parties_lose_votes():
    r = genuine()
    f = falsify(r, np.ones(4), 0, TARGETS, np.random.default_rng(4))
    diff = f.official.sample_counts - r.sample_counts
    assert (diff[:, FIRST_PARTY + 1] == 0).all()  # the loyal party keeps its votes
    assert (diff[:, FIRST_PARTY + 2 :] <= 0).all() and (diff[:, ABSTAIN] <= 0).all()


def test_region_loyalty_maps_to_districts():
    counts = genuine(6).sample_counts
    r = ElectionResult(counts, np.arange(4), np.array([0, 0, 1, 1, 2, 2]), 0.01)
    f = falsify(r, np.array([0.0, 1.0, 0.0]), 0, TARGETS, np.random.default_rng(5))
    changed = (f.official.sample_counts != counts).any(axis=1)
    assert changed.tolist() == [False, False, True, True, False, False]


def test_bad_arguments():
    r = genuine()
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="targeted"):
        falsify(r, np.ones(4), 2, TARGETS, rng)
    with pytest.raises(ValueError, match="one value per region"):
        falsify(r, np.ones(2), 0, TARGETS, rng)
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        falsify(r, np.full(4, 1.5), 0, TARGETS, rng)
    with pytest.raises(ValueError):
        FalsificationParams(max_shift=2.0)


@settings(max_examples=60, deadline=None)
@given(
    counts=st.lists(st.lists(st.integers(0, 5000), min_size=6, max_size=6), min_size=1, max_size=5),
    loyalty=st.lists(st.floats(0, 1), min_size=5, max_size=5),
    sensitivity=st.floats(0, 1),
    target=st.floats(0, 1),
    seed=st.integers(0, 2**32 - 1),
)
def test_never_negative_and_registered_conserved(counts, loyalty, sensitivity, target, seed):
    r = result(counts)
    params = FalsificationParams(sensitivity=sensitivity, target_share=target)
    f = falsify(r, np.array(loyalty), 0, TARGETS, np.random.default_rng(seed), params)
    official = f.official.sample_counts
    assert (official >= 0).all()
    assert np.array_equal(official.sum(axis=1), r.sample_counts.sum(axis=1))
    unchanged = np.array(loyalty)[: len(counts)] * sensitivity == 0
    assert np.array_equal(official[unchanged], r.sample_counts[unchanged])
    assert (official[:, FIRST_PARTY] >= r.sample_counts[:, FIRST_PARTY]).all()
