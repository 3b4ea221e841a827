"""The yearly society update, awareness bits and single-member seats, each against the formulation
it replaced (kept here as the baseline); every pair is checked to give identical results.

- society: one year of ``homogenise_approval``, ``update_awareness`` (5 parties, by region and
  settlement), ``update_ties`` and ``drift_apathy`` on the same electorate and seed, against the
  NumPy formulation over whole-electorate float64 temporaries; also the NumPy path the model uses
  below ``electorate.COMPILED_FROM`` voters against the compiled one on a small electorate, each in a
  fresh process (the compiled one has to load numba and its cached kernels);
- awareness: ``Electorate.aware`` / ``set_aware`` (one compiled pass, or NumPy on the one byte per
  voter that holds the slot below ``COMPILED_FROM``) against 64-bit masks;
- smd: 600 two-round districts with integral votes, exact with Python ints against Fractions.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np

from benchmarks.core import Row, seconds, timed
from neopat.data.assumptions import load_assumptions
from neopat.data.rule_sets import SmdTier
from neopat.model.electorate import electorate as voters
from neopat.model.electorate import society
from neopat.model.electorate.electorate import LEVELS, TIE_MAX, Electorate, stochastic_round
from neopat.rules.smd import Candidate, DistrictVotes, allocate_smd

SLOTS = [1, 2, 3, 4, 5]


def electorate(n: int, seed: int = 3) -> Electorate:
    e = Electorate.build(load_assumptions(), 1.0, np.random.default_rng(seed), registered_voters=n)
    rng = np.random.default_rng(seed + 1)
    for s in SLOTS:
        e.set_aware(s, rng.random(n) < 0.4)
    return e


def _inputs(e: Electorate):
    rng = np.random.default_rng(5)
    cover = rng.random((e.n_regions, 2, len(SLOTS)))
    return cover, rng.random(e.n_regions)


def year_new(e: Electorate, rng: np.random.Generator) -> None:
    cover, loyalty = _inputs(e)
    society.homogenise_approval(e, 0.7, 0.6, rng)
    society.update_awareness(e, SLOTS, cover, rng)
    society.update_ties(e, loyalty, rng)
    society.drift_apathy(e, 0.4, rng)


def _old_round(value: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    return np.clip(stochastic_round(np.clip(value, 0.0, 1.0) * LEVELS, rng), 0, LEVELS
                   ).astype(np.uint8)


def year_old(e: Electorate, rng: np.random.Generator) -> None:
    """The same year in the formulation before the compiled kernels and tables."""
    cover, loyalty = _inputs(e)
    mean = float(e.approval.mean()) / LEVELS
    target = mean + 0.5 * (0.6 - mean)
    own = e.disposition / LEVELS
    e.approval = _old_round(target + (1.0 - 0.5 * 0.7) * (own - own.mean()), rng)
    per_voter = cover[e.region, e.urban.astype(np.intp)]
    for j, slot in enumerate(SLOTS):
        bit = np.uint64(1) << np.uint64(slot)
        known = np.bitwise_and(e.awareness, bit) != 0
        u = rng.random(e.size)
        new = (known & ~(u < 0.2 * (1.0 - per_voter[:, j]))) | (~known & (u < 0.5 * per_voter[:, j]))
        e.awareness &= ~bit
        e.awareness |= new.astype(np.uint64) << np.uint64(slot)
    reach = np.where(e.state_employed, 1.0, 0.2)
    goal = np.rint(TIE_MAX * loyalty[e.region] * reach)
    e.tie = (e.tie + np.sign(goal - e.tie) * (rng.random(e.size) < 0.3)).astype(np.uint8)
    value = e.apathy / LEVELS
    e.apathy = _old_round(value + 0.2 * (0.4 - value), rng)


def _state(e: Electorate) -> tuple[np.ndarray, ...]:
    return e.approval.copy(), e.awareness.copy(), e.tie.copy(), e.apathy.copy()


def _fresh_process(n: int, compiled: bool) -> float:
    """CPU seconds of a fresh process running one society year on ``n`` voters (imports excluded,
    loading the compiled kernels included)."""
    threshold = 0 if compiled else n + 1
    code = (
        "import time, numpy as np\n"
        "from benchmarks.society import electorate, year_new\n"
        "from neopat.model import electorate as voters\n"
        f"e = electorate({n})\n"
        f"voters.COMPILED_FROM = {threshold}\n"
        "c = time.process_time()\n"
        "year_new(e, np.random.default_rng(9))\n"
        "print(time.process_time() - c)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[1])
    return float(out.stdout.strip())


def _districts(n: int, exact_type) -> dict[str, DistrictVotes]:
    rng = np.random.default_rng(11)
    return {str(d): DistrictVotes(
        [Candidate(f"c{j}", f"p{j}", exact_type(int(v))) for j, v in
         enumerate(rng.multinomial(60_000, rng.dirichlet(np.ones(6))))],
        against_all=exact_type(int(rng.integers(0, 3_000)))) for d in range(n)}


def run(quick: bool = False) -> list[Row]:
    from fractions import Fraction

    n = 50_000 if quick else 9_300_000
    year_new(electorate(min(n, voters.COMPILED_FROM)), np.random.default_rng(9))  # load kernels
    base, new = electorate(n), electorate(n)
    t_old, _ = timed(lambda: year_old(base, np.random.default_rng(9)))
    t_new, _ = timed(lambda: year_new(new, np.random.default_rng(9)))
    if not all(np.array_equal(a, b) for a, b in zip(_state(base), _state(new), strict=True)):
        raise AssertionError("society year differs from the old formulation")

    small = 9_300
    numpy_cpu, compiled_cpu = _fresh_process(small, False), _fresh_process(small, True)

    e = electorate(n)
    masks = [e.awareness.copy()]

    def bits_old():
        for s in SLOTS:
            bit = np.uint64(1) << np.uint64(s)
            known = np.bitwise_and(e.awareness, bit) != 0
            e.awareness &= ~bit
            e.awareness |= (~known).astype(np.uint64) << np.uint64(s)

    def bits_new():
        for s in SLOTS:
            e.set_aware(s, ~e.aware(s))

    t_bits_old, _ = timed(bits_old, repeat=3)
    masks.append(e.awareness.copy())
    e.awareness = masks[0].copy()
    t_bits_new, _ = timed(bits_new, repeat=3)
    if not np.array_equal(e.awareness, masks[1]):
        raise AssertionError("awareness bits differ from the 64-bit formulation")

    tier = SmdTier(name="smd", districts=600, formula="two_round")
    n_d = 60 if quick else 600
    as_int, as_frac = _districts(n_d, float), _districts(n_d, Fraction)
    t_frac, r_frac = timed(lambda: allocate_smd(as_frac, tier, lot=np.random.default_rng(1)), 3)
    t_int, r_int = timed(lambda: allocate_smd(as_int, tier, lot=np.random.default_rng(1)), 3)
    if [(d.status, d.winner and d.winner.name) for d in r_int.districts] != \
            [(d.status, d.winner and d.winner.name) for d in r_frac.districts]:
        raise AssertionError("single-member outcomes differ between ints and Fractions")

    return [
        Row("society", f"one society year, {n:,} voters, 5 parties: NumPy temporaries (old)",
            "baseline", str(t_old)),
        Row("society", "same year: compiled tie step, 11-level tables, one uniform buffer",
            "faster, identical", str(t_new), t_old.cpu / t_new.cpu,
            note="approval, awareness, ties and apathy checked bit-identical to the old path"),
        Row("society", f"one year at {small:,} voters in a fresh process: compiled kernels "
            "(loading numba)", "baseline", f"cpu {seconds(compiled_cpu)}"),
        Row("society", f"same at {small:,} voters: the NumPy path the model uses below "
            f"{voters.COMPILED_FROM:,} voters", "faster", f"cpu {seconds(numpy_cpu)}",
            compiled_cpu / numpy_cpu),
        Row("society", f"read and write 5 awareness bits, {n:,} voters: 64-bit masks (old)",
            "baseline", str(t_bits_old)),
        Row("society", f"same: {'compiled' if new.compiled else 'NumPy on one byte per voter'}",
            "faster, identical", str(t_bits_new),
            t_bits_old.cpu / t_bits_new.cpu),
        Row("society", f"{n_d} two-round districts, 6 candidates: Fractions (old)", "baseline",
            f"{t_frac} = {seconds(t_frac.cpu / n_d)}/district"),
        Row("society", "same with integral votes as Python ints", "faster, identical",
            f"{t_int} = {seconds(t_int.cpu / n_d)}/district", t_frac.cpu / t_int.cpu),
    ]


if __name__ == "__main__":
    from benchmarks.core import print_table

    print_table(run("--quick" in sys.argv), "society, awareness and single-member seats")
