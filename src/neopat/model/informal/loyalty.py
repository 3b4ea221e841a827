"""Loyalty and defection (M16, M17): loyalty follows received versus expected patronage;
elites with autonomous resources defect when autonomy x grievance x (1 - loyalty) is high."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from neopat.model.agents import IN_OFFICE, OPPOSITION, Elite
from neopat.model.events import mechanism
from neopat.model.informal.punishment import respond_to_defection

if TYPE_CHECKING:
    from neopat.model.model import NeopatModel

DEFECTION = mechanism(
    "defection", "seed:8063-8069",
    "an elite with autonomous resources leaves the ruling coalition; hazard = base x autonomy x "
    "grievance x (1 - loyalty)^2, damped by recent punishments and raised by defecting peers")


def update_loyalty(model: NeopatModel) -> None:
    """Factions: loyalty -> min(1, received / expected). Elites follow their faction."""
    par = model.scenario.loyalty
    rate = par.loyalty_rate
    for faction in model.factions:
        if not faction.active_members or faction.expected <= 0:
            continue
        satisfaction = min(1.0, faction.received / faction.expected)
        faction.loyalty += rate * (satisfaction - faction.loyalty)
    for elite in model.elites:
        if not elite.in_coalition:
            continue
        target = elite.faction.loyalty * (1.0 if elite.status == IN_OFFICE else
                                          par.out_of_office_discount)
        target += par.kin_loyalty * elite.kin - par.grievance_loyalty * min(1.0, elite.grievance)
        elite.loyalty = min(1.0, max(0.0, elite.loyalty + rate * (target - elite.loyalty)))


def hazard(model: NeopatModel, elite: Elite) -> float:
    par = model.scenario.loyalty
    h = par.defection_base * elite.autonomy(par.autonomy_half) * elite.grievance \
        * (1.0 - elite.loyalty) ** 2
    return h / (1.0 + par.deterrence * model.punish_memory)


def _draw(model: NeopatModel, candidates: list[Elite]) -> list[Elite]:
    out = []
    for elite in candidates:
        if model.rng.random() < 1.0 - math.exp(-hazard(model, elite)):
            out.append(elite)
    return out


def defect(model: NeopatModel) -> list[Elite]:
    """Elites who met a trigger this year weigh exit; then one round of contagion among the
    co-signatories of a lost appeal (defection is event-driven: seed:2004-2009; DVK's
    signatories left together, seed:8147-8155, while Kazhegeldin left alone, seed:7933-7939)."""
    coalition = [e for e in model.elites if e.in_coalition and e.triggered]
    first = _draw(model, coalition)
    for elite in first:
        _leave(model, elite)
    peers: set[Elite] = set()
    for elite in first:
        for group in [g for g in model.appeal_groups if elite in g]:
            peers.update(e for e in group if e.in_coalition and e.wealth > 0)
    contagion, half = model.scenario.loyalty.contagion, model.scenario.loyalty.autonomy_half
    second = [p for p in sorted(peers, key=lambda e: e.unique_id)
              if model.rng.random() < min(1.0, contagion * p.autonomy(half) * (1.0 - p.loyalty))]
    for elite in second:
        elite.shock_month = max(e.shock_month for e in first)
        _leave(model, elite)
    model.appeal_groups.clear()
    return first + second


def _leave(model: NeopatModel, elite: Elite) -> None:
    month = elite.shock_month
    office = elite.leave_office()
    elite.status = OPPOSITION
    model.defections_this_year += 1
    model.log.emit(model.year, month, DEFECTION, [elite.key], faction=elite.faction.key,
                   office=office.kind if office else None, wealth=round(elite.wealth, 3),
                   grievance=round(elite.grievance, 3), loyalty=round(elite.loyalty, 3))
    respond_to_defection(model, elite, month)


def decay_grievance(model: NeopatModel) -> None:
    keep = model.scenario.loyalty.grievance_decay
    for elite in model.elites:
        elite.grievance *= keep
        elite.shock_month = 1
        elite.triggered = False
