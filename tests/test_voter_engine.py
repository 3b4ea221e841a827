"""The numba voter engine: same choice probabilities as the cells engine, seed-only
reproducibility (independent of threads), ballots by unit, and the compiled awareness update
equal to its NumPy formulation."""

from __future__ import annotations

import numpy as np
import pytest

from benchmarks.vote_vs_mesa import electorate, parties
from neopat.model.electorate import society, voter_engine
from neopat.model.electorate.cells_engine import ballot_probabilities, build_cells, vote
from neopat.model.electorate.choice import AGAINST_ALL, FIRST_PARTY, PartyOffer, VoteParams
from neopat.model.electorate.electorate import IDEAL_STEPS, LEVELS, stochastic_round


@pytest.fixture(scope="module")
def small():
    return electorate(20_000 / 9_300_000, seed=3, n_parties=8), parties(8)


def per_voter_probabilities(e, offer, params, n_units, unit):
    """Ballot probabilities of each voter from the engine's weight tables."""
    weight, known, unknown, against = voter_engine.weight_tables(offer, params)
    rows = weight[e.ideal + IDEAL_STEPS, e.approval, e.tie]
    if offer.units is not None:
        rows = rows * offer.unit_weights()[unit]
    aware = np.column_stack([e.aware(s) for s in offer.ids])
    w = np.column_stack([against[e.approval], rows * np.where(aware, known, unknown)])
    return w / w.sum(axis=1, keepdims=True)


@pytest.mark.parametrize("by_district", [False, True])
def test_weight_tables_give_the_cells_engine_probabilities(small, by_district):
    e, offer = small
    params = VoteParams(b_admin=1.3, aa_intercept=-0.7)
    if by_district:
        e.assign_districts([3] * e.n_regions, np.random.default_rng(1))
        mask = np.random.default_rng(2).random((e.n_districts, offer.size)) < 0.7
        mask[:, 0] = True
        local = np.random.default_rng(3).normal(0.0, 1.0, mask.shape)
        offer = PartyOffer(**{**vars(offer), "on_ballot": mask, "local": local})
    by = "district" if by_district else "region"
    n_units = e.n_districts if by_district else e.n_regions
    unit = e.district if by_district else e.region
    cells = build_cells(e, offer.ids, by=by, with_voters=True)
    expected = ballot_probabilities(cells.ballot, offer, params, n_units)[
        cells.ballot_of[cells.voter_cell]]
    np.testing.assert_allclose(per_voter_probabilities(e, offer, params, n_units, unit), expected,
                               rtol=1e-12, atol=1e-15)


def test_same_seed_same_result_whatever_the_threads(small, monkeypatch):
    e, offer = small
    monkeypatch.setattr(voter_engine, "CHUNK_VOTERS", 3_000)
    results = []
    for threads in (1, 4):
        monkeypatch.setattr(voter_engine, "THREADS", threads)
        results.append(voter_engine.vote(e, offer, np.random.default_rng(9)).sample_counts)
    np.testing.assert_array_equal(*results)
    other = voter_engine.vote(e, offer, np.random.default_rng(10)).sample_counts
    assert not np.array_equal(results[0], other)


def test_counts_by_unit_and_ballot(small):
    e, offer = small
    e.assign_districts([2] * e.n_regions, np.random.default_rng(4))
    mask = np.ones((e.n_districts, offer.size), dtype=bool)
    mask[0, 1:] = False  # district 0: only the first party
    result = voter_engine.vote(e, PartyOffer(**{**vars(offer), "on_ballot": mask}),
                             np.random.default_rng(5), by="district")
    counts = result.sample_counts
    np.testing.assert_array_equal(counts.sum(axis=1), np.bincount(e.district, minlength=e.n_districts))
    assert counts[0, FIRST_PARTY + 1:].sum() == 0 and counts[0, FIRST_PARTY] > 0
    assert counts[0, AGAINST_ALL] > 0


def test_empty_ballot_is_refused(small):
    e, offer = small
    mask = np.zeros((e.n_regions, offer.size), dtype=bool)
    with pytest.raises(ValueError, match="no party on the ballot"):
        voter_engine.vote(e, PartyOffer(**{**vars(offer), "on_ballot": mask}), np.random.default_rng(0),
                        VoteParams(against_all=False))


@pytest.mark.parametrize("shape", ["national", "region", "settlement"])
def test_compiled_awareness_update_equals_numpy(small, shape):
    e, _ = small
    slots = [0, 3, 5]
    rng = np.random.default_rng(8)
    cover = {"national": rng.random(3), "region": rng.random((e.n_regions, 3)),
             "settlement": rng.random((e.n_regions, 2, 3))}[shape]
    before = e.awareness.copy()
    society.update_awareness(e, slots, cover, np.random.default_rng(11), learn=0.5, forget=0.2)
    compiled = e.awareness.copy()

    e.awareness = before.copy()
    per_voter = {"national": lambda: np.broadcast_to(cover, (e.size, 3)),
                 "region": lambda: cover[e.region],
                 "settlement": lambda: cover[e.region, e.urban.astype(np.intp)]}[shape]()
    ref = np.random.default_rng(11)
    for j, slot in enumerate(slots):
        known = e.aware(slot)
        u = ref.random(e.size)
        learns = ~known & (u < 0.5 * per_voter[:, j])
        forgets = known & (u < 0.2 * (1.0 - per_voter[:, j]))
        e.set_aware(slot, (known | learns) & ~forgets)
    np.testing.assert_array_equal(compiled, e.awareness)
    assert not np.array_equal(compiled, before)


def test_awareness_coverage_shape_is_checked(small):
    e, _ = small
    with pytest.raises(ValueError, match="coverage must be"):
        society.update_awareness(e, [0], np.full((e.n_regions - 1, 1), 0.5), np.random.default_rng(0))


def test_compiled_rounding_to_levels_equals_numpy():
    value = np.random.default_rng(3).normal(0.5, 0.4, 50_000)  # some outside [0, 1]
    compiled = society._to_levels(value, np.random.default_rng(12))
    rounded = stochastic_round(np.clip(value, 0.0, 1.0) * LEVELS, np.random.default_rng(12))
    np.testing.assert_array_equal(compiled, np.clip(rounded, 0, LEVELS).astype(np.uint8))
    assert compiled.dtype == np.uint8 and {0, LEVELS} <= set(compiled.tolist())


@pytest.mark.parametrize("engine", [voter_engine.vote, vote])
def test_local_standing_wins_votes_where_it_is_drawn(small, engine):
    e, offer = small
    e.assign_districts([2] * e.n_regions, np.random.default_rng(4))
    local = np.zeros((e.n_districts, offer.size))
    local[0, 0] = 3.0  # the first party's candidate is a local notable in district 0
    plain, boosted = (engine(e, PartyOffer(**{**vars(offer), "local": loc}),
                             np.random.default_rng(5), by="district").sample_counts
                      for loc in (np.zeros_like(local), local))
    share = [c[0, FIRST_PARTY] / c[0, AGAINST_ALL:].sum() for c in (plain, boosted)]
    assert share[1] > share[0] + 0.2
    np.testing.assert_allclose(plain[1:, FIRST_PARTY:].sum(), boosted[1:, FIRST_PARTY:].sum(),
                               rtol=0.05)


def test_local_standing_shape_is_checked(small):
    e, offer = small
    with pytest.raises(ValueError, match="local"):
        PartyOffer(**{**vars(offer), "local": np.zeros((3, offer.size + 1))})
