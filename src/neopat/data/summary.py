"""A compact summary of the record: parties by stance, elections, elites by faction, events."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from neopat.data.elections import load_election_results, load_elections
from neopat.data.elites import load_elites
from neopat.data.events import load_events
from neopat.data.parties import load_parties

_PARTY_LIKE = ("party", "bloc")


def election_summary(directory: str | Path | None = None) -> list[dict[str, Any]]:
    """Per parliamentary election: chamber size, pro-presidential seats and the largest
    pro-presidential party or bloc (affiliation as the thesis states it)."""
    results = load_election_results(directory)
    out = []
    for e in load_elections(directory):
        if e.kind != "parliamentary":
            continue
        rows = [r for r in results if r.election == e.id]
        pro = [r for r in rows if r.affiliation == "pro"]
        parties = [r for r in pro if r.contestant_type in _PARTY_LIKE and r.seats]
        top = max(parties, key=lambda r: r.seats or 0, default=None)
        pro_seats = sum(r.seats or 0 for r in pro)
        out.append(
            {
                "election": e.id,
                "seats": e.seats,
                "largest_pro_presidential": top.contestant if top else None,
                "largest_pro_seats": top.seats if top else 0,
                "pro_presidential_seats": pro_seats,
                "pro_presidential_share": round(pro_seats / e.seats, 3) if e.seats else None,
            }
        )
    return out


def record_summary(directory: str | Path | None = None) -> dict[str, Any]:
    """Parties by stance, parliamentary elections, elites by faction and events per year."""
    stances: dict[str, list[str]] = {}
    for p in load_parties(directory):
        stances.setdefault(p.stance, []).append(p.id)
    return {
        "parties_by_stance": stances,
        "elections": election_summary(directory),
        "elites_by_faction": dict(Counter(e.faction for e in load_elites(directory))),
        "events_per_year": dict(sorted(Counter(e.year for e in load_events(directory)).items())),
    }
