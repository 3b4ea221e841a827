"""Endogenous institutions on a stub legislature: the ruler's decisions respond to threats."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from neopat.data.institutional_changes import historical_changes
from neopat.data.rule_sets import AppointedTier, ListTier, SmdTier, load_rule_set
from neopat.model.formal import institutions as inst
from neopat.model.formal.in_force import party_law_in_force, rule_set_in_force
from neopat.model.model import NeopatModel
from neopat.scenarios import load_scenario


def stub(*sets: str, year: int = 1994, rule_set: str = "kz-1994", **seats: int) -> NeopatModel:
    """A model whose legislature we set directly: ``seats`` by stance (opp, pro, ind)."""
    scenario = load_scenario("kazakhstan", ["institutions.endogenous=true", *sets])
    model = NeopatModel(scenario, 3)
    model.year = year
    model.rule_set = model.institutions.rule_set = rule_set
    model.parties = [SimpleNamespace(key="opp", stance="opposition"),
                     SimpleNamespace(key="pro", stance="pro")]
    model.elections = [{"year": year, "month": 3, "kind": "parliament", "name": "stub",
                        "rule_set": rule_set, "seats": dict(seats),
                        "seats_by_tier": {"smd": dict(seats)}}]
    model.ruler.legitimacy = 0.8
    return model


def options(model: NeopatModel) -> list[str]:
    return [c["option"] for c in model.institutions.changes]


def test_a_hostile_majority_acts_and_is_dissolved_then_neutralised():
    model = stub(opp=60, pro=40)
    inst.step_institutions(model)
    acts = [e for e in model.log if e.mechanism == "legislature_acts"]
    assert len(acts) == 1 and acts[0].detail["acts"] == ["no_confidence", "veto_override"]
    # dissolution through the courts first (a sitting legislature amends the constitution),
    # then decree rule, then the new constitution that removes the legislature's power
    answered = [c["option"] for c in model.institutions.changes if c["threat"] == inst.ASSERTIVE]
    assert answered == ["dissolution", "decree", "constitution"]
    # the seats of the election just held are a threat too, answered by a cheap rule change
    assert [c["threat"] for c in model.institutions.changes][-1] == inst.SEATS
    assert model.institutions.legislative_power == pytest.approx(0.3)
    # the calendar's December 1995 election re-elects the legislature: no second one is added
    assert model.extra_inputs == []
    assert model.ruler.legitimacy < 0.8


def test_a_dissolution_with_no_election_due_schedules_an_early_one():
    model = stub(year=1996, opp=60, pro=40)
    inst.step_institutions(model)
    early = [i for i in model.extra_inputs if i.kind == "election"]
    assert [(i.year, i.month, i.name) for i in early] == [(1997, 12, "parliament-early-1997")]
    model.year = 1997
    assert [i.name for i in model.inputs_this_year() if i.kind == "election"] == [
        "parliament-early-1997"]


def test_the_same_majority_is_harmless_under_a_superpresidential_constitution():
    model = stub(opp=60, pro=40)
    model.institutions.legislative_power = 0.3
    inst.step_institutions(model)
    assert not [e for e in model.log if e.mechanism == "legislature_acts"]
    assert "dissolution" not in options(model)


def test_a_loyal_legislature_draws_no_answer():
    model = stub(opp=5, pro=95)
    inst.step_institutions(model)
    assert options(model) == [] and not model.log


def test_opposition_seats_below_a_majority_draw_a_rule_change():
    model = stub(opp=30, pro=70)
    before = (model.rule_set, model.institutions.party_law)
    inst.step_institutions(model)
    assert not [e for e in model.log if e.mechanism == "legislature_acts"]
    assert len(options(model)) == 1
    assert options(model)[0] in {"registration_minimum", "regional_requirement"}  # cheapest
    assert (model.rule_set, model.institutions.party_law) != before
    law = party_law_in_force(model)
    assert law.name in model.institutions.derived and law.reregistration_on_change


def test_prices_decide_the_answer():
    model = stub("institutions.cost_full_pr=0.01", opp=30, pro=70)
    inst.step_institutions(model)
    assert options(model) == ["full_list_pr"]
    rules = rule_set_in_force(model)
    tiers = rules.chamber().tiers
    assert not any(isinstance(t, SmdTier) for t in tiers)
    assert rules.chamber().seats == load_rule_set("kz-1994").chamber().seats
    assert any(isinstance(t, ListTier) and t.threshold == pytest.approx(0.07) for t in tiers)


def test_no_change_below_the_legitimacy_floor():
    model = stub(opp=60, pro=40)
    model.ruler.legitimacy = 0.21  # every change would cost more than the 0.01 of room
    inst.step_institutions(model)
    assert [e.mechanism for e in model.log] == ["legislature_acts"]
    assert options(model) == []


def test_the_institutionalist_lives_with_the_legislature():
    model = stub("ruler.species=institutionalist", opp=60, pro=40)
    inst.step_institutions(model)
    assert [e.mechanism for e in model.log] == ["legislature_acts"]
    assert options(model) == []


def test_independents_count_by_their_loyalty():
    low = stub("institutions.independent_loyalty=0.0", opp=20, pro=30, ind=50)
    high = stub("institutions.independent_loyalty=1.0", opp=20, pro=30, ind=50)
    inst.step_institutions(low)
    inst.step_institutions(high)
    assert "dissolution" in options(low) and "dissolution" not in options(high)


def test_a_defection_wave_is_answered_once():
    model = stub(opp=0, pro=100)
    entered = sum(1 for e in model.elites if e.entered_year is not None) or len(model.elites)
    model.defections_by_year[model.year] = entered  # fragmentation 1.0
    inst.step_institutions(model)
    assert [c["threat"] for c in model.institutions.changes] == [inst.WAVE]
    model.year += 1
    model.elections = []
    inst.step_institutions(model)
    assert len(model.institutions.changes) == 1  # the same wave is not answered twice


def test_criticism_brings_gestures_list_tier_then_second_party():
    model = stub(rule_set="kz-1995", opp=0, pro=67)
    model.institutions.criticism = 1.0
    inst.step_institutions(model)
    assert options(model) == ["small_list_tier"]
    tiers = rule_set_in_force(model).chamber().tiers
    assert [t.seats for t in tiers if isinstance(t, ListTier)] == [10]
    model.institutions.criticism = 1.0
    model.year += 1
    inst.step_institutions(model)
    assert options(model)[-1] == "second_party"
    lists = [t for t in rule_set_in_force(model).chamber().tiers if isinstance(t, ListTier)]
    assert lists[0].min_parties == 2
    assert all(e.mechanism == "gesture" for e in model.log)


def test_appointed_seats_count_for_the_president():
    model = stub(opp=40, pro=10)
    rules = rule_set_in_force(model)
    appointed = [t.name for t in rules.chamber().tiers if isinstance(t, AppointedTier)][0]
    model.elections[-1]["seats"] = {"opp": 40, "pro": 10, "president": 42}
    model.elections[-1]["seats_by_tier"][appointed] = {"president": 42}
    assert inst.hostile_share(model, model.elections[-1]) == pytest.approx(40 / 92)


def test_calendar_off_switch():
    off = NeopatModel(load_scenario("kazakhstan", ["institutions.endogenous=true"]), 1).run()
    on = NeopatModel(load_scenario("kazakhstan"), 1).run()
    assert not [e for e in off.log if e.mechanism == "rule_set"]
    assert [e.detail["name"] for e in on.log if e.mechanism == "rule_set"][:1] == ["kz-1994"]
    assert off.rule_set.startswith("kz-1994")  # only derived from the initial rule set
    assert on.institutions.changes == []  # calendar mode: no redesign


def test_endogenous_runs_reproduce():
    def run():
        m = NeopatModel(load_scenario("kazakhstan", ["institutions.endogenous=true"]), 7).run()
        return m.institutions.changes, m.rule_set
    assert run() == run()


def test_historical_changes_are_menu_options_with_valid_sources(seed_lines):
    from neopat.data.institutional_changes import historical_changes
    from neopat.data.provenance import source_problem

    changes = historical_changes()
    assert {c.option for c in changes} <= set(inst.OPTIONS)
    for c in changes:
        assert source_problem(c.source, c.match, seed_lines) is None, c
        assert c.direction == inst.OPTIONS[c.option].direction


def test_report_scores_timing_against_the_random_null():
    from neopat.experiments.institutions import compare

    scenario = load_scenario("kazakhstan")
    on_time = [[{"year": 1995, "option": "dissolution", "direction": "restrictive"}]] * 3
    late = [[{"year": 2008, "option": "dissolution", "direction": "restrictive"}]] * 3
    rows, total = compare(scenario, on_time)
    row = {r.option: r for r in rows}["dissolution"]
    assert row.error == 0 and row.null_error > 3 and row.p_null < 0.2
    assert row.runs_choosing == 3 and row.first_years == [1995] * 3
    rows, _ = compare(scenario, late)
    late_row = {r.option: r for r in rows}["dissolution"]
    assert late_row.error == 13 and late_row.p_null > 0.8
    years = scenario.years
    in_period = [c for c in historical_changes() if years.start <= c.year <= years.end]
    assert total["historical_in_period"] == len(in_period) > 0


def test_cli_prints_the_comparison_table():
    from typer.testing import CliRunner

    from neopat.cli import app

    result = CliRunner().invoke(app, ["institutions", "kazakhstan", "--runs", "2"])
    assert result.exit_code == 0, result.output
    assert "null" in result.output and "dissolution" in result.output
    assert "threats seen" in result.output
    data = CliRunner().invoke(app, ["institutions", "kazakhstan", "--runs", "2",
                                    "--format", "json"])
    import json

    options = {r["option"] for r in json.loads(data.output)["options"]}
    assert {"dissolution", "full_list_pr", "second_party"} <= options
    rows = CliRunner().invoke(app, ["institutions", "kazakhstan", "--runs", "1",
                                    "--format", "csv"]).output.splitlines()
    rows = [r for r in rows if r.strip()]  # the transient progress bar leaves a blank line
    assert rows[0].startswith("option,direction,historical")
    listed = [r.split(",")[0] for r in rows[1:]]
    historical = {c.option for c in historical_changes() if c.year <= 2008}
    assert len(listed) == len(set(listed)) and historical <= set(listed) <= set(inst.OPTIONS)
    import subprocess
    import sys

    bad = subprocess.run([sys.executable, "-m", "neopat", "institutions", "kazakhstan", "--set",
                          "institutions.nope=1"], capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "institutions.nope" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_elections_after_a_change_use_the_derived_rule_set():
    scenario = load_scenario("kazakhstan", ["institutions.endogenous=true",
                                            "institutions.seat_threat=0.0",
                                            "institutions.cost_full_pr=0.001"])
    model = NeopatModel(scenario, 2).run()
    first = model.institutions.changes[0]
    assert (first["year"], first["option"]) == (1994, "full_list_pr")
    later = [e for e in model.elections if e["kind"] == "parliament" and e["year"] > 1994]
    assert later and all("+full-pr@1994" in e["rule_set"] for e in later)
    smd = {t.name for t in load_rule_set("kz-1994").chamber().tiers if isinstance(t, SmdTier)}
    assert all(not (set(e["seats_by_tier"]) & smd) for e in later)
    assert sum(later[0]["seats"].values()) > 0
