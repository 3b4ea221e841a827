"""The legislature in the endogenous mode (ODD §7.12): which one sits, how hostile it is (as
elected, and as its deputies rebel), when it acts and whether the constitution can be amended;
the election calendar ahead."""

from __future__ import annotations

from typing import TYPE_CHECKING

from neopat.data.rule_sets import AppointedTier
from neopat.model.events import mechanism
from neopat.model.formal.elections import PRO_KEYS
from neopat.model.formal.in_force import rule_set_named

if TYPE_CHECKING:
    from neopat.model.model import NeopatModel

LEGISLATURE_ACTS = mechanism(
    "legislature_acts", "seed:7297-7307",
    "a legislature where the seats outside the presidential camp (times its constitutional "
    "power) reach a majority passes no-confidence votes and overrides vetoes")
REBELLION = mechanism(
    "deputy_rebellion", "seed:3736-3745",
    "deputies elected for the presidential camp follow their patrons out of the coalition "
    "(institutions.deputy_rebellion per defecting elite's share) and keep their seats, unless "
    "an imperative mandate takes the seat of a deputy who leaves his party")


def sitting_election(model: NeopatModel) -> dict | None:
    """The parliamentary election that chose the sitting legislature (None if none sits or the
    sitting one was not elected in the run)."""
    if not model.institutions.sitting:
        return None
    for election in reversed(getattr(model, "elections", [])):
        if election.get("kind") == "parliament":
            return election
    return None


def hostile_share(model: NeopatModel, election: dict) -> float:
    """Share of seats outside the presidential camp: opposition parties, plus independents
    not siding with the president; appointed tiers and self-nominated winners declared pro count
    as his (seed:7221-7225)."""
    by_tier = election.get("seats_by_tier") or {"all": election.get("seats", {})}
    rules = rule_set_named(model, election.get("rule_set", ""))
    appointed = set() if rules is None else {
        t.name for c in rules.chambers for t in c.tiers if isinstance(t, AppointedTier)}
    stance = {p.key: p.stance for p in getattr(model, "parties", [])}
    loyal = model.scenario.institutions.independent_loyalty
    total = hostile = 0.0
    for tier, seats in by_tier.items():
        for key, n in seats.items():
            total += n
            if tier in appointed or key in PRO_KEYS or stance.get(key) == "pro":
                continue
            hostile += n if stance.get(key) == "opposition" else (1 - loyal) * n
    return hostile / total if total else 0.0


def sitting_hostile(model: NeopatModel) -> float | None:
    """The sitting legislature's hostile share: as elected, plus the deputies who left the
    presidential camp since (None when none sits)."""
    election = sitting_election(model)
    return None if election is None else min(1.0, hostile_share(model, election)
                                             + model.institutions.rebels)


def rebels_ahead(model: NeopatModel, hostile: float) -> float:
    """Share of seats the camp's deputies would take out of it if the defections of the last
    ``arbitration.fragmentation_window`` years came again: ``deputy_rebellion`` × those
    defections per elite × the camp's seats. A defecting akim
    "took with him some of his own personnel, people who owed their positions to his
    patronage" (seed:11731-11750); a deputy who rebels keeps his seat unless an imperative
    mandate takes it (seed:3736-3745)."""
    rate = model.scenario.institutions.deputy_rebellion
    return rate * min(1.0, model.fragmentation()) * max(0.0, 1.0 - hostile)


def rebellion(model: NeopatModel) -> None:
    """This year's defections take client deputies out of the presidential camp; under an
    imperative mandate they lose their seats to loyal successors instead."""
    hostile = sitting_hostile(model)
    year = model.defections_by_year.get(model.year, 0)
    if hostile is None or not year:
        return
    entered = sum(1 for e in model.elites if e.entered_year is not None) or 1
    share = model.scenario.institutions.deputy_rebellion * min(1.0, year / entered) \
        * (1.0 - hostile)
    if share <= 0:
        return
    if not model.institutions.mandate:
        model.institutions.rebels += share
    model.log.emit(model.year, 12, REBELLION, [], share=round(share, 4),
                   seat_kept=not model.institutions.mandate)


def assertive(model: NeopatModel) -> bool:
    hostile = sitting_hostile(model)
    return hostile is not None and (hostile * model.institutions.legislative_power
                                    >= model.scenario.institutions.assembly_majority)


def amendable(model: NeopatModel) -> bool:
    """The constitution can be changed: no legislature sits, or the sitting one is not assertive
    (under the 1993 text a sitting parliament amends the constitution itself, seed:6834-6850)."""
    return not model.institutions.sitting or not assertive(model)


def next_election(model: NeopatModel, office: str) -> int | None:
    """Year of the next scheduled election to ``office`` after this one."""
    years = [i.year for i in [*model.scenario.inputs, *model.extra_inputs]
             if i.kind == "election" and i.office == office and i.year > model.year
             and i.name not in model.cancelled_inputs]
    return min(years, default=None)


def urgency(model: NeopatModel, year: int | None) -> float:
    """``foresight`` per year between now and ``year`` (1 for next year; 0 for none)."""
    if year is None:
        return 0.0
    return model.scenario.institutions.foresight ** max(0, year - model.year - 1)


def note_elections(model: NeopatModel) -> None:
    """A parliamentary election held this year seats a new legislature."""
    if any(e.get("kind") == "parliament" and e.get("year") == model.year
           for e in getattr(model, "elections", [])):
        model.institutions.sitting = True
        model.institutions.rebels = 0.0


def legislature_acts(model: NeopatModel) -> bool:
    if not assertive(model):
        return False
    model.log.emit(model.year, 12, LEGISLATURE_ACTS, [], acts=["no_confidence", "veto_override"],
                   hostile_share=round(sitting_hostile(model), 4),
                   legislative_power=model.institutions.legislative_power)
    return True
