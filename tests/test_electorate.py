"""The vectorised electorate: memory, sampling, re-weighting, determinism, districts."""

from __future__ import annotations

import numpy as np
import pytest

from neopat.data.assumptions import load_assumptions
from neopat.model.electorate.electorate import Electorate


@pytest.fixture(scope="module")
def assumptions():
    return load_assumptions()


def build(assumptions, scale=0.002, seed=1):
    return Electorate.build(assumptions, scale, np.random.default_rng(seed))


def test_at_most_40_bytes_per_voter(assumptions):
    e = build(assumptions)
    assert e.bytes_per_voter <= 40
    # Compact dtypes, not Python objects.
    assert all(getattr(e, name).dtype != object for name in Electorate.PER_VOTER)
    assert e.nbytes == pytest.approx(e.size * e.bytes_per_voter)


def test_sample_size_and_reweighting(assumptions):
    for scale in (0.001, 0.004):
        e = build(assumptions, scale)
        assert e.size == round(9_300_000 * scale)
        assert e.registered_by_region().sum() == pytest.approx(9_300_000, rel=1e-3)
        assert e.national(e.size) == pytest.approx(e.size / scale)
    e2007 = Electorate.build(
        assumptions, 0.001, np.random.default_rng(1), registered_voters=9_065_000
    )
    assert e2007.size == 9065


def test_composition_follows_the_assumptions(assumptions):
    e = build(assumptions, 0.01)
    regions = np.bincount(e.region, minlength=16) / e.size
    assert np.abs(regions - assumptions.electorate_shares).max() < 0.01
    assert e.urban.mean() == pytest.approx(assumptions.urban.national_share, abs=0.03)
    assert e.state_employed.mean() == pytest.approx(0.25, abs=0.01)
    assert e.state_employed[e.urban].mean() > e.state_employed[~e.urban].mean()
    assert (e.approval > 5).mean() == pytest.approx(0.68, abs=0.08)  # KISEP 68% support
    pensioner = e.age_group == e.age_names.index("60+")
    assert e.ideal[pensioner].mean() < e.ideal[~pensioner].mean()
    assert e.tie[e.state_employed].mean() > e.tie[~e.state_employed].mean()
    assert e.ideal.min() >= -10 and e.ideal.max() <= 10 and e.approval.max() <= 10


def test_same_seed_same_electorate(assumptions):
    a, b, c = build(assumptions, seed=7), build(assumptions, seed=7), build(assumptions, seed=8)
    for name in Electorate.PER_VOTER:
        assert np.array_equal(getattr(a, name), getattr(b, name))
    assert not np.array_equal(a.approval, c.approval)


def test_awareness_bits(assumptions):
    e = build(assumptions)
    mask = np.random.default_rng(0).random(e.size) < 0.3
    e.set_aware(63, mask)
    e.set_aware(0, ~mask)
    assert np.array_equal(e.aware(63), mask) and np.array_equal(e.aware(0), ~mask)
    e.forget_slot(63)
    assert not e.aware(63).any() and np.array_equal(e.aware(0), ~mask)
    with pytest.raises(ValueError):
        e.aware(64)


def test_districts_split_regions(assumptions):
    e = build(assumptions, 0.01)
    per_region = np.arange(1, 17)
    e.assign_districts(per_region, np.random.default_rng(3))
    assert e.n_districts == per_region.sum()
    assert np.array_equal(e.district_region[e.district], e.region)
    sizes = np.bincount(e.district, minlength=e.n_districts)
    assert (sizes > 0).all()
    with pytest.raises(ValueError):
        e.assign_districts([1, 2], np.random.default_rng(3))


def test_full_scale_fits_in_memory(assumptions):
    # Not a timing test: the full 9.3 million voters at 18 bytes each (~170 MB).
    e = Electorate.build(assumptions, 1.0, np.random.default_rng(0))
    assert e.size == 9_300_000
    assert e.nbytes <= 40 * 9_300_000
