"""Step 6 of the schedule: the parties' year, in order."""

from __future__ import annotations

from typing import TYPE_CHECKING

from neopat.model.formal import founders, management
from neopat.model.formal.parties import (
    TERMINAL,
    classify_parties,
    coopt,
    election_due,
    found_parties,
    liquidate,
    recruit,
    register,
    reregister,
    reregistration_due,
    split,
    vehicle_patronage,
)

if TYPE_CHECKING:
    from neopat.model.model import NeopatModel


def step_parties(model: NeopatModel) -> None:
    """6. Parties: founding (recent defectors found or join vehicles of their own), money,
    recruitment; before an election or a re-registration the ruler
    weighs his satellites (keep and sponsor, or offer a merger); re-registration and
    registration; liquidation, splits, co-optation; the vehicle as patronage; typology."""
    model.ensure_electorate()
    found_parties(model)
    founders.found_or_join(model)
    founders.fund(model)
    recruit(model)
    if election_due(model, 1) or reregistration_due(model):
        management.manage(model)
    reregister(model)
    register(model)
    liquidate(model)
    split(model)
    coopt(model)
    vehicle_patronage(model)
    classify_parties(model)
    for party in model.parties:
        if party.status in TERMINAL and not party.forgotten:
            party.forgotten = True
            if not any(q.slot == party.slot and q.status not in TERMINAL for q in model.parties):
                model.electorate.forget_slot(party.slot)
