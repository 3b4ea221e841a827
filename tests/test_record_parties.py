"""Parties, stances, registration history and lineage."""

from __future__ import annotations

from neopat.data.loader import date_before
from neopat.data.parties import (
    load_parties,
    load_party_lineage,
    load_party_registrations,
    load_party_stances,
    stance_on,
)

REQUIRED = {
    "snek",
    "nkk",
    "spk",
    "kpk",
    "pvk",
    "rukhaniiat",
    "dpk",
    "otan",
    "nur_otan",
    "asar",
    "gpk",
    "apk",
    "rnpk",
    "azamat",
    "alash",
    "dvk",
    "ak_zhol",
    "nagiz_ak_zhol",
    "azat",
    "alga",
    "osdp",
    "knpk",
    "adilet",
    "auyl",
    "patriots",
    "atameken",
    "ldk",
    "kazakhstan_2030",
    "peasants_union",
}


def test_every_required_party_is_present():
    ids = {p.id for p in load_parties()}
    assert ids >= REQUIRED
    assert len([p for p in load_parties() if p.kind == "party"]) >= 25


def test_registrations_follow_founding():
    founded = {p.id: p.founded for p in load_parties()}
    for r in load_party_registrations():
        if founded[r.party]:
            assert not date_before(r.date, founded[r.party]), r


def test_2002_law_outcome():
    regs = load_party_registrations()
    reregistered = {r.party for r in regs if r.status == "registered" and r.date.startswith("2003")}
    assert {"ak_zhol", "gpk", "otan", "apk", "kpk", "patriots", "auyl"} <= reregistered
    liquidated = {r.party for r in regs if r.status == "liquidated" and r.date == "2003"}
    assert liquidated == {"azamat", "alash", "nkk", "spk", "compatriot"}
    assert {r.status for r in regs if r.party == "rnpk"} >= {"registered", "not_reregistered"}


def test_2002_law_dates_come_from_footnotes_only_as_derived_years():
    """No date of the re-registration round is printed; the cited sources' publication dates
    (fn145, 10 April 2003; fn143, 12 May 2004) bound them, so the rows keep the year, derived."""
    regs = load_party_registrations()
    failed = [r for r in regs if r.status in ("liquidated", "not_reregistered") and r.date < "2004-12"]
    assert {r.party for r in failed} == {"azamat", "alash", "nkk", "spk", "compatriot", "rnpk"}
    assert all(r.derived and len(r.date) == 4 and "four failed" in r.note for r in failed)


def test_parties_re_registered_or_refused_in_2002_03_were_registered_before():
    """Re-registration implies an earlier registration: the record names 13 of the 19 parties
    registered before the 2002 law (seed:10957-10961)."""
    regs = load_party_registrations()
    before = {r.party for r in regs if r.status == "registered" and r.date < "2002"}
    merged_by_then = {r.party for r in regs if r.status == "merged" and r.date < "2002"}
    assert len(before - merged_by_then) == 13


def test_dominant_party_forms_by_mergers():
    lineage = load_party_lineage()
    into_otan = {
        link.source_party
        for link in lineage
        if link.kind == "merger" and link.target_party == "otan"
    }
    assert into_otan == {"snek", "dpk", "ldk", "kazakhstan_2030", "asar", "gpk", "apk"}
    assert any(link.kind == "rename" and link.target_party == "nur_otan" for link in lineage)


def test_stance_changes_over_time():
    parties = {p.id: p for p in load_parties()}
    stances = load_party_stances()
    assert stance_on(parties["spk"], "1992", stances) == "pro"
    assert stance_on(parties["spk"], "1994", stances) == "opposition"
    assert stance_on(parties["nkk"], "1994", stances) == "loyal_opposition"
    assert stance_on(parties["nkk"], "1996", stances) == "pro"
    assert stance_on(parties["otan"], "2000", stances) == "pro"


def test_party_ids_do_not_collide_with_elite_or_faction_ids():
    from neopat.data.elites import load_elites, load_factions

    ids = {p.id for p in load_parties()}
    assert not ids & {e.id for e in load_elites()}
    assert not ids & {f.id for f in load_factions()}
