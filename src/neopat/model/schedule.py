"""The yearly schedule: an explicit, ordered list of submodel steps (ODD §3).

Steps 1-5 are the informal tier (events, economy, patronage, conflict, loyalty), 6-9 the formal
tier (parties, society, elections, institutional design) and 10 collects the year's indicators.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from neopat.model.events import mechanism
from neopat.model.formal import institutions
from neopat.model.formal.elections import step_elections, step_society
from neopat.model.formal.party_step import step_parties
from neopat.model.formal.party_system import indicators as party_indicators
from neopat.model.indicators import yearly
from neopat.model.informal import conflict, economy, loyalty, patronage, recentralisation

if TYPE_CHECKING:
    from neopat.model.model import NeopatModel

RULE_SET = mechanism("rule_set", "seed:6308-6316",
                     "a dated rule-set change comes into force (an input)")
ELECTION = mechanism("election", "seed:7219-7249", "a scheduled election (an input)")



Step = Callable[["NeopatModel"], None]


def step_events(model: NeopatModel) -> None:
    """1. Scheduled inputs: rule sets, party laws, elections, newcomers; entry of starting-state
    elites. A rule set or party law is in force from here for the whole year."""
    economy.enter_elites(model)
    for inp in model.inputs_this_year():
        if inp.kind in ("rule_set", "party_law") and model.scenario.institutions.endogenous:
            continue  # the calendar is off: the ruler designs the rules (institutions.py)
        if inp.kind == "party_law":
            model.institutions.party_law = inp.name  # read by registration (in_force.py)
        elif inp.kind == "rule_set":
            model.rule_set = inp.name
            model.contested_this_year = True
            model.log.emit(model.year, inp.month, RULE_SET, [], name=inp.name)
        elif inp.kind == "election":
            model.contested_this_year = True
            model.log.emit(model.year, inp.month, ELECTION, [], name=inp.name)
        elif inp.kind == "newcomers":
            model.add_newcomers(inp.count, inp.sector, inp.month)


def step_economy(model: NeopatModel) -> None:
    """2. Rents; privatisation stages in calendar order."""
    economy.collect_rents(model)
    for inp in model.inputs_this_year():
        if inp.kind == "privatisation":
            economy.privatise(model, inp)


def step_patronage(model: NeopatModel) -> None:
    """3. Rents through offices, rotation and dismissal, terms ended by elections, appointments;
    loyalty then follows the year's patronage, before the year's conflicts act on it."""
    patronage.distribute_rents(model)
    patronage.rotate(model)
    for inp in model.inputs_this_year():
        if inp.kind == "election":
            patronage.end_terms(model, inp)
    patronage.fill_offices(model)
    loyalty.update_loyalty(model)


def step_conflict(model: NeopatModel) -> None:
    """4. Coercive raids, appeals and arbitration."""
    conflict.raid(model)


def step_loyalty(model: NeopatModel) -> None:
    """5. Defection (with punishment or co-optation), reliance, re-centralisation."""
    loyalty.defect(model)
    model.defections_by_year[model.year] = model.defections_this_year
    recentralisation.update_reliance(model)
    recentralisation.recentralise(model)
    loyalty.decay_grievance(model)
    model.punish_memory *= model.scenario.loyalty.punishment_memory


def step_collect(model: NeopatModel) -> None:
    """10. Ruler authority and legitimacy; yearly indicators."""
    ruler = model.ruler
    held = [o for o in model.offices if o.holder is not None]
    rank_total = sum(o.rank for o in held) or 1
    ruler.authority = sum(o.rank * o.holder.loyalty for o in held) / rank_total
    prev = model.scenario.rent(model.year - 1) or 1.0
    growth = model.scenario.rent(model.year) / prev - 1.0
    par = model.scenario.ruler
    target = min(1.0, max(0.0, par.legitimacy_base + par.growth_legitimacy * growth
                          - recentralisation.fragmentation(model)))
    ruler.legitimacy += par.legitimacy_rate * (target - ruler.legitimacy)
    for elite in model.elites:
        elite.seen_wealth = elite.wealth
    record = yearly(model)
    record.update(party_indicators(model))
    record["party_types"] = {p.key: dict(p.ptype) for p in model.parties
                             if p.status == "registered"}
    model.records.append(record)
    model.party_rows.extend(p.as_row(model.year) for p in model.parties
                            if p.ended is None or p.ended == model.year)
    model.datacollector.collect(model)


# The documented, ordered schedule (ODD §3); ``NeopatModel.plug`` replaces a step.
SCHEDULE: list[tuple[str, Step]] = [
    ("events", step_events),
    ("economy", step_economy),
    ("patronage", step_patronage),
    ("conflict", step_conflict),
    ("loyalty", step_loyalty),
    ("parties", step_parties),
    ("society", step_society),
    ("elections", step_elections),
    ("institutions", institutions.step_institutions),
    ("collect", step_collect),
]
