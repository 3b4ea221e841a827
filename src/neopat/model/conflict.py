"""Factional conflict: factions holding coercive offices raid rivals' assets (M13); victims
appeal and the ruler arbitrates by his species (M14)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from neopat.model.agents import Elite
from neopat.model.events import mechanism

if TYPE_CHECKING:
    from neopat.model.model import NeopatModel

RAID = mechanism("coercive_raid", "seed:8087-8107",
                 "a faction uses a coercive office it holds (audits, seizures) against a rival's "
                 "assets; the victim takes a grievance in proportion to the share lost")
APPEAL = mechanism("appeal", "seed:8107-8123", "the victim of a raid appeals to the ruler")
ARBITRATION = mechanism("arbitration", "seed:8125-8147",
                        "the ruler upholds or reverses a raid; a lost appeal adds grievance")
LOST_APPEAL = 0.5  # extra grievance of an appeal lost, relative to seizure_grievance (default)


def raid(model: NeopatModel) -> None:
    """Each holder of a coercive office may raid the richest member of a rival faction."""
    arb = model.scenario.arbitration
    enforce = model.scenario.selective.selective_enforcement
    for office in [o for o in model.offices if o.coercive and o.holder is not None]:
        raider = office.holder
        if model.rng.random() >= arb.conflict_propensity * enforce:
            continue
        rivals = [e for e in model.elites if e.in_coalition and e.faction is not raider.faction
                  and e.wealth > 0]
        if not rivals:
            continue
        wealth = np.array([e.wealth for e in rivals])
        victim = rivals[int(model.rng.choice(len(rivals), p=wealth / wealth.sum()))]
        seized = arb.seizure_fraction * victim.wealth
        share = seized / victim.wealth
        victim.wealth -= seized
        raider.wealth += seized
        month = int(model.rng.integers(1, 13))
        victim.shock(model.scenario.loyalty.seizure_grievance * share, month)
        model.raided_by.setdefault(raider.faction, set()).add(victim)
        model.log.emit(model.year, month, RAID, [raider.key, victim.key], office=office.kind,
                       seized=round(seized, 3))
        if model.rng.random() < arb.appeal_probability:
            model.log.emit(model.year, month, APPEAL, [victim.key, raider.key])
            arbitrate(model, raider, victim, seized, month)


def arbitrate(model: NeopatModel, raider: Elite, victim: Elite, seized: float, month: int) -> None:
    verdict = model.ruler.species.restores_victim(raider, victim, model)
    if verdict:
        back = min(seized, raider.wealth)
        raider.wealth -= back
        victim.wealth += back
        victim.grievance = max(0.0, victim.grievance - model.scenario.loyalty.seizure_grievance
                               * seized / max(victim.wealth, 1e-9))
    else:
        victim.shock(LOST_APPEAL * model.scenario.loyalty.seizure_grievance, month)
    model.log.emit(model.year, month, ARBITRATION, [model.ruler.key, raider.key, victim.key],
                   verdict={True: "reversed", False: "upheld", None: "ignored"}[verdict])
