"""The ruler's answer to a defector: punish (prosecution, exile or prison, asset seizure),
co-opt (a post such as an ambassadorship) or tolerate (M15, M3, M20)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from neopat.model.agents import EXILED, IMPRISONED, Elite
from neopat.model.events import mechanism
from neopat.model.informal.patronage import under_cap

if TYPE_CHECKING:
    from neopat.model.model import NeopatModel

PUNISHMENT = mechanism("punishment", "seed:8205-8217",
                       "a defector is prosecuted: office and a share of assets lost (to state "
                       "holdings), then exile or prison; kinship does not exempt")
COOPTATION = mechanism("cooptation", "seed:7161-7169",
                       "a defector is offered a post (an ambassadorship) in exchange for loyalty")


def respond_to_defection(model: NeopatModel, elite: Elite, month: int) -> None:
    species, sel = model.ruler.species, model.scenario.selective
    pressure = 0.5 + model.ruler.informal_reliance
    if species.punishes and model.rng.random() < sel.punishment_probability * pressure:
        punish(model, elite, month)
    elif species.coopts and model.rng.random() < sel.cooptation_probability:
        coopt(model, elite, month)


def punish(model: NeopatModel, elite: Elite, month: int) -> None:
    office = elite.leave_office()
    seized = model.scenario.selective.seized_on_punishment * elite.wealth
    elite.wealth -= seized
    model.state_assets += seized
    exile = model.rng.random() < model.scenario.selective.exile_share
    elite.status = EXILED if exile else IMPRISONED
    model.punish_memory += 1.0
    model.log.emit(model.year, month, PUNISHMENT, [model.ruler.key, elite.key],
                   outcome=elite.status, seized=round(seized, 3),
                   office=office.kind if office else None)


def coopt(model: NeopatModel, elite: Elite, month: int) -> None:
    posts = [o for o in model.offices if o.kind == "ambassador" and o.holder is None]
    if not posts or (model.ruler.species.caps_offices and not under_cap(model, elite.faction)):
        return
    elite.take_office(posts[0], model.year)
    elite.loyalty, elite.grievance = model.scenario.selective.coopted_loyalty, 0.0
    model.log.emit(model.year, month, COOPTATION, [model.ruler.key, elite.key],
                   office=posts[0].kind)
