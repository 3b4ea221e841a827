"""The commission nomination step (ODD §7.11): parties nominate, councils elect, and loyal
councils reject the nominees of parties the ruler has a stake against (seed:10342-10360)."""

from __future__ import annotations

import numpy as np

from _runs import run_one
from neopat.model import NeopatModel
from neopat.model.formal.commissions import commission_seats
from neopat.scenarios import load_scenario
from neopat.validation.facts import facts


def _model(sets=()):
    """A finished run, so that parties exist to nominate."""
    model = NeopatModel(load_scenario("kazakhstan", list(sets)), seed=1).run()
    model.party_by_key = {p.key: p for p in model.parties}
    return model


def _ballot(model):
    """One loyal party and one opposition party the ruler has a stake against."""
    loyal, opposed = model.parties[0], model.parties[1]
    loyal.stance, loyal.coopted, loyal.refused = "pro", False, None
    opposed.stance, opposed.coopted = "opposition", False
    return [{"key": p.key, "pro": p.pro} for p in (loyal, opposed)], loyal.key, opposed.key


def _rates(model, loyalty):
    entries, loyal, opposed = _ballot(model)
    seats = commission_seats(model, entries, np.full(8, loyalty))
    return [seats[k]["elected"] / seats[k]["nominated"] for k in (loyal, opposed)]


def test_loyal_councils_reject_opposition_nominees_and_elect_loyal_ones():
    model = _model()
    loyal, opposed = _rates(model, 0.9)
    assert loyal == 1.0 and opposed < 0.9
    less_loyal = _rates(model, 0.3)[1]
    assert opposed < less_loyal < 1.0  # rejection grows with the councils' loyalty


def test_without_selective_enforcement_or_loyal_councils_every_nominee_is_elected():
    assert _rates(_model(), 0.0) == [1.0, 1.0]
    assert _rates(_model(["selective.selective_enforcement=0"]), 0.9) == [1.0, 1.0]


def test_every_parliamentary_election_records_its_commissions_and_the_facts_read_them():
    v8, v9 = (next(f for f in facts() if f.key == k) for k in ("V8", "V9"))
    scenario, read = load_scenario("kazakhstan"), []
    for seed in range(1, 6):  # V8 needs an opposition list on the 2004 ballot
        run = run_one(scenario, seed)
        for e in (e for e in run.elections if e["kind"] == "parliament"):
            assert set(e["commission_seats"]) == set(e["stances"])
            for seats in e["commission_seats"].values():
                assert 0 <= seats["elected"] <= seats["nominated"] > 0
        assert isinstance(v9.quantity(run), float)
        read.append(v8.quantity(run))
    assert any(isinstance(v, float) for v in read), read
