"""The dataset registry: other datasets (rule sets, party laws) can be registered from outside."""

from __future__ import annotations

import pytest

from _record_copy import copy_record, edit_cell
from neopat.data import registry
from neopat.data.provenance import Provenance
from neopat.errors import InputError


class _RuleSet(Provenance):
    name: str


def _without_rule_sets(monkeypatch) -> None:
    """An isolated registry holding everything but the packaged rule sets."""
    registry.list_datasets()
    kept = {k: v for k, v in registry._REGISTRY.items() if k != "rule_sets"}
    monkeypatch.setattr(registry, "_REGISTRY", kept)


def test_register_and_load_an_outside_dataset(monkeypatch):
    _without_rule_sets(monkeypatch)
    rows = [_RuleSet(name="kz-1994", source="seed:9844-9847", match="177")]
    registry.register_dataset("rule_sets", lambda d: rows, description="test", id_field="name")
    assert "rule_sets" in [d.name for d in registry.list_datasets()]
    assert registry.load_dataset("rule_sets") == rows
    assert registry.find_row("rule_sets:kz-1994")[1] is rows[0]
    with pytest.raises(ValueError, match="already registered"):
        registry.register_dataset("rule_sets", lambda d: rows, description="again")


def test_unknown_dataset_and_row():
    with pytest.raises(InputError, match="unknown dataset"):
        registry.load_dataset("nope")
    with pytest.raises(InputError, match="row number"):
        registry.find_row("election_results:0")
    assert registry.find_row("election_results:1")[1].contestant == "snek"


def test_validate_record_reads_the_given_copy(tmp_path):
    copy = copy_record(tmp_path)
    counts = registry.validate_record(copy)
    assert counts["parties"] == len(registry.load_dataset("parties"))
    edit_cell(copy, "elite_offices.csv", 0, "elite", "nobody")
    with pytest.raises(InputError, match="unknown elite 'nobody'"):
        registry.validate_record(copy)


def test_elections_must_name_registered_rule_sets(monkeypatch):
    _without_rule_sets(monkeypatch)
    rows = [_RuleSet(name=n, source="seed:9844-9847", match="177") for n in ("kz-1994",)]
    registry.register_dataset("rule_sets", lambda d: rows, description="test", id_field="name")
    with pytest.raises(InputError, match="unknown rule set 'kz-1995'"):
        registry.validate_record()


def test_packaged_rule_sets_and_party_laws_are_registered():
    names = [d.name for d in registry.list_datasets()]
    assert {"rule_sets", "party_laws"} <= set(names)
    assert registry.find_row("rule_sets:kz-2007")[1].year == 2007
    assert registry.find_row("party_laws:kz-2002")[1].year == 2002


def test_each_election_has_the_chamber_size_of_its_rule_set():
    rule_sets = {r.name: r for r in registry.load_dataset("rule_sets")}
    checked = 0
    for election in registry.load_dataset("elections"):
        if not election.rule_set:
            continue
        assert election.seats == rule_sets[election.rule_set].chamber().seats, election.id
        checked += 1
    assert checked == 5


def test_a_rule_set_copy_with_the_wrong_chamber_is_read_from_the_record_directory(tmp_path):
    copy = copy_record(tmp_path)
    path = copy / "rule_sets.toml"
    path.write_text(path.read_text().replace('name = "kz-1995"', 'name = "kz-1995b"'))
    with pytest.raises(InputError, match="unknown rule set 'kz-1995'"):
        registry.validate_record(copy)
