"""One national election: the vectorised Electorate against a per-voter Mesa baseline.

The baseline is one ``mesa.Agent`` per voter applying the same vote rule (turnout logit, then a
multinomial logit over "against all" and the parties) in pure Python, on the very same sampled
voters. Prints both timings, the speed ratio and the national shares of both (which must agree
up to sampling noise). Timings are printed, never asserted.

    .venv/bin/python benchmarks/vote_vs_mesa.py [--voters 100000] [--parties 12] [--full-scale]
"""

from __future__ import annotations

import argparse
import math
import time
from bisect import bisect_right
from itertools import accumulate

import mesa
import numpy as np

from neopat.data.assumptions import load_assumptions
from neopat.model import society
from neopat.model.electorate import Electorate
from neopat.model.voting import FIRST_PARTY, PartyOffer, VoteParams, vote

RECOGNITION = [0.9, 0.6, 0.3, 0.25, 0.2, 0.15, 0.13, 0.1, 0.08, 0.07, 0.05, 0.03]


def parties(n: int) -> PartyOffer:
    """``n`` parties, the first one presidential with full access to administrative resources."""
    return PartyOffer(
        ids=np.arange(n),
        position=np.linspace(-0.8, 0.8, n),
        coherence=np.full(n, 0.5),
        leader_appeal=np.linspace(1.0, 0.2, n),
        stance=np.r_[1.0, np.linspace(0.5, -1.0, n - 1)],
        admin_access=np.r_[1.0, np.zeros(n - 1)],
    )


def electorate(scale: float, seed: int, n_parties: int) -> Electorate:
    rng = np.random.default_rng(seed)
    e = Electorate.build(load_assumptions(), scale, rng)
    for slot, share in enumerate(RECOGNITION[:n_parties]):
        society.introduce_party(e, slot, share, rng)
    return e


class Voter(mesa.Agent):
    """One voter, one Python object: the per-voter baseline."""

    def __init__(self, model, region, ideal, approval, apathy, tie, aware):
        super().__init__(model)
        self.region, self.ideal, self.approval = region, ideal, approval
        self.apathy, self.tie, self.aware = apathy, tie, aware

    def vote(self) -> None:
        m, o, p = self.model, self.model.offer, self.model.params
        z = (
            math.log(p.turnout_baseline / (1 - p.turnout_baseline))
            + p.turnout_apathy * (p.apathy_reference - self.apathy)
            + p.turnout_mobilisation * self.tie
        )
        if m.random.random() >= 1 / (1 + math.exp(-z)):
            m.tally[self.region][0] += 1
            return
        weights = [math.exp(p.aa_intercept + p.aa_disapproval * (1 - self.approval))]
        for j in range(o.size):
            u = (
                -p.b_distance * o.coherence[j] * abs(self.ideal - o.position[j])
                + (p.b_appeal * o.leader_appeal[j] if self.aware[j] else -p.unaware_penalty)
                + p.b_alignment * o.stance[j] * (2 * self.approval - 1)
                + p.b_admin * self.tie * o.admin_access[j]
            )
            weights.append(math.exp(u))
        cumulative = list(accumulate(weights))
        k = bisect_right(cumulative, m.random.random() * cumulative[-1])
        m.tally[self.region][1 + min(k, len(weights) - 1)] += 1


class PerVoterModel(mesa.Model):
    def __init__(self, e: Electorate, offer: PartyOffer, seed: int):
        super().__init__(seed=seed)
        self.offer = PartyOffer(*(np.asarray(v).tolist() for v in vars(offer).values()))
        self.params = VoteParams()
        self.tally = [[0] * (FIRST_PARTY + offer.size) for _ in range(e.n_regions)]
        aware = np.column_stack([e.aware(s) for s in offer.ids]).tolist()
        for i in range(e.size):
            Voter(
                self,
                int(e.region[i]),
                e.ideal[i] / 10,
                e.approval[i] / 10,
                e.apathy[i] / 10,
                e.tie[i] / 3,
                aware[i],
            )

    def step(self) -> None:
        self.agents.do("vote")


def shares(counts: np.ndarray) -> np.ndarray:
    national = counts.sum(axis=0)
    return national[FIRST_PARTY:] / national[1:].sum()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voters", type=int, default=100_000)
    parser.add_argument("--parties", type=int, default=12, choices=range(2, 13))
    parser.add_argument("--full-scale", action="store_true", help="also time 9.3 million voters")
    args = parser.parse_args()
    offer = parties(args.parties)
    e = electorate(args.voters / 9_300_000, seed=1, n_parties=args.parties)

    start = time.perf_counter()
    model = PerVoterModel(e, offer, seed=2)
    built = time.perf_counter()
    model.step()
    mesa_vote = time.perf_counter() - built
    mesa_build = built - start

    start = time.perf_counter()
    electorate(args.voters / 9_300_000, seed=1, n_parties=args.parties)
    vec_build = time.perf_counter() - start
    start = time.perf_counter()
    result = vote(e, offer, np.random.default_rng(2))
    vec_vote = time.perf_counter() - start

    print(f"{e.size:,} voters, {offer.size} parties + against all")
    print(f"  Mesa per-voter : build {mesa_build:6.2f} s   vote {mesa_vote:6.2f} s")
    print(f"  Electorate     : build {vec_build:6.2f} s   vote {vec_vote:6.2f} s")
    print(f"  ratio (Mesa / Electorate), vote: {mesa_vote / vec_vote:,.0f}x")
    print(f"  ratio, build + vote: {(mesa_build + mesa_vote) / (vec_build + vec_vote):,.0f}x")
    print("  shares Mesa      :", np.round(shares(np.array(model.tally)), 3))
    print("  shares Electorate:", np.round(shares(result.sample_counts), 3))

    if args.full_scale:
        start = time.perf_counter()
        full = electorate(1.0, seed=3, n_parties=args.parties)
        built = time.perf_counter()
        result = vote(full, offer, np.random.default_rng(4))
        done = time.perf_counter()
        print(
            f"full scale {full.size:,} voters ({full.bytes_per_voter:.0f} bytes each): "
            f"build {built - start:.2f} s, one election {done - built:.2f} s, "
            f"turnout {result.turnout:.3f}"
        )


if __name__ == "__main__":
    main()
