"""Printed levels of the party registry (registry_counts.csv) against the registration history."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from _record_copy import copy_record, edit_cell
from neopat.cli import app
from neopat.data.parties import (
    PartyRegistration,
    load_party_registrations,
    load_registry_counts,
    registered_on,
)
from neopat.data.provenance import parse_source
from neopat.data.registry import get_dataset, validate_record
from neopat.errors import InputError

WORDS = {3: "three", 4: "four", 7: "seven", 8: "eight", 10: "ten", 19: "nineteen"}


def passage(source: str, seed_lines: list[str]) -> str:
    start, end = parse_source(source)
    return " ".join(seed_lines[start - 1 : end])


def printed(count: int, text: str) -> bool:
    word = WORDS.get(count)
    return bool(
        re.search(rf"(?<![\d.,]){count}(?![\d])", text)
        or (word and re.search(rf"\b{word}\b", text, re.IGNORECASE))
    )


def test_the_printed_levels_are_there():
    levels = {(c.date, c.counted): c.count for c in load_registry_counts()}
    assert levels[("1994", "registered_for_election")] == 3  # seed:9855-9859
    assert levels[("2002", "registered")] == 19  # seed:10957
    assert levels[("2003", "reregistered")] == 7
    assert levels[("2003", "failed_reregistration")] == 4
    assert levels[("2003-10", "registered")] == 8  # derived: 7 + Rukhaniiat
    assert levels[("2004-06-09", "registered")] == 10  # fn141
    assert levels[("2008", "registered")] == 10  # Table 5.1


def test_counts_said_to_be_printed_are_in_their_passage(seed_lines):
    missing = [
        (c.date, c.count)
        for c in load_registry_counts()
        if not c.derived and not printed(c.count, passage(c.source, seed_lines))
    ]
    assert missing == []


def test_each_registry_level_is_reproduced_or_the_gap_is_noted():
    """A level of registered parties lies within what the registration history allows, or
    its note says where party_registrations.csv falls short (the thesis names too few)."""
    regs = load_party_registrations()
    for c in load_registry_counts():
        if c.counted not in ("registered", "registered_for_election"):
            continue
        surely, possibly = registered_on(c.date, regs)
        assert set(c.parties) <= possibly, c.date
        if not len(surely) <= c.count <= len(possibly):
            assert "party_registrations.csv" in c.note, (c.date, len(surely), len(possibly))


def test_the_june_2004_level_needs_dvk_or_adilet():
    surely, possibly = registered_on("2004-06-09", load_party_registrations())
    assert len(surely) == 9 and "knpk" not in possibly
    assert {"dvk", "adilet"} <= possibly - surely


def test_the_2008_level_is_table_5_1():
    table = next(c for c in load_registry_counts() if c.date == "2008")
    surely, possibly = registered_on("2008", load_party_registrations())
    assert set(table.parties) == surely == possibly


def test_registered_on_treats_coarser_dates_as_either_side():
    def reg(party, date, status):
        return PartyRegistration(party=party, date=date, status=status, source="seed:1-2", match="x")

    history = [
        reg("a", "1999", "registered"),
        reg("a", "2004", "liquidated"),
        reg("b", "2004-07", "registered"),
        reg("c", "2004-06-09", "registered"),
    ]
    surely, possibly = registered_on("2004-06-09", history)
    assert surely == {"c"} and possibly == {"a", "c"}
    assert registered_on("2005", history) == ({"b", "c"}, {"b", "c"})
    with pytest.raises(InputError):
        registered_on("June 2004", history)


def test_named_parties_must_match_the_count(tmp_path):
    copy = copy_record(tmp_path)
    line = edit_cell(copy, "registry_counts.csv", 0, "count", "4")
    with pytest.raises(InputError, match=rf"line {line}.*3 parties named for a count of 4"):
        load_registry_counts(copy)


def test_unknown_party_and_duplicate_level(tmp_path):
    copy = copy_record(tmp_path)
    edit_cell(copy, "registry_counts.csv", 0, "parties", "snek;nkk;nobody")
    with pytest.raises(InputError, match="unknown party 'nobody'"):
        validate_record(copy)
    copy = copy_record(tmp_path / "second")
    edit_cell(copy, "registry_counts.csv", 1, "date", "2003")
    edit_cell(copy, "registry_counts.csv", 1, "counted", "reregistered")
    with pytest.raises(InputError, match="a second 'reregistered' count on 2003"):
        load_registry_counts(copy)


def test_registered_as_a_dataset():
    dataset = get_dataset("registry_counts")
    assert len(dataset.load()) == len(load_registry_counts())
    assert [r["count"] for r in dataset.display(year=2004)] == [10]
    result = CliRunner().invoke(app, ["data", "show", "registry_counts", "--format", "json"])
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert {"date", "count", "counted", "parties", "source"} <= set(rows[0])
