"""Compiled inner loops of :mod:`.society`: one pass over the voters instead of several
NumPy temporaries. The uniforms are drawn by the caller exactly as before, and the arithmetic is
the same, so the random stream and every result are bit-identical to the NumPy formulation
(:mod:`.society` uses that formulation for small electorates, where loading the
compiled code would cost more than it saves)."""

from __future__ import annotations

import numba
import numpy as np


@numba.njit(nogil=True, cache=True)
def learn_forget(awareness, region, urban, u, learn, forget, slot):  # pragma: no cover - compiled
    """Voter ``i`` who does not know ``slot`` learns it when ``u[i] < learn[r, s]`` (``r`` the
    voter's region, ``s`` urban); one who knows it forgets it when ``u[i] < forget[r, s]``.
    Branch-free (the bit flips when ``u[i]`` is below the threshold that applies): the branches
    would be mispredicted about half the time."""
    shift = np.uint64(slot)
    for i in range(awareness.shape[0]):
        a = awareness[i]
        r, s = region[i], np.intp(urban[i])
        threshold = forget[r, s] if (a >> shift) & np.uint64(1) else learn[r, s]
        awareness[i] = a ^ (np.uint64(u[i] < threshold) << shift)


@numba.njit(nogil=True, cache=True)
def to_levels(table, region, level, u, levels):  # pragma: no cover - compiled
    """``clip(stochastic_round(clip(v, 0, 1) * levels), 0, levels)`` as uint8 for
    ``v = table[region[i], level[i]]``, rounding up when ``u[i]`` is below the fractional part."""
    out = np.empty(u.shape[0], dtype=np.uint8)
    for i in range(u.shape[0]):
        x = min(max(table[region[i], level[i]], 0.0), 1.0) * levels
        f = np.floor(x)
        r = f + 1.0 if u[i] < x - f else f
        out[i] = np.uint8(min(max(r, 0.0), levels))
    return out


@numba.njit(nogil=True, cache=True)
def step_ties(tie, region, state, target, u, rate):  # pragma: no cover - compiled
    """Each tie one step toward ``target[region[i], state[i]]`` when ``u[i] < rate`` (branch-free)."""
    out = np.empty(tie.shape[0], dtype=np.uint8)
    for i in range(tie.shape[0]):
        t = np.int64(tie[i])
        goal = target[region[i], np.intp(state[i])]
        step = np.int64(goal > t) - np.int64(goal < t)
        out[i] = np.uint8(t + step * np.int64(u[i] < rate))
    return out


@numba.njit(nogil=True, cache=True)
def test_bit(awareness, slot):  # pragma: no cover - compiled
    """Whether bit ``slot`` of each voter's mask is set."""
    bit = np.uint64(1) << np.uint64(slot)
    out = np.empty(awareness.shape[0], dtype=np.bool_)
    for i in range(awareness.shape[0]):
        out[i] = (awareness[i] & bit) != 0
    return out


@numba.njit(nogil=True, cache=True)
def set_bit(awareness, slot, mask):  # pragma: no cover - compiled
    """Set bit ``slot`` of each voter's mask to ``mask[i]``."""
    bit = np.uint64(1) << np.uint64(slot)
    for i in range(awareness.shape[0]):
        if mask[i]:
            awareness[i] |= bit
        else:
            awareness[i] &= ~bit


@numba.njit(nogil=True, cache=True)
def known_counts(awareness, voters, side):  # pragma: no cover - compiled
    """``out[s, k]``: how many ``voters`` know slot ``s`` of the bit mask ``side`` and ``k`` of
    its slots in all."""
    out = np.zeros((64, 65), dtype=np.int64)
    one = np.uint64(1)
    for i in range(awareness.shape[0]):
        if not voters[i]:
            continue
        a = awareness[i] & side
        k, b = 0, a
        while b:
            b &= b - one
            k += 1
        s = 0
        while a:
            if a & one:
                out[s, k] += 1
            a >>= one
            s += 1
    return out


@numba.njit(nogil=True, cache=True)
def slot_counts(awareness, slots):  # pragma: no cover - compiled
    """``out[j]``: how many voters know slot ``slots[j]`` (one pass over the masks)."""
    out = np.zeros(slots.shape[0], dtype=np.int64)
    one = np.uint64(1)
    for i in range(awareness.shape[0]):
        a = awareness[i]
        for j in range(slots.shape[0]):
            out[j] += np.int64((a >> np.uint64(slots[j])) & one)
    return out
