"""Compiled inner loops of :mod:`neopat.model.society`: one pass over the voters instead of several
NumPy temporaries. The uniforms are drawn by the caller exactly as before, and the arithmetic is
the same, so the random stream and every result are bit-identical to the NumPy formulation."""

from __future__ import annotations

import numba
import numpy as np


@numba.njit(nogil=True, cache=True)
def learn_forget(awareness, group, u, learn, forget, slot):  # pragma: no cover - compiled
    """Voter ``i`` who does not know ``slot`` learns it when ``u[i] < learn[group[i]]``; one who
    knows it forgets it when ``u[i] < forget[group[i]]``."""
    bit = np.uint64(1) << np.uint64(slot)
    for i in range(awareness.shape[0]):
        g = group[i]
        if awareness[i] & bit:
            if u[i] < forget[g]:
                awareness[i] &= ~bit
        elif u[i] < learn[g]:
            awareness[i] |= bit


@numba.njit(nogil=True, cache=True)
def to_levels(value, u, levels):  # pragma: no cover - compiled
    """``clip(stochastic_round(clip(value, 0, 1) * levels), 0, levels)`` as uint8, rounding up
    when ``u[i]`` is below the fractional part."""
    out = np.empty(value.shape[0], dtype=np.uint8)
    for i in range(value.shape[0]):
        x = min(max(value[i], 0.0), 1.0) * levels
        f = np.floor(x)
        r = f + 1.0 if u[i] < x - f else f
        out[i] = np.uint8(min(max(r, 0.0), levels))
    return out
