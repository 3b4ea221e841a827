"""Yearly society dynamics and the indicators."""

from __future__ import annotations

import numpy as np
import pytest

from neopat.data.assumptions import load_assumptions
from neopat.model.electorate import society
from neopat.model.electorate.choice import ElectionResult
from neopat.model.electorate.electorate import Electorate


@pytest.fixture(scope="module")
def assumptions():
    return load_assumptions()


def electorate(assumptions, seed=1, scale=0.005) -> Electorate:
    return Electorate.build(assumptions, scale, np.random.default_rng(seed))


def years(step, n=3):
    for _ in range(n):
        step()


def test_media_control_lowers_approval_dispersion(assumptions):
    free, controlled = electorate(assumptions), electorate(assumptions)
    rng = np.random.default_rng(2)
    years(lambda: society.homogenise_approval(free, 0.1, 0.66, rng))
    years(lambda: society.homogenise_approval(controlled, 0.9, 0.66, rng))
    assert society.approval_stats(controlled)[1] < society.approval_stats(free)[1] - 0.03


def test_approval_mean_follows_legitimacy(assumptions):
    e = electorate(assumptions)
    rng = np.random.default_rng(3)
    start = society.approval_stats(e)[0]
    years(lambda: society.homogenise_approval(e, 0.5, 0.3, rng), 4)
    assert society.approval_stats(e)[0] < start - 0.2
    assert e.approval.dtype == np.uint8 and e.approval.max() <= 10


def test_recognition_follows_coverage(assumptions):
    e = electorate(assumptions)
    rng = np.random.default_rng(4)
    # Slot 0 covered everywhere; slot 1 only in the cities (opposition press, Almaty/Astana).
    coverage = np.zeros((e.n_regions, 2, 2))
    coverage[:, :, 0] = 0.9
    coverage[:, 1, 1] = 0.6
    years(lambda: society.update_awareness(e, [0, 1], coverage, rng))
    national = society.recognition(e, [0, 1])
    assert national[0] > 0.7 and 0.05 < national[1] < national[0]
    assert not e.aware(1)[~e.urban].any()
    by_region = society.recognition(e, [0, 1], by_region=True)
    assert by_region[15, 1] > by_region[2, 1]  # Astana city above rural Almaty oblast
    # Coverage withdrawn: recognition decays.
    years(lambda: society.update_awareness(e, [0, 1], np.zeros(2), rng))
    assert society.recognition(e, [0])[0] < national[0] - 0.2


def test_ties_follow_akims_and_employers(assumptions):
    e = electorate(assumptions)
    loyalty = np.zeros(e.n_regions)
    loyalty[:8] = 1.0
    rng = np.random.default_rng(5)
    years(lambda: society.update_ties(e, loyalty, rng), 8)
    loyal = e.region < 8
    assert e.tie[loyal & e.state_employed].mean() > 2.5
    assert e.tie[~loyal].mean() < 0.2
    assert e.tie[loyal & ~e.state_employed].mean() < e.tie[loyal & e.state_employed].mean()


def test_apathy_drifts_with_disconnection(assumptions):
    e = electorate(assumptions)
    rng = np.random.default_rng(6)
    start = e.apathy.mean()
    years(lambda: society.drift_apathy(e, 0.95, rng), 5)
    assert e.apathy.mean() > start + 1.5
    per_region = np.where(np.arange(e.n_regions) < 8, 0.0, 1.0)
    years(lambda: society.drift_apathy(e, per_region, rng, rate=0.5), 6)
    assert e.apathy[e.region < 8].mean() < e.apathy[e.region >= 8].mean() - 5


def test_representation(assumptions):
    e = electorate(assumptions)
    centre = society.representation(e, [0.0, 0.9], [100, 0])
    edge = society.representation(e, [0.0, 0.9], [0, 100])
    mixed = society.representation(e, [0.0, 0.9], [50, 50])
    assert centre.seat_weighted < mixed.seat_weighted < edge.seat_weighted
    assert mixed.nearest < centre.nearest == pytest.approx(np.abs(e.ideal / 10).mean())
    nearest = np.minimum(np.abs(e.ideal / 10), np.abs(e.ideal / 10 - 0.9)).mean()
    assert mixed.nearest == pytest.approx(nearest)
    exact = np.abs(e.ideal / 10 - 0.9).mean()
    assert edge.seat_weighted == pytest.approx(exact)
    assert mixed.centre == pytest.approx(np.abs(e.ideal / 10 - 0.45).mean())
    assert mixed.centre < mixed.seat_weighted
    assert np.isnan(society.representation(e, [0.0], [0]).seat_weighted)


def test_turnout_by_region():
    counts = np.array([[50, 10, 40], [20, 5, 75]])
    r = ElectionResult(counts, np.arange(1), np.array([0, 1]), 0.5)
    assert society.turnout_by_region(r) == pytest.approx([0.5, 0.8])


def test_incongruence_is_zero_for_a_mirror_and_penalises_one_party_at_the_median(assumptions):
    e = Electorate.build(assumptions, 0.001, np.random.default_rng(3))
    ideals = e.ideal.astype(float) / 10
    values, counts = np.unique(ideals, return_counts=True)
    assert society.incongruence(e, values, counts) == pytest.approx(0.0, abs=1e-12)
    median = society.incongruence(e, [float(np.median(ideals))], [100])
    assert median == pytest.approx(np.mean(np.abs(ideals - np.median(ideals))), rel=1e-9)
    spread = society.incongruence(e, [-1.0, 1.0], [50, 50])
    assert spread > median > 0
    assert np.isnan(society.incongruence(e, [0.0], [0]))
