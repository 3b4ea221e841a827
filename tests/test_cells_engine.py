"""Vote choice: re-weighting, scale independence, determinism, exact cell draws, statics."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from scipy import stats

from neopat.data.assumptions import load_assumptions
from neopat.model.electorate import society
from neopat.model.electorate.cells_engine import (
    build_cells,
    choice_probabilities,
    draw_tally,
    presidential_election,
    vote,
)
from neopat.model.electorate.choice import ABSTAIN, AGAINST_ALL, FIRST_PARTY, PartyOffer, VoteParams
from neopat.model.electorate.electorate import Electorate

RECOGNITION = np.array([0.9, 0.6, 0.3, 0.2, 0.1])


@pytest.fixture(scope="module")
def assumptions():
    return load_assumptions()


def offer(**changes) -> PartyOffer:
    base = dict(
        ids=np.arange(5),
        position=[0.1, 0.3, -0.6, -0.2, 0.5],
        coherence=[0.3, 0.5, 0.8, 0.6, 0.4],
        leader_appeal=[0.8, 0.5, 0.6, 0.4, 0.3],
        stance=[1.0, 0.5, -1.0, -0.7, 0.2],
        admin_access=[1.0, 0.3, 0.0, 0.0, 0.1],
    )
    base.update(changes)
    return PartyOffer(**base)


def electorate(assumptions, scale=0.005, seed=1) -> Electorate:
    rng = np.random.default_rng(seed)
    e = Electorate.build(assumptions, scale, rng)
    for slot, share in enumerate(RECOGNITION):
        society.introduce_party(e, slot, share, rng)
    return e


def test_counts_are_national_and_consistent(assumptions):
    e = electorate(assumptions)
    r = vote(e, offer(), np.random.default_rng(2))
    assert r.sample_counts.sum() == e.size
    assert r.registered.sum() == pytest.approx(9_300_000, rel=1e-3)
    assert r.counts.sum() == pytest.approx(r.sample_counts.sum() / e.scale)
    assert r.valid_votes == pytest.approx(r.party_totals.sum() + r.against_all.sum())
    assert r.shares.sum() + r.against_all_share == pytest.approx(1.0)
    assert 0.3 < r.turnout < 0.95
    assert (r.sample_counts >= 0).all()


def test_counts_scale_with_one_over_scale(assumptions):
    small = vote(electorate(assumptions, 0.002), offer(), np.random.default_rng(3))
    large = vote(electorate(assumptions, 0.02), offer(), np.random.default_rng(3))
    assert large.sample_counts.sum() == pytest.approx(10 * small.sample_counts.sum(), rel=1e-3)
    assert large.registered.sum() == pytest.approx(small.registered.sum(), rel=1e-3)
    assert large.ballots.sum() == pytest.approx(small.ballots.sum(), rel=0.05)


def test_outcome_shares_do_not_depend_on_scale(assumptions):
    """Two-sample chi-square: option counts at scale 0.01 and 0.1 come from one distribution."""
    small = vote(electorate(assumptions, 0.01, seed=11), offer(), np.random.default_rng(12))
    large = vote(electorate(assumptions, 0.1, seed=13), offer(), np.random.default_rng(14))
    table = np.vstack([small.sample_counts.sum(axis=0), large.sample_counts.sum(axis=0)])
    assert stats.chi2_contingency(table).pvalue > 1e-3
    # The test has power: a different electorate (lower approval) is told apart.
    shifted = electorate(assumptions, 0.01, seed=11)
    shifted.approval = (shifted.approval * 0.8).astype(np.uint8)
    other = vote(shifted, offer(), np.random.default_rng(12))
    table = np.vstack([other.sample_counts.sum(axis=0), large.sample_counts.sum(axis=0)])
    assert stats.chi2_contingency(table).pvalue < 1e-6


def test_same_seed_same_result(assumptions):
    e = electorate(assumptions)
    a = vote(e, offer(), np.random.default_rng(5))
    b = vote(e, offer(), np.random.default_rng(5))
    c = vote(e, offer(), np.random.default_rng(6))
    assert np.array_equal(a.sample_counts, b.sample_counts)
    assert not np.array_equal(a.sample_counts, c.sample_counts)


def test_result_does_not_depend_on_threads(assumptions, monkeypatch):
    from neopat.model.electorate import cells_engine

    e = electorate(assumptions, 0.002)
    monkeypatch.setattr(cells_engine, "CHUNK_CELLS", 500)  # many chunks
    results = []
    for threads in (1, 4):
        monkeypatch.setattr(cells_engine, "THREADS", threads)
        results.append(vote(e, offer(), np.random.default_rng(8)).sample_counts)
    assert np.array_equal(results[0], results[1])


def per_voter_draw(probs: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Reference: one categorical draw per voter, summed."""
    cum = np.cumsum(probs, axis=1)
    picked = (cum < rng.random(len(probs))[:, None] * cum[:, -1:]).sum(axis=1)
    return np.bincount(picked, minlength=probs.shape[1])


def replicate(draw, reps: int) -> np.ndarray:
    return np.array([draw() for _ in range(reps)])


def same_distribution(a: np.ndarray, b: np.ndarray) -> float:
    """Chi-square homogeneity of two samples of a count, binned at the pooled quantiles."""
    edges = np.unique(np.quantile(np.concatenate([a, b]), np.linspace(0, 1, 9)))
    bins = np.clip(np.searchsorted(edges, np.concatenate([a, b]), side="right") - 1, 0, None)
    table = np.vstack(
        [
            np.bincount(bins[: len(a)], minlength=len(edges)),
            np.bincount(bins[len(a) :], minlength=len(edges)),
        ]
    )
    table = table[:, table.sum(axis=0) > 0]
    return stats.chi2_contingency(table).pvalue


@pytest.mark.parametrize("coarse", [False, True])
def test_cell_draw_matches_per_voter_draw(assumptions, coarse):
    e = electorate(assumptions, 0.0005, seed=21)
    if coarse:  # few distinct voters: the multinomial path, not the single-voter one
        e.region = (e.region % 2).astype(np.uint8)
        e.ideal = (e.ideal // 5 * 5).astype(np.int8)
        e.approval = (e.approval // 4 * 4).astype(np.uint8)
        e.apathy = (e.apathy // 4 * 4).astype(np.uint8)
    o = offer()
    cells = build_cells(e, o.ids, with_voters=True)
    assert cells.count.sum() == e.size and len(cells.count) < e.size
    assert (cells.count[cells.count > 1].sum() > 0.8 * e.size) == coarse
    params, rng = VoteParams(), np.random.default_rng(22)
    voter_probs = choice_probabilities(cells, o, params, e.n_regions)[cells.voter_cell]
    cell_runs = replicate(lambda: draw_tally(cells, o, params, e.n_regions, rng).sum(0), 400)
    voter_runs = replicate(lambda: per_voter_draw(voter_probs, rng), 400)
    # Means: pooled option counts over all replicates.
    assert stats.chi2_contingency(np.vstack([cell_runs.sum(0), voter_runs.sum(0)])).pvalue > 1e-3
    # Whole distribution (variance included) of each main option's count across replicates.
    for k in (ABSTAIN, AGAINST_ALL, FIRST_PARTY, FIRST_PARTY + 1):
        assert same_distribution(cell_runs[:, k], voter_runs[:, k]) > 1e-3


def test_the_exactness_check_detects_erased_heterogeneity():
    """One multinomial at the mean probability (wrong) has a larger variance than the voters."""
    n, rng = 1000, np.random.default_rng(1)
    voter_probs = np.zeros((n, 2))
    voter_probs[: n // 2, 0] = 1.0
    voter_probs[n // 2 :, 1] = 1.0
    wrong = replicate(lambda: rng.multinomial(n, voter_probs.mean(axis=0)), 200)
    right = replicate(lambda: per_voter_draw(voter_probs, rng), 200)
    assert same_distribution(wrong[:, 0], right[:, 0]) < 1e-6


def shares(e, o, params=None, seed=9, **kw):
    return vote(e, o, np.random.default_rng(seed), params, **kw)


def test_more_admin_pressure_more_votes_for_high_access_party(assumptions):
    e = electorate(assumptions, 0.01)
    low = shares(e, offer(), VoteParams(b_admin=0.5))
    high = shares(e, offer(), VoteParams(b_admin=4.0))
    assert high.shares[0] > low.shares[0] + 0.05
    # Stronger ties toward akims raise it too.
    tied = electorate(assumptions, 0.01)
    tied.tie[:] = 3
    assert shares(tied, offer()).shares[0] > shares(e, offer()).shares[0] + 0.05


def test_against_all_responds_to_approval(assumptions):
    e = electorate(assumptions, 0.01)
    base = shares(e, offer()).against_all_share
    e.approval = (e.approval // 2).astype(np.uint8)
    assert shares(e, offer()).against_all_share > base + 0.03
    assert shares(e, offer(), VoteParams(against_all=False)).against_all_share == 0.0


def test_turnout_falls_with_apathy_and_rises_with_ties(assumptions):
    e = electorate(assumptions, 0.01)
    base = shares(e, offer()).turnout
    apathetic = electorate(assumptions, 0.01)
    apathetic.apathy[:] = 10
    assert shares(apathetic, offer()).turnout < base - 0.1
    tied = electorate(assumptions, 0.01)
    tied.tie[:] = 3
    assert shares(tied, offer()).turnout > base + 0.03


def test_unknown_parties_lose_votes(assumptions):
    e = electorate(assumptions, 0.01)
    before = shares(e, offer()).shares[2]
    society.introduce_party(e, 2, 0.95, np.random.default_rng(1))
    assert shares(e, offer()).shares[2] > before + 0.02


def test_ballot_mask_and_districts(assumptions):
    e = electorate(assumptions, 0.01)
    mask = np.ones((16, 5), dtype=bool)
    mask[3, 2] = False  # party 2 not registered in region 3
    r = shares(e, offer(on_ballot=mask))
    assert r.votes[3, 2] == 0 and (np.delete(r.votes[:, 2], 3) > 0).all()
    e.assign_districts(np.full(16, 4), np.random.default_rng(2))
    smd_mask = np.ones((64, 5), dtype=bool)
    smd_mask[::2, 3] = False
    d = shares(e, offer(on_ballot=smd_mask), by="district")
    assert d.sample_counts.shape == (64, 7)
    assert (d.votes[::2, 3] == 0).all() and (d.votes[1::2, 3] > 0).all()
    assert np.array_equal(
        d.by_region().sample_counts.sum(axis=1), np.bincount(e.region, minlength=16)
    )
    with pytest.raises(ValueError, match="rows"):
        shares(e, offer(on_ballot=mask), by="district")


def test_no_option_on_a_ballot_is_an_error(assumptions):
    e = electorate(assumptions, 0.001)
    with pytest.raises(ValueError, match="no party"):
        shares(e, offer(on_ballot=np.zeros((16, 5), dtype=bool)), VoteParams(against_all=False))


def test_presidential_election(assumptions):
    e = electorate(assumptions, 0.005)
    candidates = offer(stance=[1.0, -0.5, -1.0, -0.8, -0.2], admin_access=[1.0, 0, 0, 0, 0])
    won = presidential_election(e, candidates, np.random.default_rng(4))
    assert won.winner == 0 and won.winner_share > 0.5 and not won.runoff
    e.approval[:] = 1
    weak = presidential_election(
        e, candidates, np.random.default_rng(4), replace(VoteParams(), b_admin=0.0)
    )
    assert weak.winner_share < won.winner_share
    assert weak.runoff == (weak.winner_share <= 0.5)


def test_turnout_calibrated_from_the_assumptions(assumptions):
    e = electorate(assumptions, 0.01)
    e.tie[:] = 0
    e.apathy[:] = 5  # about the reference apathy 0.55: turnout near the official figure
    params_2004 = VoteParams.from_assumptions(assumptions, 2004)
    params_1999p = VoteParams.from_assumptions(assumptions, 1999, "president")
    assert params_2004.turnout_baseline == 0.567
    assert VoteParams.from_assumptions(assumptions).turnout_baseline == 0.61
    low, high = shares(e, offer(), params_2004), shares(e, offer(), params_1999p)
    assert low.turnout == pytest.approx(0.567, abs=0.05)
    assert high.turnout > low.turnout + 0.2


def test_party_offer_validation():
    with pytest.raises(ValueError, match="one entry per party"):
        offer(position=[0.0, 0.1])
    with pytest.raises(ValueError, match="stance"):
        offer(stance=[2.0, 0, 0, 0, 0])
    with pytest.raises(ValueError, match="distinct"):
        offer(ids=[0, 0, 1, 2, 3])
