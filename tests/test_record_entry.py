"""Entry years: printed where the thesis prints the first position, else the common year.

No entry year may come from a fate or a defection (the leak of issue 16: 17 of the 20 DVK
signatories of Table 3.5 used to enter in 2001, the year they defected).
"""

from __future__ import annotations

import pytest

from _record_copy import copy_record, edit_cell
from neopat.data.elites import (
    COMMON_ENTRY_YEAR,
    load_elite_offices,
    load_elites,
    load_factions,
)
from neopat.data.provenance import parse_source
from neopat.errors import InputError

# Table 3.5 signatories who enter at the common year: their first position is dated only by the
# table (or, for Zhakiianov, is an undated business before his akim post of 1994).
DVK_SIGNATORIES_AT_COMMON_YEAR = {
    "tatishev",
    "subkhanberdin",
    "zhandosov",
    "baimenov",
    "kelimbetov",
    "imashev",
    "ertlesova",
    "amrin",
    "alzhanov",
    "smagulov",
    "ashimov",
    "meltser",
    "konakbaev",
    "esimkhanov",
    "battalova",
    "mashani",
    "zhakiianov",
}


def passage(source: str, seed_lines: list[str]) -> str:
    start, end = parse_source(source)
    return " ".join(seed_lines[start - 1 : end])


def test_every_elite_says_how_its_entry_year_was_obtained():
    for e in load_elites():
        if e.entry_basis == "assumed":
            assert e.entry_year == COMMON_ENTRY_YEAR and e.entry_source is None, e.id
        else:
            assert e.entry_source is not None, e.id


def test_printed_entry_years_are_printed_in_their_source(seed_lines):
    missing = [
        (e.id, e.entry_year, e.entry_source)
        for e in load_elites()
        if e.entry_basis == "printed" and str(e.entry_year) not in passage(e.entry_source, seed_lines)
    ]
    assert missing == []


def test_no_entry_year_is_a_fate_or_defection_year_unless_printed(seed_lines):
    """An entry may share its year with a fate or defection only when the entry is printed."""
    leaks = []
    for e in load_elites():
        if e.entry_year not in (e.defected_year, e.fate_year):
            continue
        printed = e.entry_basis == "printed" and str(e.entry_year) in passage(e.entry_source, seed_lines)
        if not printed:
            leaks.append(e.id)
    assert leaks == []


def test_no_defector_enters_in_the_year_it_defects():
    same = [e.id for e in load_elites() if e.defected_year and e.defected_year == e.entry_year]
    assert same == []


def test_dvk_signatories_enter_at_the_common_year_with_their_posts_as_outcomes():
    elites = {e.id: e for e in load_elites()}
    offices = load_elite_offices()
    for name in DVK_SIGNATORIES_AT_COMMON_YEAR:
        assert elites[name].entry_basis == "assumed" and elites[name].entry_office is None, name
        assert all(o.role == "outcome" for o in offices if o.elite == name), name
    # The non-defecting signatory and the DVK leaders with a printed earlier post keep them.
    assert elites["tokhtasynov"].entry_year == 2001 and elites["tokhtasynov"].entry_basis == "printed"
    assert elites["abliazov"].entry_year == 1994 and elites["abilov"].entry_year == 1994


def test_assumed_entries_hold_an_office_only_where_the_thesis_places_it_at_that_time():
    """The common year stands for the early post-Soviet years: only the reform government of
    seed:6898-6912 and the Supreme Soviet chairman hold a post at it."""
    assumed = {e.id for e in load_elites() if e.entry_basis == "assumed"}
    holders = {o.elite for o in load_elite_offices() if o.role == "initial" and o.elite in assumed}
    assert holders == {"tereshchenko", "asanbaev", "karamanov", "sembaev", "abdildin"}


def test_a_faction_enters_with_its_first_elite():
    first: dict[str, int] = {}
    for e in load_elites():
        first[e.faction] = min(first.get(e.faction, e.entry_year), e.entry_year)
    assert {f.id: f.entry_year for f in load_factions()} == first


@pytest.mark.parametrize(
    ("column", "value", "problem"),
    [
        ("entry_year", "1995", "common year 1992"),
        ("entry_source", "seed:7725-7733", "cites no entry_source"),
    ],
)
def test_an_assumed_entry_must_be_the_common_year(tmp_path, column, value, problem):
    copy = copy_record(tmp_path)
    row = [e.id for e in load_elites()].index("aliev")
    line = edit_cell(copy, "elites.csv", row, column, value)
    with pytest.raises(InputError, match=rf"line {line}.*{problem}|{problem}"):
        load_elites(copy)


def test_a_printed_entry_needs_its_source(tmp_path):
    copy = copy_record(tmp_path)
    row = [e.id for e in load_elites()].index("tursunov")
    edit_cell(copy, "elites.csv", row, "entry_source", "")
    with pytest.raises(InputError, match="needs an entry_source"):
        load_elites(copy)


def test_faction_entry_must_follow_its_elites(tmp_path):
    copy = copy_record(tmp_path)
    row = [f.id for f in load_factions()].index("young_reformers")
    edit_cell(copy, "factions.csv", row, "entry_year", "2001")
    with pytest.raises(InputError, match="factions.csv.*first elite in 1992"):
        load_elites(copy)


def test_entry_office_must_be_an_initial_office(tmp_path):
    copy = copy_record(tmp_path)
    row = [e.id for e in load_elites()].index("aliev")
    edit_cell(copy, "elites.csv", row, "entry_office", "tax_police")
    with pytest.raises(InputError, match="entry_office 'tax_police'.*not one of its 'initial'"):
        load_elite_offices(copy)
