"""The historical record as the figures compare it: seat shares per election by category.

Simulated and historical parties are matched by category (stance toward the president ×
founding rationale), never by name. A historical contestant's rationale is the thesis' own label
(``party_types.csv``); a party the thesis did not type inherits the label of the party it was
renamed to or succeeded by (``party_lineage.csv``), so Otan counts as the presidential vehicle
Nur Otan became (a merger does not pass a founding rationale on); blocs take their members'
common label. Anything else is ``unclassified``.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

import pandas as pd

from neopat.data.elections import elections_with_results
from neopat.data.parties import load_party_lineage
from neopat.data.party_types import load_party_types

FORWARD = ("rename", "successor")


def stance_of(affiliation: str | None) -> str:
    """The contract's two stances; the thesis' loyal opposition counts as opposition."""
    if affiliation == "pro":
        return "pro"
    if affiliation in ("opposition", "loyal_opposition"):
        return "opposition"
    return "unaligned"


def category(stance: str | None, rationale: str | None) -> str:
    return f"{stance or 'unaligned'} · {rationale or 'unclassified'}"


@lru_cache(maxsize=1)
def rationales() -> dict[str, str]:
    """Party id -> founding rationale, from the thesis' labels and the lineage."""
    labels = {pid: row.label for (pid, crit), row in load_party_types().items()
              if crit == "rationale" and row.classified}
    lineage = load_party_lineage()
    forward = {r.source_party: r.target_party for r in lineage if r.kind in FORWARD}
    members: dict[str, list[str]] = defaultdict(list)
    for r in lineage:
        if r.kind == "bloc_member":
            members[r.target_party].append(r.source_party)

    def resolve(pid: str, seen: frozenset = frozenset()) -> str | None:
        if pid in labels:
            return labels[pid]
        if pid in forward and pid not in seen:
            return resolve(forward[pid], seen | {pid})
        return None

    out = {}
    for pid in set(forward) | set(labels) | set(members):
        label = resolve(pid)
        if label is None and pid in members:
            found = {resolve(m) for m in members[pid]} - {None}
            label = found.pop() if len(found) == 1 else None
        if label is not None:
            out[pid] = str(label)
    return out


@lru_cache(maxsize=1)
def seat_shares() -> pd.DataFrame:
    """One row per (parliamentary election, category): year, election, category, seats, share."""
    labels = rationales()
    rows = []
    for election in elections_with_results():
        if election["kind"] != "parliamentary":
            continue
        year = int(election["dates"][0][:4])
        seats: dict[str, int] = defaultdict(int)
        for r in election["results"]:
            if not r.get("seats"):
                continue
            pid = r.get("party") or r["contestant"]
            seats[category(stance_of(r["affiliation"]), labels.get(pid))] += r["seats"]
        total = sum(seats.values())
        for cat, n in sorted(seats.items()):
            rows.append({"year": year, "election": election["id"], "category": cat,
                         "seats": n, "share": n / total if total else None,
                         "source": election["source"]})
    return pd.DataFrame(rows, columns=["year", "election", "category", "seats", "share",
                                       "source"])
