"""Movement parties (seed:7044-7068): activists found small principled parties without an
elite's money or clients; they live by the same registration rules as every party, so most
register under the 3,000-member law and lapse under the 2002 law's 50,000 (seed:10957-10961)."""

from __future__ import annotations

from neopat.model import NeopatModel
from neopat.scenarios import load_scenario


def _run(rate: float, seed: int = 3) -> NeopatModel:
    scenario = load_scenario("kazakhstan", [f"parties.movement_rate={rate}"])
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
    parties = [p for seed in (1, 2) for p in _movements(_run(2.0, seed))]
    registered_early = [p for p in parties if p.registered_year and p.registered_year < 2002]
    assert registered_early, "none reached the 1990s minimum"
    lapsed = [p for p in registered_early if p.status == "dissolved"]
    assert lapsed, "every 1990s movement party met the 2002 law's 50,000"
