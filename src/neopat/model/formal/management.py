"""The ruler manages the party system by choices with payoffs (ODD §7.11): before an election he
weighs each loyal satellite party, keeps and sponsors those worth more than they cost, and offers
the others a merger into his vehicle, which their leaders accept when the post he can promise
outweighs their own prospects.

A satellite is worth keeping when it fills the ballot — "a two or three party system"
(seed:9449-9452) for "an international audience" (seed:9509-9517), more of it the more the ruler
is criticised abroad (seed:9763-9776) — and when it splits the opposition's voters
(seed:9439-9443). It costs him when its leader or backers grow autonomous — "no strong political
rivals were to be permitted" (seed:12491-12501), "not comfortable cohabiting the political space
with political players who possessed their own independent power bases" (seed:8492-8496) — and,
when the opposition or a defection wave threatens, when it draws loyal votes from the vehicle
(Otan after Kazhegeldin's exit, seed:9361-9363; the People's Union, seed:8507-8513).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from neopat.data.rule_sets import ListTier
from neopat.model.events import mechanism
from neopat.model.formal.enforcement import bias, leeway
from neopat.model.formal.in_force import rule_set_in_force
from neopat.model.formal.parties import Party, absorb, active_parties, risk, vehicle

if TYPE_CHECKING:
    from neopat.model.model import NeopatModel

KEPT = mechanism(
    "satellite_kept", "seed:9439-9452",
    "the ruler keeps and sponsors a loyal party worth more to him (ballot, split opposition "
    "vote) than it costs (its leader's autonomy, the loyal votes it draws)")
REFUSED = mechanism(
    "merger_refused", "seed:12491-12501",
    "a satellite's leader refuses the merger the ruler offers: his own prospects outweigh the "
    "post he is promised")


def threshold(model: NeopatModel) -> float:
    """The list threshold in force (the barrier the ruler reads danger against)."""
    rules = rule_set_in_force(model)
    tiers = [t for t in rules.chamber().tiers if isinstance(t, ListTier)] if rules else []
    shift = model.scenario.formal.threshold_shift
    return float(np.clip(tiers[0].threshold + shift, 0.01, 0.99)) if tiers \
        else model.scenario.parties.danger_share


def polls(model: NeopatModel, parties: list[Party]) -> dict[Party, float]:
    """What the ruler (and the parties) can foresee of a party's vote: the share of voters who
    know it and are on its side, each splitting their side's vote among the same-side parties
    they know. Sides are "pro-power or oppositionist" (seed:14143-14145)."""
    el = model.electorate
    out: dict[Party, float] = {}
    for side in (True, False):
        mine = [p for p in parties if p.pro == side]
        if not mine:
            continue
        voters = el.approval >= 6 if side else el.approval <= 4
        counts = el.known_counts([p.slot for p in mine], voters)
        for p in mine:
            out[p] = sum(float(n) / k for k, n in enumerate(counts[p.slot]) if k) / el.size
    return out


def criticism(model: NeopatModel) -> float:
    """International criticism in [0, 1): the stock relative to the threshold at which it
    counts (``institutions.criticism_threshold``; at 0 any criticism counts fully)."""
    stock = model.institutions.criticism
    total = stock + model.scenario.institutions.criticism_threshold
    return stock / total if total > 0 else 0.0


def danger(share: float, barrier: float) -> float:
    return float(np.clip(share / barrier, 0.0, 1.0))


def valuation(model: NeopatModel, party: Party, poll: dict[Party, float], barrier: float,
              rank: int) -> tuple[float, float]:
    """(worth, cost) of keeping ``party`` as a satellite; ``rank`` is its place among the
    satellites by recognition (0 = best known)."""
    pp = model.scenario.parties
    el = model.electorate
    opposition = [p for p in poll if not p.pro]
    mine = el.aware(party.slot)
    split = 0.0
    for o in opposition:
        overlap = float(np.mean(mine & el.aware(o.slot)))
        split += overlap * danger(poll[o], barrier) * (2.0 if party.target is o else 1.0)
    places = math.ceil(pp.plural_ballot * (1.0 + criticism(model)))
    worth = pp.fill_weight * (rank < places) + pp.split_weight * split / barrier
    wave, bar = model.fragmentation(), model.scenario.institutions.wave_threat
    threat_now = max([danger(poll[o], barrier) for o in opposition]
                     + [wave / bar if bar > 0 else 0.0])
    need = min(1.0, threat_now)
    cost = pp.autonomy_weight * risk(party, model) \
        + pp.draw_weight * need * poll.get(party, 0.0) / barrier
    return worth, cost


def accepts(model: NeopatModel, party: Party, poll: float, barrier: float, cost: float) -> bool:
    """The leader weighs the post he is promised and what refusing would bring (the
    prosecutor's attention to a party the ruler now holds a stake against) against his own
    prospects (seats within reach, his autonomy). A client puts his own prospects before his
    patron's order only as far as he is disloyal, as in the ruler's own reckoning of a
    satellite's risk: Asar, past the threshold in 2004, merged when the president "had grown
    tired of his daughter's experiment" (seed:8474-8483)."""
    pp = model.scenario.parties
    leader = party.leader
    own = danger(poll, barrier)
    if leader is not None:
        own = (own + leader.autonomy(model.scenario.loyalty.autonomy_half)) \
            * (1.0 - leader.loyalty)
    fear = pp.liquidation_rate * model.scenario.selective.selective_enforcement * max(
        0.0, bias(model, model.office_holder("prosecutor"), min(1.0, cost)))
    return pp.office_value * model.ruler.species.loyalty_pays + fear >= own


def manage(model: NeopatModel) -> None:
    """Keep, sponsor or offer to merge every registered satellite (before an election, and in
    a year a new party law makes parties re-register)."""
    host = vehicle(model)
    if host is None or host.status != "registered":
        return
    live = active_parties(model)
    satellites = [p for p in live if p.pro and p is not host]
    if not satellites:
        return
    poll = polls(model, live)
    barrier = threshold(model)
    by_recognition = sorted(satellites, key=lambda p: (-float(model.electorate.aware(p.slot)
                                                              .mean()), p.unique_id))
    favour = model.scenario.parties.satellite_favour * leeway(model)
    for rank, party in enumerate(by_recognition):
        worth, cost = valuation(model, party, poll, barrier, rank)
        detail = {"worth": round(worth, 4), "cost": round(cost, 4)}
        if worth >= cost:
            party.sponsored = favour
            model.log.emit(model.year, 6, KEPT, [party.key], **detail)
        elif accepts(model, party, poll.get(party, 0.0), barrier, cost):
            absorb(host, party, model, **detail)
        else:
            party.sponsored = 0.0
            party.refused = model.year
            model.log.emit(model.year, 6, REFUSED, [party.key], **detail)
