"""The society update's NumPy path (small electorates) and compiled path (large ones) give
bit-identical results; awareness bytes match 64-bit masks; integral SMD votes decide as Fractions."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from benchmarks.society import electorate, year_new, year_old
from neopat.data.rule_sets import SmdTier
from neopat.model.electorate import electorate as voters
from neopat.model.electorate import society
from neopat.rules.smd import Candidate, DistrictVotes, elect_district


def _state(e):
    return e.approval, e.awareness, e.tie, e.apathy


@pytest.mark.parametrize("threshold", [0, 10**9], ids=["compiled", "numpy"])
def test_both_paths_equal_the_old_formulation(monkeypatch, threshold):
    monkeypatch.setattr(voters, "COMPILED_FROM", threshold)
    new, old = electorate(20_000), electorate(20_000)
    for year in range(3):
        year_new(new, np.random.default_rng(year))
        year_old(old, np.random.default_rng(year))
    for a, b in zip(_state(new), _state(old), strict=True):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("cover_shape", [(5,), ("r", 5), ("r", 2, 5)])
def test_awareness_paths_agree_for_every_coverage_shape(monkeypatch, cover_shape):
    out = []
    for threshold in (0, 10**9):
        monkeypatch.setattr(voters, "COMPILED_FROM", threshold)
        e = electorate(5_000)
        shape = tuple(e.n_regions if d == "r" else d for d in cover_shape)
        cover = np.random.default_rng(2).random(shape)
        society.update_awareness(e, [1, 2, 3, 4, 5], cover, np.random.default_rng(4))
        society.drift_apathy(e, np.random.default_rng(6).random(e.n_regions),
                             np.random.default_rng(7))
        out.append((e.awareness.copy(), e.apathy.copy()))
    for a, b in zip(*out, strict=True):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("slots", [[0, 3, 5], [1, 8, 33, 63], [4]])
def test_known_counts_agree_and_count_each_voter_once(monkeypatch, slots):
    """The polls' counts (ODD §7.11): per slot, voters on a side who know it, by how many of
    the side's slots they know; compiled and NumPy give the same integers."""
    out = []
    for threshold in (0, 10**9):
        monkeypatch.setattr(voters, "COMPILED_FROM", threshold)
        e = electorate(4_000)
        rng = np.random.default_rng(9)
        e.awareness = rng.integers(0, 2**63, e.size, dtype=np.uint64) * np.uint64(2)
        side = rng.random(e.size) < 0.6
        out.append(e.known_counts(slots, side))
    for s in slots:
        np.testing.assert_array_equal(out[0][s], out[1][s])
        knows = [((e.awareness >> np.uint64(t)) & np.uint64(1)).astype(bool) for t in slots]
        k = np.sum(knows, axis=0)
        mine = knows[slots.index(s)] & side
        assert out[0][s].sum() == mine.sum()
        assert all(out[0][s][j] == (mine & (k == j)).sum() for j in range(len(slots) + 1))

@pytest.mark.parametrize("slots", [[0, 3, 5], [1, 8, 33, 63], [4]])
def test_recognition_counts_agree_with_the_masks(monkeypatch, slots):
    """Who knows each party (the recognition indicator): compiled and NumPy give the same
    integers, those of the bit masks."""
    out = []
    for threshold in (0, 10**9):
        monkeypatch.setattr(voters, "COMPILED_FROM", threshold)
        e = electorate(4_000)
        e.awareness = np.random.default_rng(3).integers(0, 2**63, e.size, dtype=np.uint64)
        out.append(e.known(slots))
    bits = [int(((e.awareness >> np.uint64(t)) & np.uint64(1)).sum()) for t in slots]
    assert out[0].tolist() == out[1].tolist() == bits


def test_level_statistics_from_the_histogram_equal_the_float_formulation():
    """Approval's and apathy's mean and spread are counted from their 11-level histogram: the
    same numbers as over a float copy of the electorate, to rounding."""
    levels = np.random.default_rng(4).integers(0, voters.LEVELS + 1, 200_001, dtype=np.uint8)
    mean, sd = society.level_stats(levels)
    value = levels / voters.LEVELS
    assert mean == pytest.approx(value.mean(), rel=1e-14)
    assert sd == pytest.approx(value.std(), rel=1e-14)


def _random_bits(monkeypatch, threshold, slot, mask):
    """An electorate whose ``mask`` (awareness or listed) holds random 64-bit words, on the
    compiled or the NumPy path; and a generator and the bit of ``slot``."""
    monkeypatch.setattr(voters, "COMPILED_FROM", threshold)
    e = electorate(3_000)
    rng = np.random.default_rng(slot)
    setattr(e, mask, rng.integers(0, 2**63, e.size, dtype=np.uint64) * np.uint64(2) + np.uint64(1))
    return e, rng, np.uint64(1) << np.uint64(slot)


@pytest.mark.parametrize("threshold", [0, 10**9], ids=["compiled", "numpy"])
@pytest.mark.parametrize("slot", [0, 7, 8, 33, 63])
def test_awareness_bits_match_64_bit_masks(monkeypatch, slot, threshold):
    e, rng, bit = _random_bits(monkeypatch, threshold, slot, "awareness")
    np.testing.assert_array_equal(e.aware(slot), (e.awareness & bit) != 0)
    mask = rng.random(e.size) < 0.5
    expected = (e.awareness & ~bit) | (mask.astype(np.uint64) << np.uint64(slot))
    e.set_aware(slot, mask)
    np.testing.assert_array_equal(e.awareness, expected)


@pytest.mark.parametrize("threshold", [0, 10**9], ids=["compiled", "numpy"])
@pytest.mark.parametrize("slot", [0, 7, 8, 33, 63])
def test_list_bits_match_64_bit_masks(monkeypatch, slot, threshold):
    """Who is on a party's official list: the compiled and NumPy reads of the listed mask agree
    with it, and enlisting sets the voter's real party and his bit for that list only."""
    e, rng, bit = _random_bits(monkeypatch, threshold, slot, "listed")
    np.testing.assert_array_equal(e.on_list(slot), (e.listed & bit) != 0)
    joining = np.flatnonzero(rng.random(e.size) < 0.3)
    expected = e.listed.copy()
    expected[joining] |= bit
    e.enlist(joining, slot)
    np.testing.assert_array_equal(e.listed, expected)
    assert (e.member[joining] == slot).all()


def test_integral_smd_votes_decide_as_fractions():
    tier = SmdTier(name="smd", districts=1, formula="two_round", majority_base="valid+against")
    rng = np.random.default_rng(1)
    for _ in range(300):
        votes = rng.integers(0, 50, 4)
        against = int(rng.integers(0, 20))
        runoff = rng.integers(0, 50, 4)
        outcomes = []
        for kind in (float, Fraction):
            ballot = DistrictVotes([Candidate(f"c{j}", f"p{j}", kind(int(v)), kind(int(r)))
                                    for j, (v, r) in enumerate(zip(votes, runoff, strict=True))],
                                   against_all=kind(against))
            outcomes.append(elect_district(ballot, tier, lot=np.random.default_rng(3)))
        assert outcomes[0] == outcomes[1]
