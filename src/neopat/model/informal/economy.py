"""Economy: rents, elite entry, and privatisation stages that move state assets to elites
by their access to the ruler (M11, seed:7781-7812)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from neopat.model.agents import INACTIVE, OUT_OF_OFFICE, Elite
from neopat.model.events import mechanism
from neopat.model.informal.offices import PRIVATE
from neopat.scenarios.schema import Input

if TYPE_CHECKING:
    from neopat.model.model import NeopatModel

ENTRY = mechanism("elite_entry", "seed:7822-7840",
                  "a new player enters the elite (starting-state entry year or a newcomer input)")
PRIVATISATION = mechanism(
    "privatisation", "seed:7781-7812",
    "a dated privatisation stage sells state assets in lots; lots go to elites by access to "
    "the ruler (species rule) and sector match; bidders left empty-handed take a grievance")
SECTOR_BASES = {  # privatisation sector -> faction resource bases that bid for it
    "voucher": None,  # everyone bids
    "industry": {"industry", "metals", "oil_gas"},
    "metals": {"metals", "industry"},
    "oil_gas": {"oil_gas"},
    "banking": {"banking"},
    "media": {"media"},
    "agriculture": {"agriculture"},
}


def collect_rents(model: NeopatModel) -> None:
    """Yearly rents (exogenous series) fill the ruler's patronage budget, seed:2521-2527."""
    model.ruler.budget = model.scenario.rent(model.year) * model.scenario.economy.rent_to_patronage


def enter(model: NeopatModel, elite: Elite, month: int) -> None:
    """The elite becomes a player and takes its entry office (an input of the starting state);
    if every post of that kind is held, the least loyal holder makes way."""
    elite.status = OUT_OF_OFFICE
    elite.entered_year = model.year
    if PRIVATE & set(elite.entry_offices):
        elite.wealth += model.scenario.economy.private_wealth
    for kind in [k for k in elite.entry_offices if k not in PRIVATE][:1]:
        posts = sorted((o for o in model.offices if o.kind == kind),
                       key=lambda o: (o.holder is not None,
                                      o.holder.loyalty if o.holder else 0.0, o.key))
        if posts:
            if posts[0].holder is not None:
                displaced = posts[0].holder
                displaced.leave_office()
                model.lost_office[displaced] = (posts[0].rank, month)
            elite.take_office(posts[0], model.year)
    model.log.emit(model.year, month, ENTRY, [elite.key], faction=elite.faction.key)


def enter_elites(model: NeopatModel) -> None:
    """Elites whose entry year has come become players (an input of the starting state)."""
    for elite in model.elites:
        if elite.status == INACTIVE and elite.entry_year <= model.year:
            enter(model, elite, 1)


def bids(elite: Elite, sector: str) -> bool:
    wanted = SECTOR_BASES.get(sector)
    base = elite.resource_base | elite.faction.resource_base
    return wanted is None or bool(base & wanted) or sector in base


def privatise(model: NeopatModel, stage: Input) -> None:
    """Sell ``stage.share`` of state assets in lots to bidders weighted by access."""
    bidders = [e for e in model.elites if e.in_coalition and bids(e, stage.sector)]
    amount = stage.share * model.state_assets
    if not bidders or amount <= 0:
        return
    model.state_assets -= amount
    species, eco = model.ruler.species, model.scenario.economy
    weights = np.array([
        species.privatisation_weight(e, model) ** eco.access_exponent
        * (1.0 + eco.newcomer_bonus * (e.entered_year == model.year))
        for e in bidders
    ]) + 1e-9
    n_lots = max(1, round(eco.lots_per_bidder * len(bidders)))
    winners = model.rng.choice(len(bidders), size=n_lots, p=weights / weights.sum())
    sizes = model.rng.dirichlet(np.ones(n_lots)) * amount
    gained: dict[Elite, float] = {}
    for idx, size in zip(winners, sizes, strict=True):
        gained[bidders[idx]] = gained.get(bidders[idx], 0.0) + float(size)
    for elite, value in gained.items():
        elite.wealth += value
    contested = SECTOR_BASES.get(stage.sector) is not None  # a sector sale, not vouchers
    for elite in bidders:
        if contested and elite not in gained and elite.wealth > 0:
            elite.shock(eco.lost_auction_grievance * model.scenario.loyalty.status_grievance,
                        stage.month)
    model.log.emit(model.year, stage.month, PRIVATISATION,
                   [e.key for e in sorted(gained, key=lambda e: -gained[e])],
                   sector=stage.sector, amount=round(amount, 3), bidders=len(bidders))
