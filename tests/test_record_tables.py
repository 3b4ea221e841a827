"""Tables 4.1, 5.1, 5.2-5.3 and the polls, as printed (inconsistencies noted, not fixed)."""

from __future__ import annotations

from neopat.data.tables import (
    load_commission_nominees_2004,
    load_commissions_2007,
    load_ideology,
    load_memberships,
    load_polls,
)


def test_table_4_1_keeps_the_printed_total_and_notes_it():
    rows = load_commissions_2007()
    counted = sum(r.members for r in rows if r.row_kind in ("party", "other") and r.party != "osdp")
    assert counted == 61622
    printed = next(r for r in rows if r.row_kind == "total" and r.affiliation == "pro")
    assert printed.members == 616622 and "61,622" in printed.note


def test_table_5_1_registered_parties_meet_the_50000_floor():
    rows = load_memberships()
    registered = [r for r in rows if r.registered]
    assert len(registered) == 10
    assert min(r.members for r in registered) >= 50_000
    assert next(r for r in rows if r.party == "nur_otan").members == 607_557


def test_ideology_tables():
    rows = load_ideology()
    positions = {r.party: r.position for r in rows if r.table == "5.2"}
    assert positions["kpk"] == "left" and positions["nur_otan"] == "centre"
    assert positions["atameken"] == "right"
    assert len([r for r in rows if r.table == "5.3"]) == 7


def test_polls_are_percentages_and_table_6_1_is_complete():
    polls = load_polls()
    assert all(0 <= p.value <= 100 for p in polls)
    recognition = [p for p in polls if p.poll == "asip-2004-recognition"]
    assert len(recognition) == 13
    assert max(recognition, key=lambda p: p.value).person == "nazarbaeva_dariga"


def test_2004_commission_nominees_favour_pro_presidential_parties():
    shares = {r.party: r.elected_pct for r in load_commission_nominees_2004()}
    assert shares == {"asar": 99, "otan": 98, "ak_zhol": 51, "dvk": 20}
