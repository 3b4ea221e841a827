"""Re-registration under a new party law (seed:10946-10961): ordered mergers of weak loyal
parties, lapse of lists short on paper, selective checks of the rest."""

from __future__ import annotations

from neopat.model import NeopatModel
from neopat.model.formal.parties import found, reregister, vehicle
from neopat.model.schedule import step_events
from neopat.scenarios import load_scenario


def _before_2002_law(*sets):
    """A model in 2002 after the events step put the 2002 law in force, before the parties step:
    parties registered under the 1996 law, a registered vehicle."""
    model = NeopatModel(load_scenario("kazakhstan", list(sets)), seed=0)
    while model.year < 2002:
        model.step()
    step_events(model)
    assert model.law_name == "kz-1996" and model.institutions.party_law == "kz-2002"
    return model


def _registered(model, stance, members):
    party = found(model, "office_seeker", stance)
    party.status, party.members, party.real_members = "registered", members, float(members)
    return party


def _mechanisms(model, party):
    return {e.mechanism for e in model.log if party.key in e.actors[:1]}


def test_weak_loyal_party_is_ordered_into_the_vehicle_before_reregistration():
    model = _before_2002_law("parties.merger_rate=1")
    host = vehicle(model)
    assert host is not None and host.status == "registered"
    weak = _registered(model, "pro", 5_000)
    reregister(model)
    assert weak.status == "merged" and weak.key in host.absorbed
    assert "party_reregistration" not in _mechanisms(model, weak)


def test_list_short_of_the_new_minimum_is_never_filed():
    model = _before_2002_law("parties.merger_rate=0")
    loyal, opposition = _registered(model, "pro", 5_000), _registered(model, "opposition", 5_000)
    reregister(model)
    for party in (loyal, opposition):
        assert party.status == "dissolved"
        assert _mechanisms(model, party) >= {"party_lapse"}
        assert "party_reregistration" not in _mechanisms(model, party)


def test_impartial_registrar_orders_no_merger_and_checks_long_lists():
    model = _before_2002_law("ruler.species=institutionalist", "parties.merger_rate=1")
    weak, strong = _registered(model, "pro", 5_000), _registered(model, "opposition", 400_000)
    strong.reach = None  # members in every oblast, as the law requires
    reregister(model)
    assert weak.status == "dissolved" and "party_merger" not in _mechanisms(model, weak)
    assert strong.status == "registered"


def test_no_reregistration_without_a_new_law():
    model = _before_2002_law("parties.merger_rate=1")
    model.law_name = "kz-2002"
    weak = _registered(model, "pro", 5_000)
    reregister(model)
    assert weak.status == "registered"
