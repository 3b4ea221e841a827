"""Factional conflict: factions holding coercive offices raid rivals' assets (M13); victims
sign a collective appeal once their grievance adds up, and the ruler arbitrates (M14)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from neopat.model.agents import Faction
from neopat.model.events import mechanism

if TYPE_CHECKING:
    from neopat.model.model import NeopatModel

RAID = mechanism("coercive_raid", "seed:8087-8107",
                 "a faction uses a coercive office it holds (audits, seizures) against a rival's "
                 "assets; the victim takes a grievance in proportion to the share lost and to his "
                 "autonomy (what was at stake)")
APPEAL = mechanism("appeal", "seed:8107-8123",
                   "the victims of one faction's raids write jointly to the ruler once their "
                   "summed grievance reaches arbitration.appeal_threshold; their faction-mates "
                   "with wealth of their own co-sign")
ARBITRATION = mechanism("arbitration", "seed:8125-8147",
                        "the ruler upholds or reverses the raids; signatories of a lost appeal "
                        "take a grievance, lose loyalty and weigh exit")


def raid(model: NeopatModel) -> None:
    """Each holder of a coercive office may raid a rival, chosen in proportion to wealth."""
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
        victim.wealth -= seized
        raider.wealth += seized
        month = int(model.rng.integers(1, 13))
        # the grievance weighs what was at stake: a victim without property of his own loses
        # little he could not do without (the appellants were "leading businessmen", seed:8107-8113)
        victim.shock(model.scenario.loyalty.seizure_grievance * arb.seizure_fraction
                     * victim.autonomy(model.scenario.loyalty.autonomy_half, victim.wealth + seized),
                     month, trigger=False)
        model.raided_by.setdefault(raider.faction, {})[victim] = \
            model.raided_by.get(raider.faction, {}).get(victim, 0.0) + seized
        model.log.emit(model.year, month, RAID, [raider.key, victim.key], office=office.kind,
                       seized=round(seized, 3))
    for faction in sorted(model.raided_by, key=lambda f: f.unique_id):
        collective_appeal(model, faction)


def collective_appeal(model: NeopatModel, raiders: Faction) -> None:
    arb = model.scenario.arbitration
    victims = {v: s for v, s in model.raided_by[raiders].items() if v.in_coalition}
    if sum(v.grievance for v in victims) < arb.appeal_threshold:
        return
    signers = [v for v in sorted(victims, key=lambda e: e.unique_id)
               if model.rng.random() < arb.appeal_probability]
    if signers and arb.faction_solidarity > 0:
        # faction-mates with property of their own at stake co-sign (seed:8081-8083, 8119-8123)
        mates = {e for v in victims for e in v.faction.members
                 if e.in_coalition and e.wealth > 0 and e not in victims}
        signers += [e for e in sorted(mates, key=lambda e: e.unique_id)
                    if model.rng.random() < arb.faction_solidarity]
    if not signers:
        return
    month = int(model.rng.integers(1, 13))
    leader = max((e for e in raiders.members if e.in_coalition),
                 key=lambda e: (e.wealth, -e.unique_id), default=None)
    model.log.emit(model.year, month, APPEAL, [v.key for v in signers],
                   against=raiders.key)
    if leader is None:
        del model.raided_by[raiders]
        return
    verdict = model.ruler.species.restores_victim(leader, max(signers, key=lambda e: e.wealth),
                                                  model)
    if not verdict:
        model.appeal_groups.append(signers)
    for victim in signers:
        if verdict:
            back = min(victims.get(victim, 0.0), leader.wealth)
            leader.wealth -= back
            victim.wealth += back
            victim.grievance *= model.scenario.arbitration.reversal_relief
        else:
            victim.shock(model.scenario.arbitration.lost_appeal_grievance
                         * model.scenario.loyalty.seizure_grievance, month)
            # the patron sided with their raider: his protection is in doubt (seed:8125-8155)
            victim.loyalty *= 1.0 - model.scenario.arbitration.protection_loss
        model.raided_by[raiders].pop(victim, None)
    model.log.emit(model.year, month, ARBITRATION, [model.ruler.key, leader.key],
                   verdict={True: "reversed", False: "upheld", None: "ignored"}[verdict],
                   signatories=len(signers))
