"""The vectorised electorate (ODD §7.10): one row per sampled voter in compact dtypes.

Never one Python object per voter. The electorate is a sample: ``scale`` is the sampling
fraction, and every count that meets the outside world is re-weighted by ``1/scale``
(:meth:`Electorate.national`). Attributes are quantised on small grids so that identical voters
can be aggregated into cells for exact multinomial draws (``.cells_engine``).

Grids: ideal point ``q`` in -10..10 means ``q/10`` on the left-right axis [-1, 1]; approval and
apathy ``q`` in 0..10 mean ``q/10`` on [0, 1]; clientelist tie strength 0 (none) .. 3 (strong),
toward the voter's regional broker (the akim and the state employer under him, seed:15447-15453);
awareness is a 64-bit mask, bit ``s`` set when the voter knows the party in slot ``s``; member
is the slot of the party the voter really belongs to, -1 for none (one party at most); listed is
a 64-bit mask of the official lists that hold the voter, his real party's and those he has left
but which keep him as a "dead soul".

The constants below are technical, not catalogue parameters: the grids' resolutions and the
mask's width fix array layouts and dtypes (and the compiled kernels' tables), and the block
sizes trade memory against speed; none changes what a voter does.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

import numpy as np

from neopat.data.assumptions import Assumptions

IDEAL_STEPS = 10
LEVELS = 10
TIE_MAX = 3
AWARENESS_SLOTS = 64
CHUNK = 1 << 16  # voters per block where a whole-electorate temporary would be wasteful
COMPILED_FROM = 350_000  # voters; below, NumPy costs less than loading numba and the kernels (~1 s)


def quantise(values: np.ndarray, steps: int, low: int, high: int, dtype) -> np.ndarray:
    """Round ``values * steps`` to the integer grid ``low..high``."""
    return np.clip(np.rint(values * steps), low, high).astype(dtype)


def stochastic_round(values: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Round to a neighbouring integer with probabilities that keep the expectation."""
    floor = np.floor(values)
    return floor + (rng.random(values.shape) < (values - floor))


@dataclass(eq=False)
class Electorate:
    """A sample of registered voters; each array has one entry per sampled voter."""

    region: np.ndarray  # uint8, index into region_names
    urban: np.ndarray  # bool
    state_employed: np.ndarray  # bool
    age_group: np.ndarray  # uint8, index into age_names
    ideal: np.ndarray  # int8 in -10..10
    approval: np.ndarray  # uint8 in 0..10
    disposition: np.ndarray  # uint8 in 0..10: the voter's own approval, before media homogenise it
    apathy: np.ndarray  # uint8 in 0..10
    tie: np.ndarray  # uint8 in 0..3
    awareness: np.ndarray  # uint64 bit mask over party slots
    district: np.ndarray  # uint16, index into district_region
    member: np.ndarray  # int8, slot of the party the voter really belongs to, -1 none
    listed: np.ndarray  # uint64 bit mask over the party lists holding the voter (dead souls too)
    scale: float
    region_names: tuple[str, ...]
    age_names: tuple[str, ...]
    district_region: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.uint8))
    _registered: np.ndarray | None = field(default=None, init=False, repr=False)

    PER_VOTER = (
        "region", "urban", "state_employed", "age_group", "ideal",
        "approval", "disposition", "apathy", "tie", "awareness", "district", "member",
        "listed",
    )  # fmt: skip

    @classmethod
    def build(
        cls,
        assumptions: Assumptions,
        scale: float,
        rng: np.random.Generator,
        *,
        registered_voters: int | None = None,
    ) -> Electorate:
        """Draw a sample of ``scale`` × the registered voters from the assumptions."""
        if not 0.0 < scale <= 1.0:
            raise ValueError(f"scale must be in (0, 1], got {scale}")
        total = registered_voters or assumptions.registered_voters()
        n = max(1, round(total * scale))
        n_regions = len(assumptions.region_names)
        region = rng.choice(n_regions, size=n, p=assumptions.electorate_shares).astype(np.uint8)
        urban = rng.random(n) < assumptions.urban_shares[region]

        emp = assumptions.state_employment
        urban_frac = urban.mean()
        base = emp.share_of_voters / (urban_frac * emp.urban_factor + (1.0 - urban_frac))
        p_state = np.minimum(1.0, np.where(urban, base * emp.urban_factor, base))
        state_employed = rng.random(n) < p_state

        ages = assumptions.age_groups
        age_group = rng.choice(len(ages.names), size=n, p=ages.shares).astype(np.uint8)
        pensioner = age_group == ages.names.index(ages.pensioner_group)

        ideal_ = assumptions.ideal
        mean = ideal_.mean + ideal_.pensioner_shift * pensioner
        ideal = quantise(
            rng.normal(mean, ideal_.sd), IDEAL_STEPS, -IDEAL_STEPS, IDEAL_STEPS, np.int8
        )
        approval = quantise(_beta(rng, assumptions.approval, n), LEVELS, 0, LEVELS, np.uint8)
        apathy = quantise(_beta(rng, assumptions.apathy, n), LEVELS, 0, LEVELS, np.uint8)

        ties = assumptions.ties
        mean_tie = np.where(state_employed, ties.state_employee_mean, ties.private_mean)
        tie = rng.binomial(TIE_MAX, mean_tie / TIE_MAX).astype(np.uint8)

        return cls(
            region=region,
            urban=urban,
            state_employed=state_employed,
            age_group=age_group,
            ideal=ideal,
            approval=approval,
            disposition=approval.copy(),
            apathy=apathy,
            tie=tie,
            awareness=np.zeros(n, dtype=np.uint64),
            district=region.astype(np.uint16),
            member=np.full(n, -1, dtype=np.int8),
            listed=np.zeros(n, dtype=np.uint64),
            scale=float(scale),
            region_names=tuple(assumptions.region_names),
            age_names=tuple(ages.names),
            district_region=np.arange(n_regions, dtype=np.uint8),
        )

    # --- size and weighting -------------------------------------------------------------------
    @property
    def size(self) -> int:
        """Number of sampled voters."""
        return int(self.region.shape[0])

    @property
    def weight(self) -> float:
        """National voters represented by one sampled voter (1/scale)."""
        return 1.0 / self.scale

    @property
    def n_regions(self) -> int:
        return len(self.region_names)

    @property
    def n_districts(self) -> int:
        return int(self.district_region.shape[0])

    def national(self, sample_count):
        """Re-weight a sample count (scalar or array) to a national-equivalent number."""
        return np.asarray(sample_count, dtype=np.float64) / self.scale

    @property
    def nbytes(self) -> int:
        return sum(getattr(self, name).nbytes for name in self.PER_VOTER)

    @property
    def bytes_per_voter(self) -> float:
        return self.nbytes / self.size

    def registered_by_region(self) -> np.ndarray:
        """National-equivalent registered voters per region (counted once: a voter keeps his
        region for the whole run)."""
        if self._registered is None:
            self._registered = self.national(histogram(self.region, self.n_regions))
        return self._registered.copy()

    # --- awareness ------------------------------------------------------------------------------
    @property
    def compiled(self) -> bool:
        """Whether per-voter updates run compiled (``.kernels``): from
        ``COMPILED_FROM`` voters on; the NumPy formulation gives identical results."""
        return self.size >= COMPILED_FROM

    def aware(self, slot: int) -> np.ndarray:
        """Boolean mask of voters who know the party in ``slot``."""
        return self._test_bit(slot, "awareness")

    def _test_bit(self, slot: int, mask: str) -> np.ndarray:
        """Boolean mask of voters whose ``mask`` (awareness or listed) has ``slot``'s bit set:
        compiled on a large contiguous electorate, else through its byte column."""
        words = getattr(self, mask)
        if self.compiled and words.flags.c_contiguous:
            from neopat.model.electorate.kernels import test_bit
            return test_bit(words, _check_slot(slot))
        column, bit = self._bit_column(slot, mask)
        return (column & bit) != 0

    def known(self, slots) -> np.ndarray:
        """How many sampled voters know each of ``slots`` (integer counts, the same in the
        compiled and NumPy formulations)."""
        slots = [_check_slot(s) for s in np.asarray(slots).tolist()]
        if self.compiled and self.awareness.flags.c_contiguous:
            from neopat.model.electorate.kernels import slot_counts
            return slot_counts(self.awareness, np.asarray(slots, dtype=np.int64))
        return np.array([np.count_nonzero(self.aware(s)) for s in slots], dtype=np.int64)

    def known_counts(self, slots: list[int], voters: np.ndarray) -> dict[int, np.ndarray]:
        """Per slot: ``counts[k]`` is the number of ``voters`` who know it and ``k`` of
        ``slots`` in all (integer counts, the same in the compiled and NumPy formulations)."""
        if self.compiled and self.awareness.flags.c_contiguous:
            from neopat.model.electorate.kernels import known_counts
            side = np.uint64(sum(1 << _check_slot(s) for s in slots))
            table = known_counts(self.awareness, np.asarray(voters, dtype=bool), side)
            return {s: table[s, :len(slots) + 1] for s in slots}
        known = {s: self.aware(s) for s in slots}
        count = np.zeros(self.size, dtype=np.int64)
        for s in slots:
            count += known[s]
        return {s: np.bincount(count[known[s] & voters], minlength=len(slots) + 1)
                for s in slots}

    def set_aware(self, slot: int, mask: np.ndarray) -> None:
        """Set the awareness bit of ``slot`` to ``mask`` for every voter."""
        mask = np.asarray(mask, dtype=bool)
        if self.compiled and mask.shape == self.awareness.shape:
            from neopat.model.electorate.kernels import set_bit
            set_bit(self.awareness, _check_slot(slot), mask)
            return
        column, bit = self._bit_column(slot)
        column &= ~bit
        column |= mask.view(np.uint8) * bit

    def _bit_column(self, slot: int, mask: str = "awareness") -> tuple[np.ndarray, np.uint8]:
        """The byte of every voter's ``mask`` (awareness or listed) that holds ``slot`` (a
        strided view, so reads and writes touch one byte per voter instead of building 64-bit
        temporaries), and its bit."""
        slot = _check_slot(slot)
        words = getattr(self, mask)
        if not words.flags.c_contiguous:
            words = np.ascontiguousarray(words)
            setattr(self, mask, words)
        byte = slot // 8 if sys.byteorder == "little" else 7 - slot // 8
        return words.view(np.uint8).reshape(-1, 8)[:, byte], np.uint8(1 << slot % 8)

    def forget_slot(self, slot: int) -> None:
        """Clear a slot (a dissolved party) so that it can be reused by a new party: nobody
        knows it and its membership list is void."""
        self.set_aware(slot, np.zeros(self.size, dtype=bool))
        self.move_members(slot, -1)

    # --- membership lists -----------------------------------------------------------------------
    def on_list(self, slot: int) -> np.ndarray:
        """Boolean mask of voters on ``slot``'s official list (its dead souls included)."""
        return self._test_bit(slot, "listed")

    def enlist(self, voters: np.ndarray, slot: int) -> None:
        """``voters`` (indices) join the party in ``slot``: its real members, on its list."""
        self.member[voters] = slot
        column, bit = self._bit_column(slot, "listed")
        column[voters] |= bit

    def move_members(self, slot: int, to: int, share: float = 1.0,
                     rng: np.random.Generator | None = None) -> None:
        """Move ``slot``'s members to ``to`` (-1: off every list): its whole list, dead souls
        included, or each real member with probability ``share`` (drawn from ``rng``)."""
        on = np.flatnonzero(self.member == _check_slot(slot))
        if share < 1.0:
            on = on[rng.random(on.size) < share]
            listed = on
        else:
            listed = np.flatnonzero(self.on_list(slot))
        self.member[on] = to
        column, bit = self._bit_column(slot, "listed")
        column[listed] &= ~bit
        if to >= 0:
            column, bit = self._bit_column(to, "listed")
            column[listed] |= bit

    # --- districts ------------------------------------------------------------------------------
    def assign_districts(self, districts_per_region, rng: np.random.Generator) -> None:
        """Split each region into equal-probability districts, voters assigned by a seeded draw.

        District ids run region by region: region 0's districts first.
        """
        per_region = np.asarray(districts_per_region, dtype=np.int64)
        if per_region.shape != (self.n_regions,) or (per_region < 1).any():
            raise ValueError("districts_per_region needs one positive count per region")
        if per_region.sum() > np.iinfo(np.uint16).max:
            raise ValueError("too many districts")
        offset = np.concatenate([[0], np.cumsum(per_region)[:-1]]).astype(np.uint16)
        within = rng.random(self.size)
        within *= per_region.astype(np.float64)[self.region]
        district = within.astype(np.uint16)  # truncation is floor here: 0 <= within < 65536
        district += offset[self.region]
        self.district = district
        self.district_region = np.repeat(np.arange(self.n_regions), per_region).astype(np.uint8)


def histogram(values: np.ndarray, bins: int) -> np.ndarray:
    """How many of ``values`` (small non-negative integers) take each value below ``bins``,
    counted in blocks: ``np.bincount`` copies its input to intp, eight bytes per voter."""
    counts = np.zeros(bins, dtype=np.int64)
    for start in range(0, values.size, CHUNK):
        counts += np.bincount(values[start:start + CHUNK], minlength=bins)
    return counts


def _beta(rng: np.random.Generator, spec, n: int) -> np.ndarray:
    return rng.beta(spec.mean * spec.concentration, (1.0 - spec.mean) * spec.concentration, n)


def _check_slot(slot: int) -> int:
    if not 0 <= int(slot) < AWARENESS_SLOTS:
        raise ValueError(f"party slot {slot} outside 0..{AWARENESS_SLOTS - 1}")
    return int(slot)
