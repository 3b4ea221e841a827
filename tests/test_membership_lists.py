"""Membership lists (seed:11775-11785): a voter is on one party's list at most, so parties
recruit only among voters on no list; a merger hands the list to the host and a dissolved
party's list is void."""

from __future__ import annotations

import numpy as np

from neopat.model import NeopatModel
from neopat.model.formal.parties import TERMINAL, absorb, recruit
from neopat.scenarios import load_scenario


def _model(until: int, *sets: str) -> NeopatModel:
    scenario = load_scenario("kazakhstan", ["parties.movement_rate=2", *sets])
    model = NeopatModel(scenario.model_copy(update={"scale": 0.0005}), seed=3)
    while model.year < until:
        model.step()
    return model


def _leaderless(model: NeopatModel):
    return next(p for p in model.parties if p.active and p.leader is None and not p.elites)


def test_every_listed_voter_is_on_the_list_of_one_live_party():
    model = _model(2008)
    listed = model.electorate.member[model.electorate.member >= 0]
    live = {p.slot for p in model.parties if p.status not in TERMINAL}
    assert listed.size > 0 and set(np.unique(listed)) <= live
    per_party = sum(float(model.electorate.national((model.electorate.member == s).sum()))
                    for s in live)
    assert per_party <= model.electorate.national(model.electorate.size)


def test_a_party_recruits_only_voters_on_no_list():
    model = _model(1997)
    party = _leaderless(model)
    el = model.electorate
    joined = {}
    for everyone_listed in (True, False):
        el.member[:] = party.slot + 1 if everyone_listed else -1
        party.members = party.real_members = 0
        recruit(model)
        joined[everyone_listed] = party.members
    assert joined[True] == 0 < joined[False]
    assert joined[False] == round(el.national((el.member == party.slot).sum()))


def test_a_merger_hands_the_list_to_the_host_and_dissolution_voids_it():
    model = _model(1997)
    party = _leaderless(model)
    host = next(p for p in model.parties if p.active and p is not party)
    el = model.electorate
    el.member[:200] = party.slot
    before = int((el.member == host.slot).sum()) + int((el.member == party.slot).sum())
    absorb(host, party, model)
    assert not (el.member == party.slot).any()
    assert int((el.member == host.slot).sum()) == before
    el.forget_slot(host.slot)
    assert not (el.member == host.slot).any()
