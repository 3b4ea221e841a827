"""The formal tier as scenario data: dated rule sets and party laws a scenario names, cited by
any source in user data, elections that declare their office and never run without rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from neopat.data.provenance import citation_problem
from neopat.data.rule_sets import load_party_law, parse_library
from neopat.errors import InputError
from neopat.model import NeopatModel
from neopat.model.formal.elections import step_elections
from neopat.scenarios import load_scenario

RULES = '''
[[rule_set]]
name = "two-party"
year = 2009
source = "{source}"
note = "the 2009 amendment: a second list is admitted below the threshold"
[[rule_set.chambers]]
name = "mazhilis"
tiers = [{{ kind = "list_pr", name = "list", seats = 98, threshold = 0.07, min_parties = 2 }}]
'''
LAW = '''
[[party_law]]
name = "user-law"
year = 1990
min_members = 3000
source = "cite: a party law of the user's own, for the test"
'''
INPUTS = '''
[[inputs]]
kind = "rule_set"
name = "{rules}"
year = {rules_year}

[[inputs]]
kind = "party_law"
name = "user-law"
year = 1990

[[inputs]]
kind = "election"
office = "parliament"
name = "mazhilis-2012"
year = 2012
month = 1
'''


def scenario(tmp_path, *, source="https://example.org/kz-election-law-2009", rules="two-party",
             rules_year=2009, extra=""):
    """A small synthetic scenario running to 2013 with an inline rule set and party law."""
    text = ('name = "user"\nlibraries = ["kazakhstan"]\n[years]\nstart = 1990\nend = 2013\n'
            + RULES.format(source=source) + LAW
            + INPUTS.format(rules=rules, rules_year=rules_year) + extra)
    path = tmp_path / "user.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("source", [
    "https://www.osce.org/odihr/elections/kazakhstan", "http://example.org/a?b=1",
    "doi:10.1080/09668136.2011.576020", "cite: OSCE/ODIHR, Final Report, Warsaw 2012",
])
def test_user_data_may_cite_any_source(source):
    assert citation_problem(source, "", "", "citation") is None
    assert citation_problem(source, "", "", "seed") is not None  # the record cites the thesis


@pytest.mark.parametrize(("source", "match", "note", "problem"), [
    ("assumed", "", "", "needs a note"),
    ("seed:1-99", "x", "", "spans 99 lines"),
    ("seed:10-12", "", "", "needs a `match`"),
    ("cite: short", "", "", "at least 10"),
    ("ftp://example.org", "", "", "not a citation"),
    ("a book I read", "", "", "not a citation"),
])
def test_malformed_citations_are_refused(source, match, note, problem):
    assert problem in citation_problem(source, match, note, "citation")


def test_the_packaged_record_keeps_seed_provenance(tmp_path):
    """A library file holds [[rule_set]] and [[party_law]] tables; under the record's policy a
    URL is refused, under the user's it is accepted."""
    text = LAW.replace("cite: a party law of the user's own, for the test",
                       "https://example.org/law")
    assert parse_library(text, "lib.toml", "citation").party_law["user-law"].min_members == 3000
    with pytest.raises(InputError, match=r"lib.toml: party_law\[user-law\].source: .*seed:"):
        parse_library(text, "lib.toml", "seed")
    path = tmp_path / "law.toml"
    path.write_text(text, encoding="utf-8")
    assert load_party_law(path).source == "https://example.org/law"


def test_a_user_scenario_runs_past_the_record_with_its_own_rules(tmp_path):
    sc = load_scenario(scenario(tmp_path))
    assert sc.in_force("rule_set", 2012) == "two-party" and sc.in_force("party_law", 1990)
    model = NeopatModel(sc, seed=1).run()
    (election,) = model.elections
    assert (election["year"], election["rule_set"]) == (2012, "two-party")
    assert sum(election["seats"].values()) == 98
    assert [r["year"] for r in model.records][-1] == 2013


@pytest.mark.parametrize(("kwargs", "where", "problem"), [
    ({"rules_year": 2013}, "inputs.2",
     "election 'mazhilis-2012' (2012-01) has no rule set in force: add a rule_set input dated "
     "2012 or earlier"),
    ({"rules": "kz-2099"}, "inputs.0", "unknown rule set 'kz-2099'"),
    ({"source": "seed:1-99"}, "rule_set.0.source", "spans 99 lines"),
    ({"source": "assumed", "extra": '[[rule_set]]\nname = "kz-2007"\nyear = 1\nsource = "x"\n'
      '[[rule_set.chambers]]\nname = "c"\ntiers = [{kind = "smd", name = "d", districts = 1}]\n'},
     "rule_set.1.source", "not a citation"),
    ({"extra": '[[inputs]]\nkind = "election"\nname = "parliament-2013"\nyear = 2013\n'},
     "inputs.3", "an election needs office"),
    ({"extra": '[[inputs]]\nkind = "party_law"\nname = "kz-2077"\nyear = 2010\n'},
     "inputs.3", "unknown party law 'kz-2077'"),
])
def test_validate_refuses_bad_formal_data_with_exit_2(tmp_path, invoke, kwargs, where, problem):
    path = scenario(tmp_path, **kwargs)
    code, out = invoke("validate", str(path))
    assert code == 2 and f"user.toml: {where}: " in out and problem in out, out


def test_names_resolve_once(tmp_path):
    extra = RULES.format(source="assumed").replace('"two-party"', '"kz-2007"').replace(
        'note = "the', 'note = "a copy:')
    with pytest.raises(InputError, match="rule set 'kz-2007' is defined twice"):
        load_scenario(scenario(tmp_path, extra=extra))


def test_a_party_law_is_in_force_from_the_first_year(tmp_path):
    path = scenario(tmp_path)
    path.write_text(path.read_text().replace("year = 1990\n\n[[inputs]]", "year = 1995\n\n"
                                             "[[inputs]]"), encoding="utf-8")
    with pytest.raises(InputError, match="no party law is in force in 1990: add a party_law input "
                                         "dated 1990 or earlier"):
        load_scenario(path)


def test_rule_sets_and_laws_from_files_next_to_the_scenario(tmp_path):
    (tmp_path / "laws.toml").write_text(RULES.format(source="doi:10.1000/xyz123") + LAW,
                                        encoding="utf-8")
    main = scenario(tmp_path).read_text().replace(RULES.format(
        source="https://example.org/kz-election-law-2009") + LAW, "")
    main = main.replace('libraries = ["kazakhstan"]', 'libraries = ["kazakhstan", "laws.toml"]')
    (tmp_path / "user.toml").write_text(main, encoding="utf-8")
    sc = load_scenario(tmp_path / "user.toml")
    assert sc.libraries == ["kazakhstan"]  # the file's tables became the scenario's own
    assert [r.name for r in sc.rule_set] == ["two-party"] and sc.party_law[0].name == "user-law"
    (tmp_path / "laws.toml").write_text(RULES.format(source="who knows"), encoding="utf-8")
    with pytest.raises(InputError, match=r"laws.toml: rule_set\[two-party\].source"):
        load_scenario(tmp_path / "user.toml")


def test_an_election_without_rules_is_never_skipped_silently():
    model = NeopatModel(load_scenario("generic"), seed=1)
    model.year, model.rule_set = 1999, ""  # a model put together in code, past validation
    with pytest.raises(InputError, match="election 'legislature' .* has no rule set in force"):
        step_elections(model)


def test_generic_holds_its_election_under_its_own_rules(invoke):
    code, out = invoke("run", "generic", "--seed", "1")
    assert code == 0 and "1999-10   legislature" in out
    model = NeopatModel(load_scenario("generic"), seed=1).run()
    assert [(e["name"], e["rule_set"]) for e in model.elections] == [
        ("legislature", "generic-mixed")]
    assert {e.detail["law"] for e in model.log if e.mechanism == "party_registration"} == {
        "generic-law"}


def test_the_office_decides_the_election_not_its_name(tmp_path):
    data = load_scenario("generic").model_dump(mode="json", exclude_none=True)
    election = next(i for i in data["inputs"] if i["kind"] == "election")
    election["name"] = "president-of-the-assembly"
    from neopat.scenarios.loader import validate_scenario
    model = NeopatModel(validate_scenario(data, "renamed"), seed=1).run()
    assert [(e["name"], e["kind"]) for e in model.elections] == [
        ("president-of-the-assembly", "parliament")]


def test_inputs_dated_before_the_first_year_are_in_force_at_the_start():
    sc = load_scenario("kazakhstan", [])
    late = sc.model_copy(update={"years": sc.years.model_copy(update={"start": 2000})})
    model = NeopatModel(late, seed=1)
    assert (model.rule_set, model.institutions.party_law) == ("kz-1999", "kz-1996")


def test_endogenous_mode_starts_from_the_first_inputs_or_the_named_ones():
    sc = load_scenario("generic", ["institutions.endogenous=true"])
    model = NeopatModel(sc, seed=1)
    assert (model.rule_set, model.institutions.party_law) == ("generic-mixed", "generic-law")
    # every election runs under the initial rule set or one the ruler derived from it
    assert {e["rule_set"].split("+")[0] for e in model.run().elections} == {"generic-mixed"}
    kz = load_scenario("kazakhstan", ["institutions.endogenous=true",
                                      "institutions.initial_rule_set=kz-1999"])
    assert NeopatModel(kz, seed=1).rule_set == "kz-1999"
    with pytest.raises(InputError, match="institutions.initial_party_law: unknown party law"):
        load_scenario("generic", ["institutions.initial_party_law=kz-1996"])


EXAMPLE = Path(__file__).parents[1] / "docs" / "examples" / "kazakhstan-2015.toml"


def test_the_example_runs_past_the_record_with_user_rules_and_laws(invoke):
    """The acceptance check: 1990-2015, a user rule set citing a non-thesis source in force from
    2009, a user party law dated 2009 (in a file next to the scenario), elections and rents."""
    assert invoke("validate", str(EXAMPLE))[0] == 0
    sc = load_scenario(EXAMPLE)
    kz = load_scenario("kazakhstan")
    assert [i for i in sc.inputs if i.year <= 2008] == kz.inputs  # the record, unchanged
    (rules,), (law,) = sc.rule_set, sc.party_law
    assert rules.source.startswith("http") and law.source.startswith("http")
    assert {i.name: i.year for i in sc.inputs if i.kind in ("rule_set", "party_law")
            and i.year > 2008} == {"kz-2009": 2009}
    assert sc.rent(2015) != kz.rent(2015)
    model = NeopatModel(sc, seed=1).run()
    assert [r["year"] for r in model.records][-1] == 2015
    late = {e["name"]: e["rule_set"] for e in model.elections if e["year"] > 2008}
    assert late == {"president-2011": "kz-2009", "parliament-2012": "kz-2009",
                    "president-2015": "kz-2009"}
    assert model.law_name == "kz-2009"
    code, out = invoke("run", str(EXAMPLE), "--seed", "1", "--format", "json")
    assert code == 0 and '"parliament-2012"' in out
