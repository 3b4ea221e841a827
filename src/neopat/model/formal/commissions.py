"""Election commissions formed before a parliamentary election (ODD §7.11): the parties on the
ballot nominate commissioners and each region's council elects them.

Since 2002 the maslikhats elect the commissions from the parties' nominees (seed:10333-10338);
the councils are the president's party's and their deputies are the akim's clients, so "few
opposition members are elected" (seed:10422-10442): in 2004 Asar and Otan had 99 and 98% of
their nominees elected, Ak Zhol and the DVK 51 and 20% (seed:10342-10360). A council rejects a
nominee as far as the region's commissions lean (``commission_loyalty``: its akim and the loyal
council share) times the ruler's stake against the nominating party (the selective application
loyal officials give the rules, seed:3880-3888). The counts are expected values, not draws, so
the step leaves every random stream of the run untouched.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from neopat.model.formal.parties import stake

if TYPE_CHECKING:
    from neopat.model.model import NeopatModel


def commission_seats(model: NeopatModel, entries: list[dict[str, Any]],
                     loyalty: np.ndarray) -> dict[str, dict[str, float]]:
    """Per contestant (party or bloc): ``nominated``, one nominee to each region's commission
    (the 1999 law's seat for every party on every commission, seed:10328-10331; the thesis is
    silent on how many each party nominated after 2002), and ``elected``, the expected number the
    councils accept: a nominee is rejected with probability ``selective.selective_enforcement``
    × the region's commission loyalty × the ruler's stake against the party (a bloc: its head)."""
    strict = model.scenario.selective.selective_enforcement
    out = {}
    for e in entries:
        party = model.party_by_key.get(e.get("members", [e["key"]])[0])
        against = max(0.0, stake(party, model)) if party is not None else 0.0
        accepted = np.clip(1.0 - strict * loyalty * against, 0.0, 1.0)
        out[e["key"]] = {"nominated": len(loyalty), "elected": round(float(accepted.sum()), 4)}
    return out
