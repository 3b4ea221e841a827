"""The neopatrimonial cycle (M22): informal reliance follows uncertainty, and after
fragmentation the ruler re-centralises assets and media into state holdings (M19)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from neopat.model.events import mechanism

if TYPE_CHECKING:
    from neopat.model.model import NeopatModel

RECENTRALISATION = mechanism(
    "recentralisation", "seed:8541-8559",
    "after elite fragmentation the ruler moves private assets and media into state holdings, "
    "even the family's")
STRATEGIC_BASES = frozenset({"media", "banking", "oil_gas", "metals"})


def fragmentation(model: NeopatModel) -> float:
    """Defections over the last ``arbitration.fragmentation_window`` years per elite who has
    entered."""
    window = model.scenario.arbitration.fragmentation_window
    recent = sum(model.defections_by_year.get(model.year - k, 0) for k in range(window))
    entered = sum(1 for e in model.elites if e.entered_year is not None) or 1
    return recent / entered


def update_reliance(model: NeopatModel) -> None:
    """Uncertainty = fragmentation + contested institutions; reliance moves toward it
    (seed:6291-6302)."""
    ruler = model.ruler
    par = model.scenario.ruler
    contested = par.contested_uncertainty if model.contested_this_year else 0.0
    ruler.uncertainty = min(1.0, par.fragmentation_uncertainty * fragmentation(model) + contested)
    ruler.informal_reliance += model.scenario.ruler.reliance_rate * (
        ruler.uncertainty - ruler.informal_reliance)


def recentralise(model: NeopatModel) -> None:
    arb = model.scenario.arbitration
    if not model.ruler.species.recentralises:
        return
    if fragmentation(model) < arb.recentralisation_threshold:
        return
    if model.last_recentralisation is not None and \
            model.year - model.last_recentralisation < arb.recentralisation_cooldown:
        return
    moved, actors = 0.0, []
    for elite in model.elites:
        if elite.in_coalition and (elite.resource_base | elite.faction.resource_base) \
                & STRATEGIC_BASES and elite.wealth > 0:
            take = arb.recentralisation_share * elite.wealth
            elite.wealth -= take
            moved += take
            actors.append(elite.key)
    model.state_assets += moved
    model.last_recentralisation = model.year
    model.log.emit(model.year, 12, RECENTRALISATION, [model.ruler.key, *actors],
                   moved=round(moved, 3))
