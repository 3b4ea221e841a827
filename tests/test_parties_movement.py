"""Movement parties (seed:7044-7068): activists found small principled parties without an
elite's money or clients; they live by the same registration rules as every party, so with few
voluntary members they register under the 3,000-member law and lapse under the 2002 law's 50,000
(seed:10957-10961)."""

from __future__ import annotations

from neopat.model import NeopatModel
from neopat.scenarios import load_scenario


def _run(rate: float, seed: int = 3, *sets: str) -> NeopatModel:
    scenario = load_scenario("kazakhstan", [f"parties.movement_rate={rate}", *sets])
    return NeopatModel(scenario.model_copy(update={"scale": 0.0002}), seed=seed).run()


def _movements(model: NeopatModel) -> list:
    return [p for p in model.parties if p.motive == "movement"]


def test_no_movement_party_without_activists():
    assert not _movements(_run(0.0))


def test_movement_parties_are_founded_leaderless_and_penniless_in_opposition():
    model = _run(2.0)
    founded = [e for e in model.log if e.mechanism == "party_founding"
               and e.detail["motive"] == "movement"]
    years = model.scenario.years.end - model.scenario.years.start + 1
    assert years <= len(founded) <= 3 * years  # Poisson with mean 2 a year
    assert all(len(e.actors) == 1 and e.detail["stance"] == "opposition" for e in founded)
    for p in _movements(model):
        assert p.leader is None and p.admin_access == 0.0
        if not p.elites:  # no defectors joined it: nobody pays for it
            assert p.funds == 0.0


def test_movement_parties_register_under_the_small_minimum_and_lapse_under_the_large():
    """With few joining of their own accord (at the calibrated defaults the low legitimacy
    leaves many disapproving voters to join, and some movement parties pass the 2002 law)."""
    parties = [p for seed in (1, 2)
               for p in _movements(_run(2.0, seed, "parties.voluntary_rate=0.1"))]
    registered_early = [p for p in parties if p.registered_year and p.registered_year < 2002]
    assert registered_early, "none reached the 1990s minimum"
    lapsed = [p for p in registered_early if p.status == "dissolved"]
    assert lapsed, "every 1990s movement party met the 2002 law's 50,000"


def test_a_voter_tied_to_a_patron_does_not_join_an_opposition_party():
    """Fear of losing one's job (seed:11702-11710): joining an anti-government party falls with
    the voter's tie to an akim or employer; none join when every voter is fully tied."""
    from neopat.model.electorate.electorate import TIE_MAX
    from neopat.model.formal.parties import recruit

    model = NeopatModel(load_scenario("kazakhstan", ["parties.movement_rate=2"]).model_copy(
        update={"scale": 0.0002}), seed=3)
    while model.year < 1997:
        model.step()
    party = next(p for p in _movements(model) if p.active and not p.elites)
    joined = {}
    for tie in (TIE_MAX, 0):
        model.electorate.tie[:] = tie
        model.electorate.member[:] = -1  # every voter free to join, on no list
        model.electorate.listed[:] = 0
        party.members = party.real_members = 0
        recruit(model)
        joined[tie] = party.members
    assert joined[TIE_MAX] == 0 < joined[0]
