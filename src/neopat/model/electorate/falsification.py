"""Falsification at the count (schedule step 8, ODD §7.10), where election commissions are loyal.

The thesis separates genuine support from the official count: commissions appointed by akims,
later elected by maslikhats the presidential party dominates (seed:10422-10431), alter protocols;
multiple voting and ballot stuffing are "overseen by the local Akim" (seed:9955-9963). A loyal
commission

1. moves a share of the targeted (opposition and "against all") votes to the favoured party, and
2. pads turnout by turning abstainers into ballots for the favoured party,

until the favoured party reaches its instructed share of the ballots or the commission's capacity
is exhausted. Capacity is ``sensitivity × loyalty`` of the unit's commissions (0..1, derived by
the model from the local council seats and the akim's loyalty).

Defaults (``FalsificationParams``, the catalogue's ``count`` section):

* ``max_shift = 0.43``: Ak Zhol had 21% on the evening count and 12% in the CEC's figure in 2004
  (seed:10584-10603): 1 - 12/21 = 0.43 of its votes disappeared at full loyalty. For comparison the
  KPK/DVK bloc got 3.4% against 12.5% in an earlier poll (seed:10104-10112), a gap that also
  contains campaign pressure, so it is not used for the count alone.
* ``target_share = 0.70``: the akim of North Kazakhstan instructed district and village akims to
  deliver "70 percent of the vote" for the favoured candidate (seed:10489-10497).
* ``max_padding = 0.10``: share of abstainers a fully loyal commission can turn into ballots. The
  thesis documents multiple voting and ballot stuffing (seed:9955-9963) without a figure: our
  assumption.
* Capacity reads as the share of a unit's commissions that falsify, each moving up to
  ``max_shift`` of the targeted votes. In 2007, 40% of polling stations had violations
  (seed:13396-13400): a calibration target for the mean capacity, not an input.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from neopat.model.electorate.choice import ABSTAIN, AGAINST_ALL, FIRST_PARTY, ElectionResult
from neopat.scenarios.schema import CountParams

_COUNT = CountParams()


@dataclass(frozen=True)
class FalsificationParams:
    """Bounds of falsification; ``sensitivity`` is the ``selective.falsification`` parameter."""

    sensitivity: float = 1.0
    max_shift: float = _COUNT.max_shift
    max_padding: float = _COUNT.max_padding
    target_share: float = _COUNT.target_share
    include_against_all: bool = _COUNT.include_against_all

    def __post_init__(self):
        for name in ("sensitivity", "max_shift", "max_padding", "target_share"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise ValueError(f"FalsificationParams.{name} must lie in [0, 1]")


@dataclass(frozen=True, eq=False)
class Falsified:
    """The official result and what the commissions moved (national numbers, per unit)."""

    official: ElectionResult
    shifted: np.ndarray
    padded: np.ndarray


def falsify(
    result: ElectionResult,
    loyalty: np.ndarray,
    favoured: int,
    targets: np.ndarray,
    rng: np.random.Generator,
    params: FalsificationParams | None = None,
) -> Falsified:
    """Apply falsification at the count to a genuine result.

    ``loyalty`` has one value in [0, 1] per region (mapped to the result's units);
    ``favoured`` is the index of the favoured party in the offer; ``targets`` is a boolean mask
    over the offer's parties whose votes loyal commissions may take.
    """
    params = params or FalsificationParams()
    counts = result.sample_counts.astype(np.int64)
    n_parties = counts.shape[1] - FIRST_PARTY
    targets = np.asarray(targets, dtype=bool)
    if targets.shape != (n_parties,):
        raise ValueError(f"targets must be a mask over the {n_parties} parties")
    if not 0 <= favoured < n_parties or targets[favoured]:
        raise ValueError("favoured must be a party index that is not targeted")
    loyalty = np.asarray(loyalty, dtype=np.float64)
    if loyalty.ndim != 1 or loyalty.shape[0] <= result.unit_region.max():
        raise ValueError("loyalty needs one value per region")
    if not ((loyalty >= 0) & (loyalty <= 1)).all():
        raise ValueError("loyalty must lie in [0, 1]")

    capacity = params.sensitivity * loyalty[result.unit_region]
    target_mask = np.zeros(counts.shape[1], dtype=bool)
    target_mask[AGAINST_ALL] = params.include_against_all
    target_mask[FIRST_PARTY:] = targets
    target_cols = np.flatnonzero(target_mask)
    fav_col = FIRST_PARTY + favoured
    t = params.target_share

    ballots = counts.sum(axis=1) - counts[:, ABSTAIN]
    taken_from = counts[:, target_cols]
    available = taken_from.sum(axis=1)
    need_shift = np.maximum(0.0, t * ballots - counts[:, fav_col])
    shift = np.minimum(capacity * params.max_shift * available, need_shift)
    q_shift = np.divide(shift, available, out=np.zeros(len(shift)), where=available > 0)
    moved = rng.binomial(taken_from, q_shift[:, None])
    counts[:, target_cols] -= moved
    counts[:, fav_col] += moved.sum(axis=1)

    abstain = counts[:, ABSTAIN]
    need_pad = np.maximum(0.0, t * ballots - counts[:, fav_col]) / max(1.0 - t, 1e-12)
    pad = np.minimum(capacity * params.max_padding * abstain, need_pad)
    q_pad = np.divide(pad, abstain, out=np.zeros(len(pad)), where=abstain > 0)
    padded = rng.binomial(abstain, np.minimum(q_pad, 1.0))
    counts[:, ABSTAIN] -= padded
    counts[:, fav_col] += padded

    return Falsified(
        official=result.with_counts(counts),
        shifted=moved.sum(axis=1) / result.scale,
        padded=padded / result.scale,
    )
