"""Elections: seat totals equal the chamber sizes, tiers and affiliations as the thesis states."""

from __future__ import annotations

import pytest

from neopat.data.elections import (
    load_election_results,
    load_elections,
    load_endorsements,
    seat_totals,
)
from neopat.data.summary import election_summary

CHAMBERS = {
    "1994-parliamentary": (177, "kz-1994"),
    "1995-parliamentary": (67, "kz-1995"),
    "1999-parliamentary": (77, "kz-1999"),
    "2004-parliamentary": (77, "kz-2004"),
    "2007-parliamentary": (107, "kz-2007"),
}


def _results(election: str):
    return [r for r in load_election_results() if r.election == election]


@pytest.mark.parametrize("election", CHAMBERS)
def test_seats_sum_to_the_chamber(election):
    size, rule_set = CHAMBERS[election]
    row = next(e for e in load_elections() if e.id == election)
    assert (row.seats, row.rule_set) == (size, rule_set)
    assert seat_totals(load_election_results())[election] == size


def test_five_parliamentary_elections_with_ordered_rounds():
    parliamentary = [e for e in load_elections() if e.kind == "parliamentary"]
    assert [e.id for e in parliamentary] == list(CHAMBERS)
    for e in load_elections():
        assert e.dates == sorted(e.dates)


def test_1995_inconsistency_is_noted():
    election = next(e for e in load_elections() if e.id == "1995-parliamentary")
    assert "66" in election.note and "67" in election.note


def test_1994_state_list_and_missing_socialist_figure():
    rows = {r.contestant: r for r in _results("1994-parliamentary")}
    assert rows["state_list"].tier == "appointed" and rows["state_list"].seats == 42
    assert rows["spk"].seats == 8 and rows["spk"].derived and "68" in rows["spk"].note
    party_linked = sum(
        r.seats for r in rows.values() if r.contestant_type in ("party", "public_association")
    )
    assert party_linked == 76


def test_2007_list_and_ank_seats():
    rows = {r.contestant: r for r in _results("2007-parliamentary")}
    assert (rows["nur_otan"].tier, rows["nur_otan"].seats, rows["nur_otan"].vote_share) == (
        "list",
        98,
        88,
    )
    assert (rows["ank"].tier, rows["ank"].seats) == ("indirect", 9)
    assert all(r.seats == 0 for c, r in rows.items() if c not in ("nur_otan", "ank"))


def test_unknown_tiers_carry_a_note_and_list_votes_are_recorded():
    for r in load_election_results():
        if r.tier == "unknown" and r.seats:
            assert r.note
    shares = {(r.election, r.contestant): r.vote_share for r in load_election_results()}
    assert shares[("1999-parliamentary", "azamat")] == 4.57
    assert shares[("2004-parliamentary", "kpk_dvk")] == 3.4
    assert shares[("2004-parliamentary", "ak_zhol")] == 12


def test_self_nominated_winners_keep_their_declared_affiliation():
    rows = {r.contestant: r for r in _results("2004-parliamentary")}
    assert rows["independents"].affiliation == "pro"
    assert rows["ak_zhol"].affiliation != "pro"


def test_pro_presidential_seat_shares_follow_the_thesis():
    shares = {s["election"]: s["pro_presidential_share"] for s in election_summary()}
    assert shares["1994-parliamentary"] == pytest.approx(72 / 177, abs=1e-3)
    assert 0.84 < shares["1995-parliamentary"] < 0.86
    assert 0.75 <= shares["1999-parliamentary"] <= 0.88
    assert shares["2004-parliamentary"] == pytest.approx(76 / 77, abs=1e-3)
    assert shares["2007-parliamentary"] == 1.0


def test_2005_endorsements_follow_stance():
    backing = {
        e.party: e.candidate for e in load_endorsements() if e.election == "2005-presidential"
    }
    assert {p for p, c in backing.items() if c == "nazarbaev"} == {
        "apk",
        "asar",
        "gpk",
        "adilet",
        "auyl",
        "patriots",
        "rukhaniiat",
    }
    assert {p for p, c in backing.items() if c == "tuiakbai"} == {"alga", "kpk", "nagiz_ak_zhol"}
