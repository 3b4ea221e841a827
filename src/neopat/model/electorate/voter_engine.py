"""Voter-by-voter vote draw compiled with numba: a drop-in alternative to
:func:`neopat.model.electorate.cells_engine.vote` (same signature, same result type, same choice model).

Each sampled voter takes two uniforms from ``rng`` (NumPy's generator, drawn in fixed chunks of
voters, each chunk from its own child generator spawned from ``rng``): the first decides turnout
against the logit turnout probability of the voter's (apathy, tie) level, the second picks one
ballot option by inverse CDF over the multinomial-logit weights of "against all" and the parties
(ODD §7.14). The weights factorise exactly as in the cells engine: a table
over (unit, ideal, approval, tie) × party times the awareness factor of each party, so a voter
costs about a dozen multiplications and no ``exp``. The result depends on the seed only, never on
the number of threads; it has the same distribution as the cells engine, not the same draws.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import numba
import numpy as np

from neopat.model.electorate.choice import (
    FIRST_PARTY,
    IDEAL_GRID,
    LEVEL_GRID,
    TIE_GRID,
    ElectionResult,
    PartyOffer,
    VoteParams,
    check_units,
    turnout_probability,
)
from neopat.model.electorate.electorate import IDEAL_STEPS, Electorate

CHUNK_VOTERS = 1 << 20  # technical: voters drawn per block (memory, not behaviour)
THREADS = min(4, os.cpu_count() or 1)


def weight_tables(offer: PartyOffer, params: VoteParams):
    """Logit weights sharing one shift: ``base`` (ideal, approval, tie, P) as a product of three
    small exponentiated tables, the awareness factors ``known``/``unknown`` (P) and ``against``
    (approval levels). Per-unit factors (``offer.unit_weights()``) are applied per voter by the kernel."""
    distance = -params.b_distance * offer.coherence * np.abs(IDEAL_GRID[:, None] - offer.position)
    alignment = params.b_alignment * offer.stance * (2.0 * LEVEL_GRID[:, None] - 1.0)
    admin = params.b_admin * TIE_GRID[:, None] * offer.admin_access
    terms = (distance, alignment, admin)
    shifts = [t.max(axis=0) for t in terms]  # per party: every factor is at most 1
    e_dist, e_align, e_admin = (np.exp(t - s) for t, s in zip(terms, shifts, strict=True))
    party_shift = sum(shifts)
    known_term = params.b_appeal * offer.leader_appeal + party_shift
    unknown_term = -params.unaware_penalty + party_shift
    shift = max(known_term.max(initial=0.0), unknown_term.max(initial=0.0))
    weight = (e_dist[:, None, None, :] * e_align[None, :, None, :] * e_admin[None, None, :, :])
    against = np.zeros(len(LEVEL_GRID))
    if params.against_all:
        against = np.exp(params.aa_intercept + params.aa_disapproval * (1.0 - LEVEL_GRID) - shift)
    return (np.ascontiguousarray(weight), np.exp(known_term - shift), np.exp(unknown_term - shift),
            against)


@numba.njit(nogil=True, cache=True)
def draw_voters(unit, ideal, approval, apathy, tie, awareness, slots, uniforms,
                p_vote, weight, known, unknown, against, ballot, out):  # pragma: no cover - compiled
    """Add the votes of voters ``0..len(unit)`` to ``out`` (units × (2 + P)); ``ballot`` is
    (units or 1) × P, each party's weight factor in the unit (0.0 where it is not on the ballot)."""
    n_parties = slots.shape[0]
    per_unit = ballot.shape[0] > 1
    w = np.empty(n_parties + 1)
    for i in range(unit.shape[0]):
        u = unit[i]
        t = tie[i]
        if uniforms[2 * i] >= p_vote[apathy[i], t]:
            out[u, 0] += 1
            continue
        a = approval[i]
        cells = weight[ideal[i] + IDEAL_STEPS, a, t]
        on = ballot[u if per_unit else 0]
        aware = awareness[i]
        total = against[a]
        w[0] = total
        for j in range(n_parties):
            if (aware >> slots[j]) & np.uint64(1):
                total += cells[j] * known[j] * on[j]
            else:
                total += cells[j] * unknown[j] * on[j]
            w[j + 1] = total
        target = uniforms[2 * i + 1] * total
        k = 0
        while k < n_parties and w[k] <= target:
            k += 1
        out[u, 1 + k] += 1


def vote(
    electorate: Electorate,
    offer: PartyOffer,
    rng: np.random.Generator,
    params: VoteParams | None = None,
    *,
    by: str = "region",
) -> ElectionResult:
    """Hold one election voter by voter; arguments and result as :func:`.cells_engine.vote`."""
    params = params or VoteParams()
    n_units = check_units(electorate, offer, by)
    weight, known, unknown, against = weight_tables(offer, params)
    unit_weights = offer.unit_weights()
    ballot = np.ones((1, offer.size)) if unit_weights is None else unit_weights
    if not (ballot.any(axis=1) | (against > 0).all()).all():
        raise ValueError("some unit has no party on the ballot and no 'against all' option")
    p_vote = turnout_probability(params)
    unit = electorate.region if by == "region" else electorate.district
    slots = offer.ids.astype(np.uint64)
    n = electorate.size
    bounds = list(range(0, n, CHUNK_VOTERS)) + [n]
    children = rng.spawn(len(bounds) - 1)

    def run(c: int) -> np.ndarray:
        lo, hi = bounds[c], bounds[c + 1]
        out = np.zeros((n_units, FIRST_PARTY + offer.size), dtype=np.int64)
        draw_voters(unit[lo:hi], electorate.ideal[lo:hi], electorate.approval[lo:hi],
                    electorate.apathy[lo:hi], electorate.tie[lo:hi], electorate.awareness[lo:hi],
                    slots, children[c].random(2 * (hi - lo)), p_vote, weight, known, unknown,
                    against, ballot, out)
        return out

    if len(children) == 1:
        counts = run(0)
    else:
        with ThreadPoolExecutor(max_workers=min(len(children), THREADS)) as pool:
            counts = np.sum(list(pool.map(run, range(len(children)))), axis=0)
    return ElectionResult.tallied(counts, offer, electorate, by)
