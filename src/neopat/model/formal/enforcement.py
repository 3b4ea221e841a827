"""How office-holders apply the rules (ODD §7.11): the registrar (Ministry of Justice), the
prosecutor, the election commission and the akims apply the party law, strike lists, falsify
and pressure voters as far as they lean against a party, and they lean as far as they are loyal
to the ruler and keep what a biased decision gains them.

"informal powers of discretion are handed to loyal officials ... In cases of opposition parties
it is applied with vigour and strictness. In the case of pro-presidential parties it is applied
leniently" (seed:3882-3888). Whether bending a rule pays is the ruler's species: what a court
that reverses the decision costs the official (``RulerSpecies.reversal_cost``). Under a ruler
whose courts reverse biased decisions and whose appointments count them, no official leans at
all: rules are applied alike, emergently.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from neopat.model.agents import Elite
    from neopat.model.model import NeopatModel


def leeway(model: NeopatModel) -> float:
    """The share of a biased decision's gain an official keeps (1: nothing is reversed; 0: a
    reversal costs at least as much as a decision can gain)."""
    return 1.0 - min(1.0, model.ruler.species.reversal_cost(model))


def partisan(model: NeopatModel) -> bool:
    """Whether any office-holder can gain by bending a rule (else none does, and no decision
    needs drawing)."""
    return leeway(model) > 0.0


def bias(model: NeopatModel, holder: Elite | None, stake: float, *, vacant: float = 1.0,
         graded: bool = True) -> float:
    """How far ``holder`` leans against (+) or for (−) a party in which the ruler has ``stake``
    (−1 for his own party … +1 against a threat): the stake times the holder's loyalty (graded:
    full from ``selective.loyal_threshold`` up), less the expected cost of a reversal. A vacant
    office acts with loyalty ``vacant``."""
    loyalty = holder.loyalty if holder is not None else vacant
    weight = min(1.0, loyalty / model.scenario.selective.loyal_threshold) if graded else loyalty
    raw = weight * stake
    cost = model.ruler.species.reversal_cost(model)
    return math.copysign(max(0.0, abs(raw) - cost), raw)


def criticised(model: NeopatModel, amount: float) -> None:
    """Add to the international criticism the ruler faces: falsified counts and excluded
    opposition parties are reported abroad (seed:10031-10039, seed:10297-10305)."""
    model.institutions.criticism += amount
