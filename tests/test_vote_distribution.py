"""The seeded vote distribution of both engines matches the per-voter Mesa baseline (one Agent per
voter applying the same rule): a chi-square test over pooled replicates, nationally and by region,
so aggregation into cells never erases heterogeneity. A baseline with a different rule is rejected,
which shows the test has power."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from scipy import stats

from benchmarks.vote_vs_mesa import PerVoterModel, electorate, parties
from neopat.model.electorate import cells_engine, voter_engine
from neopat.model.electorate.choice import AGAINST_ALL, VoteParams

REPLICATES = 12
VOTERS = 4_000


@pytest.fixture(scope="module")
def setup():
    offer = parties(6)
    e = electorate(VOTERS / 9_300_000, seed=21, n_parties=6)
    return e, offer


def baseline_counts(e, offer, params: VoteParams) -> np.ndarray:
    """Region × option counts pooled over replicates of the per-voter Mesa model."""
    total = 0
    for r in range(REPLICATES):
        model = PerVoterModel(e, offer, seed=100 + r, params=params)
        model.step()
        total = total + np.array(model.tally)
    return total


def engine_counts(engine, e, offer) -> np.ndarray:
    rng = np.random.default_rng(7)
    return sum(engine(e, offer, rng).sample_counts for _ in range(REPLICATES))


def p_value(a: np.ndarray, b: np.ndarray) -> float:
    """Chi-square test of homogeneity of two count tables (columns empty in both dropped)."""
    table = np.vstack([a.ravel(), b.ravel()])
    table = table[:, table.sum(axis=0) > 0]
    return stats.chi2_contingency(table).pvalue


@pytest.fixture(scope="module")
def mesa(setup):
    return baseline_counts(*setup, VoteParams())


@pytest.mark.parametrize("engine", [cells_engine.vote, voter_engine.vote], ids=["cells", "voters"])
def test_engine_matches_per_voter_baseline(setup, mesa, engine):
    counts = engine_counts(engine, *setup)
    assert counts.sum() == mesa.sum()
    assert p_value(counts.sum(axis=0), mesa.sum(axis=0)) > 1e-3  # national options
    # by region: turnout, and the choice among ballots cast
    turned_out = np.column_stack([counts[:, 0], counts[:, AGAINST_ALL:].sum(axis=1)])
    mesa_out = np.column_stack([mesa[:, 0], mesa[:, AGAINST_ALL:].sum(axis=1)])
    assert p_value(turned_out, mesa_out) > 1e-3
    assert p_value(counts[:, AGAINST_ALL:], mesa[:, AGAINST_ALL:]) > 1e-3


def test_the_test_rejects_a_different_rule(setup):
    e, offer = setup
    other = baseline_counts(e, offer, replace(VoteParams(), b_appeal=0.5))
    counts = engine_counts(voter_engine.vote, e, offer)
    assert p_value(counts.sum(axis=0), other.sum(axis=0)) < 1e-6
