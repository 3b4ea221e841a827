"""Endogenous institutions: the ruler's forecast through the rules, threat, benefit against cost,
episodes of the record and of the model, and the calibration on pre-2000 episodes."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

import numpy as np
import pytest

from neopat.data.institutional_changes import historical_changes
from neopat.data.rule_sets import ListTier, SmdTier, load_party_law, load_rule_set
from neopat.experiments import episodes as ep
from neopat.experiments.institutions import run_changes, threat_summary
from neopat.model.formal import forecast as forecast_mod
from neopat.model.formal import institutions as inst
from neopat.model.formal import menu, parliament
from neopat.model.formal.forecast import Forecast, legislature
from neopat.model.formal.in_force import rule_set_in_force
from neopat.model.model import NeopatModel
from neopat.scenarios import load_scenario
from neopat.scenarios.spec import prepare

ENDOGENOUS = "institutions.endogenous=true"


def until(year: int, *sets: str, seed: int = 3) -> NeopatModel:
    """An endogenous model stepped to ``year`` with the ruler's redesign switched off, so that
    a test can put one decision to him."""
    model = NeopatModel(load_scenario("kazakhstan", [ENDOGENOUS, *sets]), seed)
    model.plug("institutions", parliament.note_elections)
    while model.year < year:
        model.step()
    return model


def options(model: NeopatModel) -> list[str]:
    return [c["option"] for c in model.institutions.changes]


# -- the forecast runs through neopat.rules ------------------------------------------------------
def poll(**shares: float) -> Forecast:
    """A one-region forecast: ``pro_*`` keys are pro-presidential, the others opposition."""
    keys = tuple(shares)
    national = np.array(list(shares.values()))
    return Forecast(keys=keys, pro=tuple(k.startswith("pro") for k in keys),
                    members=(1e6,) * len(keys), reach=(None,) * len(keys), weight=np.ones(1),
                    national=national, regional=national[None, :],
                    unaligned=np.array([1 - national.sum()]), tied=np.zeros(1))


STUB = SimpleNamespace(electorate=SimpleNamespace(n_regions=1))


def test_a_bloc_ban_keeps_small_opposition_lists_below_the_threshold():
    fc = poll(pro_vehicle=0.6, a=0.04, b=0.035)  # shares of list votes: 5.9%, 5.2%
    law = load_party_law("kz-2002")
    rules = load_rule_set("kz-2007")
    allowed = rules.model_copy(update={"candidates": rules.candidates.model_copy(
        update={"blocs_allowed": True})})
    together = legislature(STUB, fc, allowed, law)  # a + b = 11% > 7%: the bloc wins seats
    apart = legislature(STUB, fc, rules, law)
    assert together.opposition > 0 and apart.opposition == 0
    assert together.hostile(0.5) > apart.hostile(0.5) == 0


def test_the_akims_deliver_a_list_vote_only_as_far_as_the_list_has_their_machine():
    """Tied voters follow the akim to the pro-presidential list with the most access, by its
    access (as the count's pull): a loyal list without the machine gains nothing from them, so
    a full list system pays the ruler only once his vehicle has the akims behind it."""
    fc = poll(pro_small=0.05, a=0.1)  # 15% of voters committed, 60% tied to the akim
    fc = replace(fc, tied=np.array([0.6]), unaligned=np.array([0.25]))
    law, rules = load_party_law("kz-2002"), load_rule_set("kz-2007")
    without = legislature(STUB, replace(fc, access=(0.0, 0.0)), rules, law)
    built = legislature(STUB, replace(fc, access=(1.0, 0.0)), rules, law)
    assert without.hostile(0.5) > 0.5 > built.hostile(0.5)
    half = legislature(STUB, replace(fc, access=(0.5, 0.0)), rules, law)
    assert built.hostile(0.5) < half.hostile(0.5) < without.hostile(0.5)


def test_a_membership_minimum_keeps_a_small_party_off_the_ballot():
    fc = poll(pro_vehicle=0.6, a=0.2)
    fc = Forecast(**{**fc.__dict__, "members": (1e6, 4000.0)})
    rules = load_rule_set("kz-2007")
    low = legislature(STUB, fc, rules, load_party_law("kz-1996"))  # 3,000 members
    high = legislature(STUB, fc, rules, load_party_law("kz-2002"))  # 50,000 members
    assert low.opposition > 0 and high.opposition == 0


def test_a_new_law_puts_threatening_parties_before_a_strict_registrar():
    fc = poll(pro_vehicle=0.6, a=0.2, b=0.2)
    fc = Forecast(**{**fc.__dict__, "law": "kz-1996", "strict": (0.0, 0.75, 0.0),
                     "danger": (0.0, 0.6, 0.2)})
    rules = load_rule_set("kz-2007")
    same, new = load_party_law("kz-1996"), load_party_law("kz-2002")  # kz-2002 re-registers all
    easy = new.model_copy(update={"min_members": 3000, "regional": None})
    assert new.reregistration_on_change
    # under the law in force nobody applies again; under a new one party a stands 1 in 4
    assert list(forecast_mod.stands(fc, same, 1)) == [1, 1, 1]
    assert list(forecast_mod.stands(fc, easy, 1)) == pytest.approx([1, 0.25, 1])
    assert forecast_mod.refused(fc, same, 1) == 0
    assert forecast_mod.refused(fc, easy, 1) == pytest.approx(0.6 * 0.75)
    assert legislature(STUB, fc, rules, easy).opposition < legislature(STUB, fc, rules,
                                                                          same).opposition
    # a law that never re-registers leaves the registrar's discretion out of it
    quiet = easy.model_copy(update={"reregistration_on_change": False})
    assert forecast_mod.refused(fc, quiet, 1) == 0


def test_after_2000_a_new_wealthy_opposition_makes_a_party_law_pay_only_through_the_registrar():
    def wealthy_after_2000(model: NeopatModel) -> bool:
        fc, founded = inst.outlook(model).forecast, {p.key: p.founded for p in model.parties}
        return any(d > 0 and s > 0 and founded[k] > 2000
                   for k, d, s in zip(fc.keys, fc.danger, fc.strict, strict=True))

    # the first run with a wealthy opposition party founded after 2000 (not every run has one),
    # with the elite channel weighed as heavily as the grid of ``--calibrate`` allows
    heavy = "institutions.threat_elite=4"
    model = next(m for m in (until(2003, heavy, seed=s) for s in range(1, 21))
                 if wealthy_after_2000(m))
    o = inst.outlook(model)
    fc = o.forecast
    laws = ("registration_minimum", "regional_requirement")

    def nets(outlook: menu.Outlook) -> list[float]:
        return [(lambda bc: bc[0] - bc[1])(inst.weigh(model, menu.OPTIONS[n], outlook))
                for n in laws]

    assert min(nets(o)) > 0
    others = set(menu.OPTIONS) - set(laws)  # the laws against doing nothing
    pick = inst.choose(model, o, others)
    assert pick is not None and pick[0].name in laws
    blind = replace(o, forecast=replace(fc, strict=(0.0,) * len(fc.keys)))
    assert max(nets(blind)) < 0
    assert inst.choose(model, blind, others) is None


# -- benefit against cost ------------------------------------------------------------------------
def test_the_choice_is_the_largest_positive_net_benefit():
    model = until(1998, *(f"institutions.{w}=4" for w in ep.WEIGHTS))
    model.ruler.legitimacy = 1.0  # every change affordable: the choice is the net benefit's
    o = inst.outlook(model)
    pick = inst.choose(model, o, set())
    nets = {opt.name: (lambda bc: bc[0] - bc[1])(inst.weigh(model, opt, o))
            for opt in menu.MENU if opt.available(model)}
    assert pick is not None and pick[1] > 0
    assert pick[1] == pytest.approx(max(nets.values())) and nets[pick[0].name] == pick[1]
    inst.enact(model, pick[0], o, pick[1])
    assert options(model) == [pick[0].name] and pick[0].name not in {
        n for n, v in nets.items() if v <= 0}


def test_an_option_whose_forecast_benefit_is_zero_is_not_chosen_even_for_free():
    # no threat: every restrictive change's benefit is zero; free changes still are not made
    free = [f"institutions.{c}=0" for c in ("cost_threshold", "cost_full_pr", "cost_bloc_ban",
                                             "cost_appointed", "cost_registration",
                                             "cost_regional", "cost_senate")]
    weights = [f"institutions.{w}=0" for w in ep.WEIGHTS]
    model = until(1998, *free, *weights, "institutions.elite_reaction=0")
    model.institutions.criticism = 0.0  # no gesture due either (gestures answer criticism)
    o = inst.outlook(model)
    assert o.threat == 0
    assert all(inst.weigh(model, opt, o)[0] == 0 for opt in menu.MENU if opt.available(model))
    assert inst.choose(model, o, set()) is None


def test_higher_threat_brings_more_and_earlier_changes():
    def changes(level: float) -> list[list[dict]]:
        spec = prepare("kazakhstan", [f"institutions.{w}={level}" for w in ep.WEIGHTS])
        return run_changes(spec, 3, root=5)

    low, high = changes(0.1), changes(4.0)
    assert sum(map(len, high)) > sum(map(len, low))
    first = [min((c["year"] for c in run), default=9999) for run in (*low, *high)]
    assert np.mean(first[3:]) <= np.mean(first[:3])


def test_criticism_makes_restrictive_changes_dearer():
    model = until(1998)
    o = inst.outlook(model)
    option = menu.OPTIONS["registration_minimum"]
    calm = inst.weigh(model, option, o)[1]
    model.institutions.criticism = 10.0
    assert inst.weigh(model, option, o)[1] > calm


# -- the legislature and the constitution ----------------------------------------------------------
def test_a_hostile_legislature_acts_and_its_dissolution_pays_when_a_new_one_would_be_friendlier():
    model = until(1995, "institutions.independent_loyalty=0.5")
    # a legislature of deputies of no party, half of whom side against him
    model.elections.append({"year": 1995, "kind": "parliament", "name": "stub",
                            "rule_set": model.rule_set, "seats": {"x": 100},
                            "seats_by_tier": {"smd": {"x": 100}}})
    assert parliament.assertive(model) and parliament.legislature_acts(model)
    assert [e.mechanism for e in model.log if e.year == 1995][-1] == "legislature_acts"
    assert not parliament.amendable(model)  # a sitting assertive legislature blocks amendments
    o = inst.outlook(model)
    gain = menu.OPTIONS["dissolution"].gain(model, o)
    assert gain == pytest.approx(menu.removed(0.5, o.hostile)) and o.hostile < 0.5
    model.institutions.legislative_power = 0.3  # a superpresidential constitution
    assert not parliament.assertive(model)


def test_the_senate_takes_power():
    model = until(1996, "institutions.senate_check=0.4")
    menu.OPTIONS["senate"].apply(model)
    assert model.institutions.legislative_power == pytest.approx(0.6)
    assert not menu.OPTIONS["senate"].available(model)


def _defect(model: NeopatModel, n: int) -> int:
    """Record ``n`` defections this year; returns the elites who have entered."""
    model.defections_by_year[model.year] = n
    return sum(1 for e in model.elites if e.entered_year is not None)


def test_deputies_follow_defecting_patrons_out_unless_a_mandate_takes_their_seats():
    model = until(2001, "institutions.deputy_rebellion=0.5")  # the 1999 legislature sits
    before = parliament.sitting_hostile(model)
    entered = _defect(model, 6)
    parliament.rebellion(model)
    share = 0.5 * 6 / entered * (1 - before)
    assert model.institutions.rebels == pytest.approx(share)
    assert parliament.sitting_hostile(model) == pytest.approx(before + share)
    menu.OPTIONS["imperative_mandate"].apply(model)
    assert not menu.OPTIONS["imperative_mandate"].available(model)
    parliament.rebellion(model)  # the same wave again: the rebels lose their seats
    assert model.institutions.rebels == pytest.approx(share)
    kept = [e.detail["seat_kept"] for e in model.log if e.mechanism == "deputy_rebellion"]
    assert kept == [True, False]
    model.elections.append({"year": 2001, "kind": "parliament", "rule_set": model.rule_set,
                            "seats": {}})
    parliament.note_elections(model)  # a new legislature: no rebels yet
    assert model.institutions.rebels == 0


def test_the_mandate_is_worth_the_rebels_recent_waves_would_make():
    model = until(2001, "institutions.deputy_rebellion=0.5")
    o = inst.outlook(model)
    gain = menu.OPTIONS["imperative_mandate"].gain
    model.defections_by_year = {}
    assert gain(model, o) == 0  # no recent defections: nothing to bind
    entered = _defect(model, 6)
    hostile = parliament.sitting_hostile(model)
    expected = model.institutions.legislative_power * 0.5 * 6 / entered * (1 - hostile)
    assert gain(model, o) == pytest.approx(expected)
    calm = until(2001, "institutions.deputy_rebellion=0")
    _defect(calm, 6)
    assert gain(calm, inst.outlook(calm)) == 0


def won(model: NeopatModel, *years: int) -> None:
    model.elections += [{"year": y, "kind": "president"} for y in years]


def test_the_term_limit_of_the_rules_in_force_at_the_start_binds_in_his_last_term():
    exemption = menu.OPTIONS["term_exemption"]
    model = until(2006)
    state = model.institutions
    assert load_rule_set("kz-1994").presidential_term_limit == 2  # formal-tier data
    assert (state.term_limit, state.limit_since) == (2, 1990)
    model.elections = [e for e in model.elections if e["kind"] != "president"]
    won(model, 1999)
    assert not exemption.available(model)  # one term served: the limit does not bite yet
    won(model, 2005)
    assert exemption.available(model)
    exemption.apply(model)
    assert not exemption.available(model)
    off = until(2006)
    off.institutions.term_limit = 0  # rules that state no limit
    won(off, 1999, 2005)
    assert not exemption.available(off)


def test_rules_without_a_stated_limit_start_without_one():
    rules = load_rule_set("kz-1994").model_copy(update={"presidential_term_limit": None})
    model = until(1990)
    sc = model.scenario  # the scenario's own rule set of that name replaces the library's
    model.scenario = sc.model_copy(update={"rule_set": [*sc.rule_set, rules]})
    assert model.scenario.formal_items("rule_set")[rules.name].presidential_term_limit is None
    assert inst.InstitutionalState.start(model).term_limit == 0


def test_a_new_constitution_sets_its_own_limit_and_restarts_the_count():
    model = until(2006, "institutions.term_limit=3")
    won(model, 1999, 2005)
    assert menu.OPTIONS["term_exemption"].available(model)
    menu.OPTIONS["constitution"].apply(model)
    assert (model.institutions.term_limit, model.institutions.limit_since) == (3, 2006)
    assert not menu.OPTIONS["term_exemption"].available(model)  # no term served under it


def test_the_exemption_is_worth_his_office_at_the_term_end_whatever_the_threat():
    exemption = menu.OPTIONS["term_exemption"]

    def benefit(year: int, *sets: str) -> float:
        model = until(year, *sets)
        model.elections = [e for e in model.elections if e["kind"] != "president"]
        won(model, 1999, 2005)  # his last term ends in 2012 (institutions.presidential_term)
        return inst.weigh(model, exemption, inst.outlook(model))[0]

    calm = [f"institutions.{w}=0" for w in ep.WEIGHTS]
    assert benefit(2007) == pytest.approx(0.5 ** 4) == benefit(2007, *calm)
    assert benefit(2007, "institutions.office_value=3") == pytest.approx(3 * 0.5 ** 4)
    assert benefit(2006) < benefit(2007) < benefit(2008) == pytest.approx(0.5 ** 3)


def test_a_term_referendum_postpones_the_election_due_by_the_extension():
    model = until(1997, "institutions.mandate_extension=3")
    detail = menu.OPTIONS["term_referendum"].apply(model)
    assert detail["cancelled"] == ["president-1999"]
    assert [(i.name, i.year) for i in model.extra_inputs if i.office == "president"] == [
        ("president-1999-extended-2002", 2002)]
    while model.year < 2003:
        model.step()
    assert [e["year"] for e in model.elections if e["kind"] == "president"] == [2002]


def test_a_run_exempts_him_only_in_his_last_term():
    def runs(*sets: str) -> list[tuple[list[int], list[int]]]:
        out = []
        for seed in (1, 2):
            m = NeopatModel(load_scenario("kazakhstan", [ENDOGENOUS, *sets]), seed).run()
            out.append(([e["year"] for e in m.elections if e["kind"] == "president"],
                         [c["year"] for c in m.institutions.changes
                          if c["option"] == "term_exemption"]))
        return out

    both = "institutions.cost_term_referendum=1"  # no referendum cancels an election he needs
    eager = runs("institutions.office_value=10", both)
    assert any(exempt for _, exempt in eager)
    for held, exempt in eager:
        assert exempt == ([] if len(held) < 2 else exempt[:1]) and len(exempt) <= 1
        assert all(y >= held[1] for y in exempt)
    assert not any(exempt for _, exempt in runs("institutions.office_value=0", both))


def test_the_institutionalist_never_redesigns():
    sc = load_scenario("kazakhstan", [ENDOGENOUS, "ruler.species=institutionalist",
                                      *(f"institutions.{w}=4" for w in ep.WEIGHTS)])
    model = NeopatModel(sc, 1).run()
    assert model.institutions.changes == [] and len(model.institutions.seen) == 19


# -- runs -----------------------------------------------------------------------------------------
def test_calendar_off_switch_and_derived_rules_in_elections():
    off = NeopatModel(load_scenario("kazakhstan", [ENDOGENOUS]), 2).run()
    on = NeopatModel(load_scenario("kazakhstan"), 2).run()
    assert not [e for e in off.log if e.mechanism == "rule_set"]
    assert [e.detail["name"] for e in on.log if e.mechanism == "rule_set"][:1] == ["kz-1994"]
    assert on.institutions.changes == []  # calendar mode: no redesign
    rule_changes = [e for e in off.log if e.mechanism in ("institutional_change", "gesture")
                    and "rule_set" in e.detail]
    assert rule_changes, "the test needs a run with a rule-set change"
    first = rule_changes[0]
    later = [e for e in off.elections if e["kind"] == "parliament" and e["year"] > first.year]
    assert later and all(first.detail["rule_set"].split("@")[0] in e["rule_set"] for e in later)
    if first.detail["option"] == "full_list_pr":
        assert not any(isinstance(t, SmdTier) for t in rule_set_in_force(off).chamber().tiers)


def test_the_yearly_diagnostics_say_why_the_ruler_acted():
    model = NeopatModel(load_scenario("kazakhstan", [ENDOGENOUS]), 2).run()
    acted = {c["year"] for c in model.institutions.changes if c["direction"] == "restrictive"}
    seen = {y["year"]: y for y in model.institutions.seen}
    assert acted and all(seen[y]["benefit"] > 0 for y in acted)
    assert all(y not in acted for y, row in seen.items() if row["benefit"] == 0)
    summary = threat_summary([model.institutions.seen] * 2)["by_year"]
    assert sorted(summary) == sorted(seen)
    assert all(summary[y]["zero_hostile"] == float(seen[y]["hostile_forecast"] == 0)
               for y in seen)


def test_endogenous_runs_reproduce():
    def run():
        m = NeopatModel(load_scenario("kazakhstan", [ENDOGENOUS]), 7).run()
        return m.institutions.changes, m.rule_set
    assert run() == run()


# -- episodes ---------------------------------------------------------------------------------------
def test_episodes_join_changes_at_most_the_gap_apart():
    years = [1993, 1994, 1995, 1995, 1996, 1998, 2002, 2007, 2009]
    assert ep.episodes(years, 1) == [(1993, 1996), (1998, 1998), (2002, 2002), (2007, 2007),
                                     (2009, 2009)]
    assert len(ep.episodes(years, 0)) == 8 and ep.episodes(years, 4) == [(1993, 2002), (2007, 2009)]


def test_the_record_has_four_episodes_in_the_period():
    sc = load_scenario("kazakhstan")
    assert ep.record_episodes(sc) == [(1993, 1996), (1998, 1998), (2002, 2002), (2007, 2007)]
    wide = load_scenario("kazakhstan", ["institutions.episode_gap=4"])
    assert ep.record_episodes(wide) == [(1993, 2002), (2007, 2007)]


def test_episodes_split_and_cap_as_the_validation_does():
    from neopat.validation import nulls
    from neopat.validation.facts import IN_SAMPLE_UNTIL

    assert ep.IN_SAMPLE_END == IN_SAMPLE_UNTIL and ep.CAP == nulls.CAP
    for model, record in (([1990, 2005], [2005]), ([2001, 2008], [2002, 2007]), ([], [1993])):
        assert ep.timing_error(model, record) == pytest.approx(nulls.timing_error(model, record))


def test_held_out_timing_beats_the_null_only_when_on_time():
    sc = load_scenario("kazakhstan")

    def runs(*years: int) -> list[list[dict]]:
        return [[{"year": y, "option": "dissolution"} for y in years]] * 10

    on_time = ep.assess(sc, runs(1993, 1998, 2002, 2007), draws=200)
    assert on_time["held_out"]["error"] == 0 and on_time["held_out"]["p_null"] < 0.01
    assert on_time["episodes_per_run"] == 4 and on_time["ratio_to_record"] == 1
    late = ep.assess(sc, runs(2008), draws=200)
    assert late["held_out"]["error"] > late["held_out"]["null_error"]
    assert late["held_out"]["p_null"] > 0.5 and late["share_runs_3_kinds"] == 0


def test_calibration_scores_pre_2000_episodes_only():
    sc = prepare("kazakhstan")

    def fake(point) -> list[list[dict]]:  # the vote weight moves the early episodes
        weights = point.scenario.institutions
        early = [1993, 1998] if weights.threat_vote == 1.0 else [1990]
        late = [2008] if weights.threat_elite == 1.0 else [2002, 2007]
        return [[{"year": y, "option": "senate"} for y in early + late]]

    rows = ep.calibrate(sc, fake, grid=(1.0, 2.0))
    assert rows[0]["threat_vote"] == 1.0 and rows[0]["loss"] == 0
    # the held-out years do not enter the loss: both elite weights tie at the best vote weight
    assert [r["loss"] for r in rows[:4]] == [0, 0, 0, 0]
    real = ep.calibrate(sc, lambda point: run_changes(point, 1), grid=(1.0,))
    assert len(real) == 1 and real[0]["loss"] >= 0


def test_historical_changes_are_menu_options_with_valid_sources(seed_lines):
    from neopat.data.provenance import source_problem

    changes = historical_changes()
    assert {c.option for c in changes} <= set(menu.OPTIONS)
    for c in changes:
        assert source_problem(c.source, c.match, seed_lines) is None, c
        assert c.direction == menu.OPTIONS[c.option].direction


def test_cli_prints_changes_and_episodes():
    import json
    import subprocess
    import sys

    from typer.testing import CliRunner

    from neopat.cli import app

    result = CliRunner().invoke(app, ["institutions", "kazakhstan", "--runs", "2"])
    assert result.exit_code == 0, result.output
    assert "null" in result.output and "episodes" in result.output and "p =" in result.output
    data = json.loads(CliRunner().invoke(app, ["institutions", "kazakhstan", "--runs", "2",
                                               "--format", "json"]).output)
    serial = CliRunner().invoke(app, ["institutions", "kazakhstan", "--runs", "2", "--workers",
                                      "1", "--format", "json"]).output
    assert json.loads(serial) == data  # the process pool changes nothing but the speed
    assert {r["option"] for r in data["options"]} == set(menu.OPTIONS)  # chosen or not
    assert data["episodes"]["record_episodes"] == 4
    assert data["episodes"]["held_out"]["record"] == [2002, 2007]
    calib = json.loads(CliRunner().invoke(app, ["institutions", "--calibrate", "--runs", "1",
                                                "--grid", "1", "--format", "json"]).output)
    assert len(calib["points"]) == 1 and set(ep.WEIGHTS) <= set(calib["points"][0])
    assert calib["in_force"]["rank"] is None and calib["in_force"]["tied_best"] == 1  # off grid
    bad = subprocess.run([sys.executable, "-m", "neopat", "institutions", "kazakhstan", "--grid",
                          "11", "--calibrate"], capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "--grid" in bad.stderr and "Traceback" not in bad.stderr


def test_the_table_counts_held_out_episodes_by_first_year():
    from neopat.cli.institutions import _held_out_starts

    years = [[1994, 2001, 2007], [1994], [1998, 2001]]
    window = (ep.IN_SAMPLE_END + 1, 2008)
    held_out = ep.window_score([2002, 2007], [[y for y in r if y >= window[0]] for r in years])
    summary = {"episode_years": years, "held_out": held_out.__dict__}
    assert _held_out_starts(summary) == "2001 2, 2007 1; none after 2000 in 1 of 3 runs"


def test_standing_places_the_weights_in_force_among_the_scored_points():
    sc = load_scenario("kazakhstan", ["institutions.threat_vote=1", "institutions.threat_elite=1",
                                      "institutions.threat_legislature=2"])
    rows = [{"threat_vote": 1.0, "threat_elite": e, "threat_legislature": 2.0, "loss": loss}
            for e, loss in ((0.5, 0.7), (0.25, 0.7), (1.0, 0.9))]
    assert ep.standing(sc, rows) == {"threat_vote": 1.0, "threat_elite": 1.0,
                                     "threat_legislature": 2.0, "loss": 0.9, "rank": 3,
                                     "tied_best": 2}
    assert ep.standing(sc, rows[:2])["rank"] is None


def test_list_tier_of_the_gesture_uses_the_catalogue_threshold():
    model = until(1996)
    model.rule_set = model.institutions.rule_set = "kz-1995"
    rules, _ = menu.OPTIONS["small_list_tier"].design(model)
    lists = [t for t in rules.chamber().tiers if isinstance(t, ListTier)]
    assert [(t.seats, t.threshold) for t in lists] == [(10, pytest.approx(0.07))]


@pytest.fixture(scope="module")
def checked_command():
    """60 runs with the calendar off (root 0), as `neopat institutions kazakhstan --runs 60`:
    at 20 runs the held-out timing's p swung from 0.002 to 0.12 between roots."""
    base = prepare("kazakhstan")
    return ep.assess(base.scenario, run_changes(base, 60), root=0)


@pytest.mark.slow
def test_the_checked_command_meets_the_count_and_kind_targets(checked_command):
    """Episodes within a factor of two of the record's four; three or more kinds of change in
    at least half the runs."""
    assert 0.5 <= checked_command["ratio_to_record"] <= 2, checked_command
    assert checked_command["share_runs_3_kinds"] >= 0.5, checked_command


@pytest.mark.slow
@pytest.mark.xfail(strict=True, reason="measured at the calibration in force (60 runs, root 0): "
                   "held-out timing error 1.95 y against 2.03 y for the random-timing null, "
                   "p = 0.084 (0.23 at the calibration before; ODD §10)")
def test_the_checked_command_times_held_out_episodes_better_than_chance(checked_command):
    assert checked_command["held_out"]["p_null"] < 0.05, checked_command["held_out"]
