"""Yearly indicators of the informal tier (ODD §7.8)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from neopat.model.agents import EXILED, IMPRISONED, OPPOSITION

if TYPE_CHECKING:
    from neopat.model.model import NeopatModel


SCALAR_INDICATORS = ("defections", "opposition", "excluded_elites", "elite_cohesion", "ruler_authority",
                     "legitimacy", "informal_reliance", "uncertainty", "state_assets",
                     "asset_concentration", "top_office_share", "top_asset_share")


def yearly(model: NeopatModel) -> dict[str, Any]:
    entered = [e for e in model.elites if e.entered_year is not None]
    coalition = [e for e in entered if e.in_coalition]
    held = [o for o in model.offices if o.holder is not None]
    loyal = model.scenario.selective.loyal_threshold
    office_share: dict[str, float] = {}
    for o in held:
        key = o.holder.faction.key
        office_share[key] = office_share.get(key, 0.0) + 1.0 / len(model.offices)
    assets = {f.key: f.assets for f in model.factions}
    total = sum(assets.values())
    asset_share = {k: v / total for k, v in assets.items() if v > 0} if total > 0 else {}
    rank_total = sum(o.rank for o in held) or 1
    return {
        "year": model.year,
        "elites": len(entered),
        "defections": model.defections_this_year,
        "opposition": sum(1 for e in entered if e.status == OPPOSITION),
        "excluded_elites": sum(1 for e in entered if e.status in (OPPOSITION, EXILED, IMPRISONED)),
        "punished": sum(1 for ev in model.log_this_year() if ev.mechanism == "punishment"),
        "coopted": sum(1 for ev in model.log_this_year() if ev.mechanism == "cooptation"),
        "raids": sum(1 for ev in model.log_this_year() if ev.mechanism == "coercive_raid"),
        "elite_cohesion": len(coalition) / len(entered) if entered else 1.0,
        "ruler_authority": model.ruler.authority,
        "legitimacy": model.ruler.legitimacy,
        "informal_reliance": model.ruler.informal_reliance,
        "uncertainty": model.ruler.uncertainty,
        "state_assets": model.state_assets,
        "asset_concentration": sum(s * s for s in asset_share.values()),
        "top_office_share": max(office_share.values(), default=0.0),
        "top_asset_share": max(asset_share.values(), default=0.0),
        "loyal_office_share": sum(o.rank for o in held if o.holder.loyalty >= loyal) / rank_total,
        "office_share": {k: round(v, 4) for k, v in sorted(office_share.items())},
        "asset_share": {k: round(v, 4) for k, v in sorted(asset_share.items())},
    }
