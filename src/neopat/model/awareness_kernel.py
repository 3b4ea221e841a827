"""Compiled inner loop of :func:`neopat.model.society.update_awareness`: one pass over the voters
per party, flipping one awareness bit in place, with the uniforms drawn by the caller (so the
random stream, and hence every result, is the same as the vectorised NumPy formulation)."""

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
