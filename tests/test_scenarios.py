"""Scenario validation, overrides and the parameter catalogue."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from neopat.errors import InputError
from neopat.scenarios import load_scenario, packaged_names, parameter_catalogue
from neopat.scenarios.catalogue import GROUPS

SOURCE = re.compile(r"^(seed:\d+-\d+|default \(thesis silent\))$")


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "neopat", *args], capture_output=True,
                          text=True, check=False)


def test_packaged_scenarios_validate():
    assert {"kazakhstan", "generic"} <= set(packaged_names())
    kz = load_scenario("kazakhstan")
    assert (kz.years.start, kz.years.end) == (1990, 2008)
    assert kz.population.source == "record"
    assert {i.kind for i in kz.inputs} == {"rule_set", "party_law", "election", "privatisation"}
    assert {i.name for i in kz.inputs if i.kind == "rule_set"} == {
        "kz-1994", "kz-1995", "kz-1999", "kz-2004", "kz-2007"}
    assert all(re.match(r"^seed:\d+-\d+$", i.source) for i in kz.inputs)


def test_catalogue_declares_every_parameter_once_with_metadata():
    cat = parameter_catalogue()
    names = [p.name for p in cat]
    assert len(names) == len(set(names)) and len(names) > 30
    for p in cat:
        assert p.tier in {"informal", "formal", "numerical"} and p.group in GROUPS, p
        assert p.doc and SOURCE.match(p.source), p
        if p.type in {"float", "int"}:
            assert p.lo is not None and p.hi is not None and p.lo <= p.default <= p.hi, p
    for name in ("selective.selective_enforcement", "selective.admin_resources",
                 "selective.falsification", "selective.media_control",
                 "patronage.balance_cap", "ruler.species"):
        assert name in names


def test_set_overrides_are_type_checked_against_the_catalogue():
    sc = load_scenario("generic", ["arbitration.seizure_fraction=0.1", "ruler.species=favoritist"])
    assert sc.arbitration.seizure_fraction == 0.1 and sc.ruler.species == "favoritist"
    with pytest.raises(InputError, match="not a valid float"):
        load_scenario("generic", ["arbitration.seizure_fraction=lots"])
    with pytest.raises(InputError, match="not a catalogue parameter"):
        load_scenario("generic", ["arbitration.no_such=1"])
    with pytest.raises(InputError, match="ruler.species"):
        load_scenario("generic", ["ruler.species=tyrant"])


def test_validate_catalogue_lists_vote_count_society_and_typology_parameters():
    import json

    result = cli("validate", "kazakhstan", "--catalogue", "--format", "json",
                 "--set", "vote.b_appeal=0.5", "--set", "typology.personalism_weight=0.2")
    assert result.returncode == 0, result.stderr
    rows = {r["name"]: r for r in json.loads(result.stdout)}
    for name in ("vote.b_distance", "vote.turnout_apathy", "vote.admin_pressure",
                 "count.max_shift", "count.target_share", "count.max_padding",
                 "typology.charismatic_min_dependency", "typology.coherence_attempted",
                 "society.tie_rate", "loyalty.kin_loyalty", "ruler.legitimacy_rate"):
        assert rows[name]["source"] and rows[name]["tier"] == "informal", name
    assert rows["vote.b_appeal"]["value"] == 0.5 and rows["vote.b_appeal"]["default"] == 1.5
    assert rows["typology.personalism_weight"]["value"] == 0.2
    assert rows["vote.against_all"]["tier"] == "formal"  # a ballot rule: electoral formula


def test_engine_defaults_are_the_catalogue_defaults():
    """The vote engines, the count and the typology rules used on their own behave as the
    model does at the catalogue's defaults."""
    from dataclasses import fields

    from neopat.model.electorate.choice import VoteParams
    from neopat.model.electorate.falsification import FalsificationParams
    from neopat.rules.typology import TypologyParams
    from neopat.scenarios.schema import Scenario

    default = {name: f.default for name, f in Scenario.model_fields.items()}
    assert default["typology"].rules() == TypologyParams()
    vote = default["vote"].model_dump() | {"b_admin": default["vote"].admin_pressure}
    for f in fields(VoteParams):
        if f.name in vote:
            assert f.default == vote[f.name], f.name
    count = default["count"].model_dump()
    assert {f.name for f in fields(FalsificationParams)} - set(count) == {"sensitivity"}
    assert all(f.default == count[f.name] for f in fields(FalsificationParams) if f.name in count)


def test_unknown_key_is_named_with_file_and_exit_2(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\n[years]\nstart = 1990\nend = 1995\n[loyalty]\nzeal = 1.0\n')
    with pytest.raises(InputError) as err:
        load_scenario(bad)
    assert "loyalty.zeal" in str(err.value) and "unknown key" in str(err.value)
    result = cli("validate", str(bad))
    assert result.returncode == 2
    assert "bad.toml" in result.stderr and "loyalty.zeal" in result.stderr
    assert "Traceback" not in result.stderr


def test_negative_probability_is_rejected_with_exit_2(tmp_path):
    bad = tmp_path / "neg.toml"
    bad.write_text('name = "x"\n[years]\nstart = 1990\nend = 1995\n'
                   '[selective]\npunishment_probability = -0.2\n')
    result = cli("validate", str(bad))
    assert result.returncode == 2
    assert "selective.punishment_probability" in result.stderr
    assert "greater than or equal to 0" in result.stderr
    assert cli("validate", "generic").returncode == 0


def test_reversed_years_and_missing_files_are_input_errors(tmp_path):
    bad = tmp_path / "years.toml"
    bad.write_text('name = "x"\n[years]\nstart = 2000\nend = 1995\n')
    with pytest.raises(InputError, match="end must not be before start"):
        load_scenario(bad)
    with pytest.raises(InputError, match="not found"):
        load_scenario(tmp_path / "missing.toml")
    with pytest.raises(InputError, match="unknown scenario"):
        load_scenario("atlantis")


def test_generic_scenario_size_is_configurable(tmp_path):
    import tomli_w

    from neopat.model import NeopatModel

    text = tmp_path / "g.toml"
    base = load_scenario("generic").model_dump(mode="json", exclude_none=True)
    base["population"]["n_elites"] = 150
    base["population"]["n_factions"] = 12
    text.write_bytes(tomli_w.dumps(base).encode())
    big = load_scenario(text)
    model = NeopatModel(big, seed=1).run()
    newcomers = sum(i.count for i in big.inputs if i.kind == "newcomers")
    assert newcomers > 0 and len(model.elites) == 150 + newcomers
    assert len(model.offices) > len(NeopatModel(load_scenario("generic"), seed=1).offices)
