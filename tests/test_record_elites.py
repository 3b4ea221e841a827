"""Factions, elites and offices: inputs apart from outcomes, references, dates, provenance."""

from __future__ import annotations

import pytest

from _record_copy import copy_record, drop_column, edit_cell
from neopat.data.elites import (
    COMMON_ENTRY_YEAR,
    ELITE_OUTCOME_FIELDS,
    OFFICE_KINDS,
    StartingElite,
    StartingFaction,
    load_elite_offices,
    load_elites,
    load_factions,
    load_starting_elites,
    load_starting_factions,
)
from neopat.data.provenance import source_problem
from neopat.errors import InputError


def test_factions_cover_the_reconstructed_power_map():
    ids = {f.id for f in load_factions()}
    for expected in (
        "president",
        "family_aliev",
        "family_kulibaev",
        "mashkevich",
        "abliazov",
        "kazhegeldin",
        "young_reformers",
        "old_guard",
        "regional",
    ):
        assert expected in ids
    kin = {f.id for f in load_factions() if f.kinship}
    assert kin == {"family_aliev", "family_kulibaev", "family_tursunov"}


def test_president_and_key_elites_present():
    elites = {e.id: e for e in load_elites()}
    assert elites["nazarbaev"].faction == "president"
    assert elites["nazarbaev"].entry_office == "president"
    assert elites["aliev"].kin and elites["aliev"].faction == "family_aliev"
    assert elites["kazhegeldin"].defected_year == 1998
    signatories = [e for e in elites.values() if e.defected_year == 2001]
    # Table 3.5 has 20 names; Tokhtasynov is a KPK (communist) deputy, not a defector.
    assert len(signatories) == 19
    assert elites["tokhtasynov"].defected_year is None
    assert elites["tokhtasynov"].faction == "supreme_soviet"


def test_ak_zhol_co_chairmen_defect_by_2004():
    """Zhukeev and Sarsenbaev co-chair Ak Zhol at the 2004 election (seed:10584-10586)."""
    elites = {e.id: e for e in load_elites()}
    for name in ("zhukeev", "sarsenbaev"):
        assert elites[name].defected_year == 2004


def test_starting_models_carry_no_outcome():
    for model in (StartingElite, StartingFaction):
        for field in ELITE_OUTCOME_FIELDS:
            assert field not in model.model_fields
    starting = {e.id: e for e in load_starting_elites()}
    assert len(starting) == len(load_elites())
    assert not hasattr(starting["aliev"], "fate")
    offices = {o.office for o in starting["tursunov"].initial_offices}
    assert offices == {"presidential_administration"}  # appointed October 1995 (printed)
    # Aliev's first post (tax police) is undated: he enters at the common year with no office,
    # and the tax police, KNB, security and ambassador posts are all outcomes.
    assert starting["aliev"].entry_year == COMMON_ENTRY_YEAR
    assert starting["aliev"].initial_offices == ()
    assert len(load_starting_factions()) == len(load_factions())


def test_initial_offices_are_held_at_entry_and_years_ordered():
    elites = {e.id: e for e in load_elites()}
    for o in load_elite_offices():
        assert o.office in OFFICE_KINDS
        entry = elites[o.elite].entry_year
        if o.end_year is not None:
            assert o.end_year >= o.start_year
        if o.role == "initial":
            assert o.start_year <= entry and (o.end_year is None or o.end_year >= entry)
        else:
            assert o.start_year >= entry


@pytest.mark.parametrize("loader", [load_factions, load_elites, load_elite_offices])
def test_every_row_cites_the_seed(loader, seed_lines):
    problems = [(row, source_problem(row.source, row.match, seed_lines)) for row in loader()]
    assert [p for p in problems if p[1]] == []


def test_unknown_faction_names_file_line_and_field(tmp_path):
    copy = copy_record(tmp_path)
    line = edit_cell(copy, "elites.csv", 3, "faction", "no_such_faction")
    with pytest.raises(InputError) as exc:
        load_starting_elites(copy)
    message = str(exc.value)
    assert "elites.csv" in message and f"line {line}" in message and "'faction'" in message


def test_bad_year_and_missing_column(tmp_path):
    copy = copy_record(tmp_path)
    line = edit_cell(copy, "elite_offices.csv", 0, "start_year", "19x5")
    with pytest.raises(InputError, match=rf"line {line}, field 'start_year'"):
        load_elite_offices(copy)
    drop_column(copy, "factions.csv", "entry_year")
    with pytest.raises(InputError, match="missing column.*entry_year"):
        load_factions(copy)


def test_initial_office_after_entry_is_rejected(tmp_path):
    copy = copy_record(tmp_path)
    edit_cell(copy, "elite_offices.csv", 0, "start_year", "1999")  # nazarbaev entered 1990
    with pytest.raises(InputError, match="'initial' office not held"):
        load_elite_offices(copy)


def test_table_3_5_dates_no_start_year():
    """Table 3.5 (seed:8157-8196) dates the posts its signatories held on 18 Nov 2001, not when
    they took them up: an office row dated 2001 from it is derived."""
    table = [o for o in load_elite_offices() if o.source in ("seed:8157-8196", "seed:8139-8157")]
    assert len(table) == 17
    assert all(o.derived and "Table 3.5" in o.note for o in table if o.start_year == 2001)
