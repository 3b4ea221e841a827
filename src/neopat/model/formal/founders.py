"""Opposition parties carry their founders (ODD §7.11): the elites who leave the ruling
coalition together found one vehicle (or join one), pay for it from what their wealth is after
punishment, and bring their clients as members and their home regions as local standing.

"Those elite groups involved went on to form a number of political parties" (seed:8286-8292):
DVK's signatories founded one association, later two parties (seed:8149-8155, seed:8233-8236);
RNPK was "the first time a political party not sponsored by the authorities had secure
financial backing" (seed:8064-8066); a defecting akim "took with him some of his own personnel,
people who owed their positions to his patronage" (seed:11731-11750). Punishment reaches the
party through its money: seized or frozen wealth no longer pays for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from neopat.model.agents import EXILED, IMPRISONED, OPPOSITION
from neopat.model.events import mechanism
from neopat.model.formal.parties import TERMINAL, Party, found

if TYPE_CHECKING:
    from neopat.model.agents import Elite
    from neopat.model.model import NeopatModel

JOINED = mechanism(
    "founders_join", "seed:8309-8311",
    "defectors without a party of their own join an opposition party with their money and "
    "clients (a defecting ex-akim joined an existing opposition party)")
OUTSIDE = frozenset({OPPOSITION, EXILED, IMPRISONED})


def means(elite: Elite) -> float:
    """What an elite can spend on a party: his wealth, unless it is frozen in prison."""
    return 0.0 if elite.status == IMPRISONED else elite.wealth


def coalitions(model: NeopatModel) -> list[list[Elite]]:
    """Elites outside the coalition and outside any party who defected in the last
    ``parties.wave_window`` years, grouped by faction and by the collective appeals they signed
    (who leaves together, founds together)."""
    window = model.scenario.parties.wave_window
    recent = {e.actors[0]: e for e in model.log
              if e.mechanism == "defection" and e.year > model.year - window}
    in_party = {e for p in model.parties if p.status not in TERMINAL and not p.pro
                for e in p.elites}  # a defector's place in a loyal party is gone
    pool = [e for e in model.elites if e.key in recent and e.status in OUTSIDE
            and e not in in_party]
    parent = {e: e for e in pool}

    def root(e: Elite) -> Elite:
        while parent[e] is not e:
            parent[e] = parent[parent[e]]
            e = parent[e]
        return e

    def link(a: Elite, b: Elite) -> None:
        parent[root(a)] = root(b)

    by_faction: dict[str, Elite] = {}
    for e in pool:
        if e.faction.key in by_faction:
            link(e, by_faction[e.faction.key])
        by_faction.setdefault(e.faction.key, e)
    keys = {e.key: e for e in pool}
    for ev in model.log:
        if ev.mechanism == "appeal" and ev.year > model.year - window:
            signers = [keys[k] for k in ev.actors if k in keys]
            for a, b in zip(signers, signers[1:], strict=False):
                link(a, b)
    groups: dict[Elite, list[Elite]] = {}
    for e in pool:
        groups.setdefault(root(e), []).append(e)
    return sorted(groups.values(), key=lambda g: (-sum(means(e) for e in g),
                                                  min(e.unique_id for e in g)))


def home_regions(elites: set[Elite] | list[Elite], n_regions: int) -> np.ndarray:
    """Per region: how many of the elites governed it as akim (their clients live there)."""
    counts = np.zeros(n_regions)
    for e in elites:
        for r in e.regions:
            counts[r % n_regions] += 1
    return counts


def bring(party: Party, elites: list[Elite], model: NeopatModel) -> None:
    """Elites join ``party`` with a share of their means and their clients."""
    pp = model.scenario.parties
    party.elites |= set(elites)
    party.funds += pp.founding_share * sum(means(e) for e in elites)
    clients = pp.clients_per_rank * sum(e.last_rank for e in elites)
    party.members += int(clients)
    party.real_members += clients
    home = home_regions(party.elites, model.electorate.n_regions)
    if home.any():
        party.reach = (0.5 + home) / (0.5 + home).sum()
        party.home = home > 0


def found_or_join(model: NeopatModel) -> None:
    """Each coalition of recent defectors, richest first, joins the opposition party where its
    money counts most, or founds one if it can pay for it, or stays out."""
    pp = model.scenario.parties
    for group in coalitions(model):
        money = sum(means(e) for e in group)
        best, value = None, 0.0
        for q in (p for p in model.parties if p.active and not p.pro):
            known = float(model.electorate.aware(q.slot).mean())
            v = money / (money + q.funds + 1e-9) * (1.0 + known)
            if v > value:
                best, value = q, v
        founds = money >= pp.founding_cost and \
            1.0 + max(e.popularity for e in group) > value
        if founds:
            leader = max(group, key=lambda e: (e.autonomy(model.scenario.loyalty.autonomy_half),
                                               -e.unique_id))
            party = found(model, "defector", "opposition", leader=leader,
                          faction=leader.faction)
            if party is None:
                continue
            bring(party, group, model)
            ruler = model.ruler  # the administration answers with a spoiler (seed:12503-12533)
            if ruler.species.loyalty_pays > 0 and \
                    model.formal_rng.random() < pp.spoiler_rate * ruler.informal_reliance:
                found(model, "spoiler", "pro", target=party)
        elif best is not None:
            bring(best, group, model)
            model.log.emit(model.year, 6, JOINED, [best.key, *(e.key for e in group)])


def fund(model: NeopatModel) -> None:
    """Yearly money: the state pays for the vehicle and, thinly, for the satellites it keeps;
    an opposition party lives on what its members and founders can still give."""
    pp = model.scenario.parties
    for party in model.parties:
        if not party.active:
            continue
        if party.motive == "presidential":
            party.funds = pp.vehicle_funds
        elif party.pro:
            party.funds = pp.satellite_funds * (1.0 + party.sponsored)
        else:
            party.funds = (1.0 - pp.funds_burn) * party.funds \
                + pp.founder_contribution * sum(means(e) for e in sorted(  # set order: memory
                    party.elites, key=lambda e: e.unique_id))  # addresses, which differ by process
