"""Membership lists (seed:11775-11785): a voter really belongs to one party at most, so parties
recruit only among voters in no party; a member who stops being one stays on the list as a
"dead soul" and may join another party, never the same list twice; a merger hands the list to
the host and a dissolved party's list is void."""

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


def test_a_party_recruits_only_voters_in_no_party():
    model = _model(1997, "parties.dead_soul_decay=0")
    party = _leaderless(model)
    el = model.electorate
    joined = {}
    for everyone_in_a_party in (True, False):
        el.member[:] = party.slot + 1 if everyone_in_a_party else -1
        el.listed[:] = 0
        party.members = party.real_members = 0
        recruit(model)
        joined[everyone_in_a_party] = party.members
    assert joined[True] == 0 < joined[False]
    assert joined[False] == round(el.national((el.member == party.slot).sum()))
    assert (el.on_list(party.slot) == (el.member == party.slot)).all()


def test_a_dead_soul_stays_on_the_list_and_is_never_listed_twice():
    model = _model(1997, "parties.dead_soul_decay=1")
    party = _leaderless(model)
    el = model.electorate
    el.listed[:] = 0
    el.enlist(np.arange(el.size), party.slot)
    el.member[:] = party.slot + 1  # everyone in another party, and on this one's list
    party.members = party.real_members = 0
    recruit(model)  # every member lapses, but nobody may be listed by this party again
    assert party.members == 0 and (el.member != party.slot).all()
    assert el.on_list(party.slot).all()
    el.listed[:] = 0  # the same lapsed voters, on no list: now it may recruit them
    el.member[:] = party.slot + 1
    recruit(model)
    assert party.members > 0


def test_a_merger_hands_the_list_to_the_host_and_dissolution_voids_it():
    model = _model(1997)
    party = _leaderless(model)
    host = next(p for p in model.parties if p.active and p is not party)
    el = model.electorate
    el.enlist(np.arange(200), party.slot)
    el.member[100:200] = -1  # half of them dead souls
    before = int((el.member == host.slot).sum()) + int((el.member == party.slot).sum())
    listed = int((el.on_list(host.slot) | el.on_list(party.slot)).sum())
    absorb(host, party, model)
    assert not (el.member == party.slot).any() and not el.on_list(party.slot).any()
    assert int((el.member == host.slot).sum()) == before
    assert int(el.on_list(host.slot).sum()) == listed
    el.forget_slot(host.slot)
    assert not (el.member == host.slot).any() and not el.on_list(host.slot).any()
