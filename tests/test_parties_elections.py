"""Parties, electorate and elections inside the model: contract shape, determinism, lifecycle."""

from __future__ import annotations

import json

from _runs import run_one
from neopat.experiments.runner import execute
from neopat.experiments.store import writing
from neopat.model import NeopatModel
from neopat.model.events import MECHANISMS
from neopat.model.formal.party_system import KEYS
from neopat.scenarios import load_scenario, prepare

PARLIAMENT_YEARS = [1994, 1995, 1999, 2004, 2007]


def _run(seed=1, sets=()):
    return run_one(load_scenario("kazakhstan", list(sets)), seed)


def test_run_reports_the_five_parliamentary_elections_with_seats_by_party():
    result = _run()
    parl = [e for e in result.elections if e["kind"] == "parliament"]
    assert [e["year"] for e in parl] == PARLIAMENT_YEARS
    for e in parl:
        assert e["seats"] and sum(e["seats"].values()) > 0
        assert set(e) >= {"year", "month", "kind", "name", "rule_set", "turnout", "votes",
                          "seats", "seats_by_tier"}
        assert sum(sum(t.values()) for t in e["seats_by_tier"].values()) == sum(
            e["seats"].values())
    # 1999 and 2004 are parallel systems: both tiers filled
    assert set(parl[2]["seats_by_tier"]) == {"districts", "national-list"}
    assert "against_all" in parl[-1]["votes"]
    pres = [e for e in result.elections if e["kind"] == "president"]
    assert [e["year"] for e in pres] == [1999, 2005] and all(not e["seats"] for e in pres)


def test_yearly_records_and_party_rows_follow_the_contract():
    result = _run()
    for rec in result.years:
        assert set(KEYS) <= set(rec)
    assert result.years[-1]["approval_mean"] is not None
    assert any(r["registered_parties"] > 0 for r in result.years)
    row = result.parties[0]
    assert set(row) == {"year", "key", "name", "motive", "stance", "status", "members",
                        "rationale", "gd_species", "ideology", "behaviour"}
    doc = json.loads(json.dumps(result.as_json()))
    assert {"elections", "parties"} <= set(doc)


def test_same_seed_same_elections_and_parties():
    a, b = _run(seed=3), _run(seed=3)
    assert a.elections == b.elections
    assert a.parties == b.parties


def test_model_parties_and_active_parties():
    model = NeopatModel(load_scenario("kazakhstan"), seed=2).run()
    assert model.parties
    assert all(p.status == "registered" for p in model.active_parties())
    for p in model.parties:
        assert 0 <= p.slot < 64 and -1 <= p.position <= 1 and 0 <= p.coherence <= 1
        assert p.motive in {"presidential", "oligarch_front", "family", "spoiler", "defector",
                            "office_seeker", "movement"}
        assert p.stance in {"pro", "opposition"}
    assert sum(p.motive == "presidential" and p.status == "registered"
               for p in model.parties) <= 1


def test_registration_is_applied_selectively():
    """Opposition applications meet strict application, loyal ones lenient (seed:11101-11115)."""
    events = [e for seed in range(4) for e in _run(seed=seed).events
              if e["mechanism"] in ("party_registration", "party_denial")]
    strict = {e["detail"]["stance"] for e in events if e["detail"]["strictness"] == "strict"}
    assert strict <= {"opposition"}
    assert any(e["detail"]["stance"] == "pro" and e["detail"]["strictness"] == "lenient"
               for e in events)


def test_impartial_ruler_applies_rules_alike_and_does_not_falsify():
    result = _run(sets=["ruler.species=institutionalist"])
    names = {e["mechanism"] for e in result.events}
    assert not names & {"party_liquidation", "list_deregistration", "party_merger"}
    assert all(e["falsified"] == 0 for e in result.elections)
    assert all(e["detail"]["strictness"] == "lenient" for e in result.events
               if e["mechanism"] in ("party_registration", "party_denial"))


def test_store_gains_elections_and_parties_tables(tmp_path):
    spec = prepare("kazakhstan", seed=1)
    result = execute(spec)
    with writing(tmp_path / "r.duckdb") as store:
        run_id = store.add_run(spec, result)
        n = len(store.elections(run_id))
        k = store.parties(run_id)["key"].nunique()
    assert n > 0 and k == len({r["key"] for r in result.parties})


def test_every_party_mechanism_is_registered():
    for name in ("party_founding", "party_registration", "party_denial", "party_lapse",
                 "party_liquidation", "party_merger", "party_split", "party_cooptation",
                 "vehicle_patronage",
                 "parliamentary_election", "presidential_election", "list_deregistration",
                 "party_bloc", "party_boycott", "nomination_refused", "commission_loyalty",
                 "legitimacy_feedback"):
        assert name in MECHANISMS


def _unaligned_seats_1995(sets):
    return sum(next(e for e in _run(seed, sets).elections if e["year"] == 1995
                    and e["kind"] == "parliament")["seats"].get("self-nominated:unaligned", 0)
               for seed in (1, 2, 3))


def test_the_1995_candidate_fee_keeps_unfinanced_notables_out():
    assert _unaligned_seats_1995(["parties.fee_deterrence=0"]) > \
        _unaligned_seats_1995(["parties.fee_deterrence=3"]) + 10


def test_impartiality_comes_from_what_a_reversal_costs_officials():
    """The institutionalist's officials bend no rule because a reversed decision costs them
    more than it gains; at legality weight 0 the same ruler's officials are partisan."""
    partisan = _run(sets=["ruler.species=institutionalist", "ruler.legality_weight=0"])
    assert any(e["falsified"] > 0 for e in partisan.elections)
    half = _run(sets=["ruler.species=institutionalist", "ruler.legality_weight=0.5"])
    falsified = [sum(e["falsified"] for e in r.elections) for r in (partisan, half)]
    assert falsified[1] < falsified[0]


def test_an_officials_loyalty_scales_how_far_he_leans():
    from neopat.model import NeopatModel
    from neopat.model.formal.enforcement import bias

    model = NeopatModel(load_scenario("kazakhstan"), seed=1)
    holder = model.elites[0]
    leans = []
    for loyalty in (0.1, 0.25, 0.5, 0.9):
        holder.loyalty = loyalty
        leans.append(bias(model, holder, 1.0))
    assert leans == sorted(leans) and leans[0] < leans[-1] == 1.0
    assert bias(model, holder, -1.0) == -1.0  # toward the ruler's own party


def test_the_1994_rules_let_only_parties_with_3000_members_in_12_regions_nominate():
    """seed:9849-9858: "a list of 3000 members from at least 12 of the country's 19 Oblasts";
    the later rule sets ask nothing of a nominating party."""
    import numpy as np

    from neopat.data.rule_sets import library
    from neopat.model.formal.elections import nominates
    from neopat.model.formal.forecast import forecast, nominating
    from neopat.model.formal.parties import found

    rules = {name: r.candidates for name, r in library("kazakhstan").rule_set.items()}
    model = NeopatModel(load_scenario("kazakhstan"), seed=1)
    model.ensure_electorate()
    party = found(model, "movement", "opposition")
    regions = model.electorate.n_regions
    cases = [(2_999, None, False), (50_000, None, True)]
    one_region = np.zeros(regions)
    one_region[0] = 1.0
    cases += [(50_000, one_region, False)]
    eleven = np.r_[np.ones(11), np.zeros(regions - 11)] / 11
    cases += [(50_000, eleven, False), (50_000, np.r_[np.ones(12), np.zeros(regions - 12)] / 12,
                                        True)]
    for members, reach, ok in cases:
        party.members, party.reach = members, reach
        assert nominates(model, party, rules["kz-1994"]) is ok, (members, reach)
        assert nominates(model, party, rules["kz-2004"])
        all_19 = rules["kz-1994"].model_copy(update={"nominator_min_regions": 19})
        assert nominates(model, party, all_19) is (members >= 3000 and reach is None), reach
        party.status = "registered"
        fc = forecast(model)
        i = fc.keys.index(party.key)
        assert bool(nominating(fc, rules["kz-1994"], regions)[i]) is ok, (members, reach)


def _three_opposition_parties(bloc_rate, monkeypatch):
    """A model with three registered opposition parties polling 3%, 2% and 12% (barrier 7%)."""
    from neopat.model.formal import elections
    from neopat.model.formal.parties import found

    sets = [f"parties.bloc_rate={bloc_rate}", "parties.deregistration_rate=0",
            "parties.protest_value=0"]
    model = NeopatModel(load_scenario("kazakhstan", sets), seed=1)
    model.ensure_electorate()
    model.parties.clear()
    made = [found(model, "movement", "opposition") for _ in range(3)]
    for party in made:
        party.status = "registered"
    shares = dict(zip(made, (0.03, 0.02, 0.12), strict=True))
    monkeypatch.setattr(elections, "polls", lambda m, parties: shares)
    monkeypatch.setattr(elections, "threshold", lambda m: 0.07)
    return model, made, elections


def test_parties_short_of_the_barrier_pool_and_one_that_passes_it_runs_alone(monkeypatch):
    # Ak Zhol ran alone, the KPK and DVK as one bloc (seed:10102-10112)
    model, (a, b, big), elections = _three_opposition_parties(1.0, monkeypatch)
    keys = [e["key"] for e in elections.contenders(model, 6, object(), True)]
    assert keys == [big.key, f"bloc:{'+'.join(p.key for p in sorted((a, b), key=lambda p: -p.members))}"]
    assert [e["key"] for e in elections.contenders(model, 6, object(), False)] == \
        [a.key, b.key, big.key]


def test_without_bloc_joiners_every_party_runs_its_own_list(monkeypatch):
    model, made, elections = _three_opposition_parties(0.0, monkeypatch)
    assert [e["key"] for e in elections.contenders(model, 6, object(), True)] == \
        [p.key for p in made]
