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
    liquidated = {r.party for r in regs if r.status == "liquidated" and r.date == "2003-04"}
    assert liquidated == {"azamat", "alash", "nkk", "spk", "compatriot"}
    assert {r.status for r in regs if r.party == "rnpk"} >= {"registered", "not_reregistered"}


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
