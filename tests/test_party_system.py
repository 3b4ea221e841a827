"""The party system from mechanisms: the ruler weighs his satellites, opposition parties carry
their founders, office-holders enforce as far as they lean (ODD §7.11)."""

from __future__ import annotations

import numpy as np
import pytest

from _runs import run_many
from neopat.model import NeopatModel
from neopat.model.agents import IMPRISONED, OPPOSITION
from neopat.model.formal import founders, management
from neopat.model.formal.parties import found
from neopat.scenarios import load_scenario, prepare


def model_in(year: int, *sets: str, seed: int = 1) -> NeopatModel:
    model = NeopatModel(load_scenario("kazakhstan", list(sets)), seed=seed)
    while model.year < year:
        model.step()
    return model


def satellite(model: NeopatModel, *, wealth: float = 0.0, loyalty: float = 0.5):
    """A loyal office-seeker's party led by a modelled elite of the given means."""
    leading = {p.leader for p in model.parties}
    leader = next(e for e in model.elites if e.in_coalition and e not in leading)
    leader.wealth, leader.loyalty = wealth, loyalty
    party = found(model, "office_seeker", "pro", leader=leader, faction=leader.faction)
    party.status = "registered"
    return party


def test_more_criticism_abroad_keeps_more_satellites_on_the_ballot():
    model = model_in(2003)
    party = satellite(model)
    live = model.active_parties()
    poll, barrier = management.polls(model, live), management.threshold(model)
    places = model.scenario.parties.plural_ballot
    model.institutions.criticism = 0.0
    calm, _ = management.valuation(model, party, poll, barrier, rank=places)
    model.institutions.criticism = 100.0
    criticised, _ = management.valuation(model, party, poll, barrier, rank=places)
    assert criticised > calm  # one more ballot place to fill


@pytest.mark.slow
def test_an_ensemble_under_criticism_keeps_more_satellites():
    """One ballot place for pluralism's sake; criticism abroad adds places (none accrues when
    neither falsification nor exclusion costs any). Splitting the opposition's vote is worth
    nothing here, so a satellite is kept only for a ballot place."""
    def kept(*sets):
        runs = run_many(load_scenario("kazakhstan", ["parties.plural_ballot=1",
                                                     "parties.split_weight=0", *sets]), range(6))
        return sum(e["mechanism"] == "satellite_kept" for r in runs for e in r.events)

    assert kept() > kept("institutions.criticism_per_falsified=0",
                         "institutions.criticism_per_exclusion=0")


def test_a_more_autonomous_satellite_leader_is_more_likely_merged():
    model = model_in(2003, "parties.split_weight=0")  # worth a ballot place alike: the two
    # satellites' random recognition would otherwise split the opposition's vote unequally
    poor, rich = satellite(model, wealth=0.0), satellite(model, wealth=20.0)
    live = model.active_parties()
    poll, barrier = management.polls(model, live), management.threshold(model)
    poll[poor] = poll[rich] = min(poll[poor], poll[rich])  # polling alike: only means differ
    (w_poor, c_poor), (w_rich, c_rich) = (management.valuation(model, p, poll, barrier, rank=0)
                                          for p in (poor, rich))
    assert c_rich > c_poor and w_rich - c_rich < w_poor - c_poor


def test_defectors_who_leave_together_found_or_join_one_party():
    model = model_in(2001)
    faction = next(f for f in model.factions if len(f.active_members) >= 3)
    group = faction.active_members[:3]
    for e in group:
        e.leave_office()
        e.status, e.wealth = OPPOSITION, 2.0
        model.log.emit(model.year, 3, _defection(), [e.key], faction=faction.key)
    before = len(model.parties)
    founders.found_or_join(model)
    assert sum(p.motive == "defector" for p in model.parties[before:]) <= 1
    holding = [p for p in model.parties if p.active and not p.pro and set(group) <= p.elites]
    assert len(holding) == 1  # one vehicle (founded or joined)
    assert holding[0].funds > 0 and holding[0].members > 0


def _defection():
    from neopat.model.events import MECHANISMS

    return MECHANISMS["defection"]


def test_punishment_reaches_the_party_through_its_money():
    model = model_in(2001)
    faction = next(f for f in model.factions if len(f.active_members) >= 2)
    a, b = faction.active_members[:2]
    for e in (a, b):
        e.leave_office()
        e.status, e.wealth = OPPOSITION, 2.0
    party = found(model, "defector", "opposition", leader=a, faction=faction)
    founders.bring(party, [a, b], model)
    founders.fund(model)
    free = party.funds
    a.status = b.status = IMPRISONED  # their wealth is frozen
    founders.fund(model)
    assert party.funds < free


def test_a_party_stands_everywhere_in_its_founders_home_regions():
    model = model_in(2001)
    akim = next(e for e in model.elites if e.regions)
    party = found(model, "defector", "opposition", leader=akim, faction=akim.faction)
    founders.bring(party, [akim], model)
    home = np.flatnonzero(party.home)
    assert len(home) and all(r % len(model.electorate.region_names) in home
                             for r in akim.regions)
    assert party.reach[home].min() > party.reach[~party.home].max()


@pytest.mark.slow
def test_the_ballots_of_2004_and_2007_hold_several_lists_and_defectors_reach_them():
    runs = run_many(load_scenario("kazakhstan"), range(10))
    from neopat.validation.facts import contestants, parliament

    for year in (2004, 2007):
        several = [len(contestants(parliament(r, year))) > 1 for r in runs]
        assert np.mean(several) >= 0.8, year
    reached = [any(e["motive"] == "defector" for e in r.parties
                   if e["key"] in set().union(*(el["votes"] for el in r.elections)))
               for r in runs]
    assert np.mean(reached) >= 0.5


def test_the_prior_predictive_check_draws_within_ranges_and_places_the_record():
    from neopat.experiments.sensitivity import factors
    from neopat.validation import prior

    base = prepare("kazakhstan")
    drawn = [spec.scenario for spec in prior.draws(base, 4, root=1)]
    fs = factors()
    for sc in drawn:
        for f in fs[:10]:
            section, field = f.name.split(".")
            assert f.lo <= getattr(getattr(sc, section), field) <= f.hi
    assert len({sc.model_dump_json() for sc in drawn}) == 4
    result = prior.check(base, 4, root=1)
    assert [r["check"] for r in result["checks"]] == [c.name for c in prior.CHECKS]
    assert all(r["p5"] <= r["p95"] for r in result["checks"])
