"""The threat the ruler foresees (ODD §7.12): three channels in [0, 1], weighted.

- **vote**: the share of the electorate that disapproves of him (approval ≤ 4), the voters an
  opposition list could reach (the KPK/DVK bloc polled 12.5%, seed:10104-10116);
- **elite**: defection waves (fragmentation over ``institutions.wave_threat``) and the
  opposition's resources and elite backers (the money of elites in opposition and of opposition
  parties, against the coalition's): "the rise of an opposition party backed and funded by former
  ruling elites led to a rethinking" (seed:8063-8073);
- **legislature**: a sitting legislature's hostile share times its power, against
  ``institutions.assembly_majority`` (Nazarbaev "feeling threatened by the constitutional power of
  parliament", seed:6929-6935).

Not the seats his own commissions let through: the vote channel reads opinion, not the count.
The weights ``institutions.threat_vote``, ``threat_elite`` and ``threat_legislature`` are
calibrated on pre-2000 episodes (``neopat.experiments.episodes.calibrate``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from neopat.model.agents import COALITION, OPPOSITION

if TYPE_CHECKING:
    from neopat.model.model import NeopatModel

CHANNELS = ("vote", "elite", "legislature")


def opposition_resources(model: NeopatModel) -> float:
    """Share of elite money on the opposition's side: elites in opposition and the funds of
    active opposition parties, against that plus the coalition's wealth."""
    opp = sum(e.wealth for e in model.elites if e.status == OPPOSITION)
    opp += sum(p.funds for p in getattr(model, "parties", [])
               if getattr(p, "active", False) and p.stance == "opposition")
    coalition = sum(e.wealth for e in model.elites if e.status in COALITION)
    return opp / (opp + coalition) if opp + coalition > 0 else 0.0


def channels(model: NeopatModel, sitting_hostile: float | None) -> dict[str, float]:
    """The three channels this year; ``sitting_hostile`` is the sitting legislature's hostile
    share (None when none sits)."""
    cfg = model.scenario.institutions
    vote = float(np.mean(model.electorate.approval <= 4))
    wave = min(1.0, model.fragmentation() / cfg.wave_threat) if cfg.wave_threat > 0 else 0.0
    elite = 0.5 * wave + 0.5 * opposition_resources(model)
    legis = 0.0 if sitting_hostile is None else min(
        1.0, sitting_hostile * model.institutions.legislative_power / max(cfg.assembly_majority,
                                                                          1e-9))
    return {"vote": vote, "elite": elite, "legislature": legis}


def threat(model: NeopatModel, values: dict[str, float]) -> float:
    """The weighted threat: how much a point of hostile power is worth to the ruler."""
    cfg = model.scenario.institutions
    weights = {"vote": cfg.threat_vote, "elite": cfg.threat_elite,
               "legislature": cfg.threat_legislature}
    return float(sum(weights[k] * values[k] for k in CHANNELS))
