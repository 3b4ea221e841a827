"""Yearly party-system indicators (ODD §7.11): registration counts, membership, votes and
seats of the year's parliamentary election, turnout, approval, recognition, and how the chamber
represents the citizens (voter-party distance, lower is closer; incongruence, higher is worse).

Keys are always present; a quantity without a value that year is ``None``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from neopat.model.electorate import society
from neopat.model.formal.elections import APPOINTED
from neopat.model.formal.parties import vehicle
from neopat.rules.indices import summary

if TYPE_CHECKING:
    from neopat.model.model import NeopatModel

KEYS = ("registered_parties", "denied_parties", "liquidated_parties", "membership",
        "dominant_vote_share", "dominant_seat_share", "pro_presidential_seat_share",
        "opposition_seat_share", "enp_votes", "enp_seats", "gallagher", "turnout",
        "approval_mean", "approval_sd", "apathy_mean", "recognition", "voter_party_distance",
        "incongruence")


def indicators(model: NeopatModel) -> dict[str, Any]:
    out: dict[str, Any] = dict.fromkeys(KEYS)
    this_year = model.log_this_year()
    out["registered_parties"] = sum(1 for p in model.parties if p.status == "registered")
    out["denied_parties"] = sum(1 for e in this_year
                                if e.mechanism in ("party_denial", "party_reregistration"))
    out["liquidated_parties"] = sum(1 for e in this_year if e.mechanism == "party_liquidation")
    out["membership"] = sum(int(p.members) for p in model.parties if p.status == "registered")
    el = model.electorate
    if el is None:
        return out
    out["approval_mean"], out["approval_sd"] = society.approval_stats(el)
    out["apathy_mean"] = society.level_stats(el.apathy)[0]
    live = [p for p in model.parties if p.status == "registered"]
    if live:
        out["recognition"] = float(society.recognition(el, [p.slot for p in live]).mean())
    held = [e for e in model.elections if e["year"] == model.year]
    if held:
        out["turnout"] = held[-1]["turnout"]
    parl = [e for e in held if e["kind"] == "parliament"]
    if parl:
        e = parl[-1]
        votes = {k: v for k, v in e["votes"].items() if k != "against_all"}
        idx = summary(votes, e["seats"])
        out["enp_votes"], out["enp_seats"] = idx["enp_votes"], idx["enp_seats"]
        out["gallagher"] = idx["gallagher"]
        out["dominant_vote_share"] = idx["largest_vote_share"]
        out["dominant_seat_share"] = idx["largest_seat_share"]
        out["pro_presidential_seat_share"] = e["pro_presidential_seat_share"]
        out["opposition_seat_share"] = e["opposition_seat_share"]
        by_key = {p.key: p for p in model.parties}
        seated = [(by_key[k].position, n) for k, n in e["seats"].items() if k in by_key and n]
        if seated:
            rep = society.representation(el, [s[0] for s in seated], [s[1] for s in seated])
            out["voter_party_distance"] = rep.seat_weighted
        held_by = [(seat_position(model, k), n) for k, n in e["seats"].items() if n]
        out["incongruence"] = society.incongruence(el, [h[0] for h in held_by],
                                                   [h[1] for h in held_by])
    return out


def seat_position(model: NeopatModel, key: str) -> float:
    """A seat's left-right position: its party's; a bloc's leading party's; a self-nominated
    notable's or an appointee's as the vote model places them (the president's, 0, where no
    vehicle sits)."""
    by_key = {p.key: p for p in model.parties}
    if key.startswith("bloc:"):
        key = key.removeprefix("bloc:").split("+")[0]
    if key == APPOINTED:
        host = vehicle(model)
        return host.position if host is not None else 0.0
    return by_key[key].position if key in by_key else 0.0
