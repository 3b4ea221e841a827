"""The patron-client network (M9, seed:2709-2725, seed:7697-7713).

Ruler -> patrons -> clients -> regional brokers (akims) -> voter blocks (region x sector, with
counts; never one node per voter).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import networkx as nx

if TYPE_CHECKING:
    from neopat.model.model import NeopatModel

SECTORS = ("state", "private", "rural")


def voter_blocks(model: NeopatModel) -> list[tuple[str, int, str, float]]:
    """(node, region, sector, voters) with national-equivalent counts."""
    cl = model.scenario.clientelism
    per_region = cl.voters / cl.n_regions
    urban = 1.0 - cl.rural_share
    shares = {"state": urban * cl.state_sector_share,
              "private": urban * (1 - cl.state_sector_share), "rural": cl.rural_share}
    return [(f"block:{r}:{s}", r, s, per_region * shares[s])
            for r in range(cl.n_regions) for s in SECTORS]


def build_network(model: NeopatModel) -> nx.DiGraph:
    """The network as it stands now (benefits flow along edges, loyalty against them)."""
    g = nx.DiGraph()
    g.add_node(model.ruler.key, role="ruler")
    for faction in model.factions:
        holders = sorted((e for e in faction.members if e.office is not None),
                         key=lambda e: (-e.office.rank, e.unique_id))
        if not holders:
            continue
        patron = holders[0]
        role = "patron" if patron.office.rank >= model.scenario.patronage.patron_rank else "client"
        g.add_node(patron.key, role=role, faction=faction.key, office=patron.office.kind,
                   loyalty=patron.loyalty)
        g.add_edge(model.ruler.key, patron.key, tie="patronage")
        for client in holders[1:]:
            kind = "broker" if client.office.kind == "akim" else "client"
            g.add_node(client.key, role=kind, faction=faction.key, office=client.office.kind,
                       loyalty=client.loyalty)
            g.add_edge(patron.key, client.key, tie="patronage")
    for node, region, sector, voters in voter_blocks(model):
        g.add_node(node, role="voter_block", region=region, sector=sector, voters=voters)
        broker = model.akim_of(region)
        if broker is not None and broker.key in g:
            g.add_edge(broker.key, node, tie="clientelism")
    return g
