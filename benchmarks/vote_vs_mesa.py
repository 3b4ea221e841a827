"""One election of the same sampled Electorate: a per-voter Mesa baseline against both engines.

The baseline is one ``mesa.Agent`` per voter applying the same vote rule (turnout logit, then a
multinomial logit over "against all" and the parties) in pure Python, on the very same sampled
voters. Rows: the baseline's time, each engine's time and its ratio to the baseline (CPU
seconds per voter-election), and in the notes the largest gap between the national shares
(sampling noise only). Timings are reported, never asserted.

Part of ``python -m benchmarks`` (``--only vote_vs_mesa``); ``tests/test_vote_distribution.py``
checks that both give the same vote distribution.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from itertools import accumulate
from types import SimpleNamespace

import mesa
import numpy as np

from benchmarks.core import Row, timed
from neopat.data.assumptions import load_assumptions
from neopat.model.electorate import society, voter_engine
from neopat.model.electorate.cells_engine import vote
from neopat.model.electorate.choice import AGAINST_ALL, FIRST_PARTY, PartyOffer, VoteParams
from neopat.model.electorate.electorate import Electorate

VOTERS = 100_000
NATIONAL = 9_300_000
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
    """The same electorate as Python objects: plain floats and lists, as a user would write it
    (no numpy scalars in the inner loop, which would make the baseline unfairly slow)."""

    def __init__(self, e: Electorate, offer: PartyOffer, seed: int, params: VoteParams | None = None):
        super().__init__(seed=seed)
        self.offer = SimpleNamespace(size=offer.size, **{
            k: np.asarray(getattr(offer, k), dtype=float).tolist()
            for k in ("position", "coherence", "leader_appeal", "stance", "admin_access")})
        self.params = params or VoteParams()
        self.tally = [[0] * (FIRST_PARTY + offer.size) for _ in range(e.n_regions)]
        aware = np.column_stack([e.aware(s) for s in offer.ids]).tolist()
        columns = zip(e.region.tolist(), e.ideal.tolist(), e.approval.tolist(), e.apathy.tolist(),
                      e.tie.tolist(), aware, strict=True)
        for region, ideal, approval, apathy, tie, known in columns:
            Voter(self, region, ideal / 10, approval / 10, apathy / 10, tie / 3, known)

    def step(self) -> None:
        self.agents.do("vote")


def shares(counts: np.ndarray) -> np.ndarray:
    """National shares of ballots cast: against all, then the parties."""
    national = np.asarray(counts).sum(axis=0)
    return national[AGAINST_ALL:] / national[AGAINST_ALL:].sum()


ENGINES = {"cells": vote, "voters": voter_engine.vote}
ENGINE_LABEL = {"cells": "cells engine (exact multinomial)", "voters": "voter engine (numba)"}


def run(quick: bool = False) -> list[Row]:
    """Time one election of the same sampled electorate: Mesa agents, then each engine."""
    voters = 5_000 if quick else VOTERS
    offer = parties(12)
    e = electorate(voters / NATIONAL, seed=1, n_parties=12)
    build_mesa, model = timed(lambda: PerVoterModel(e, offer, seed=2))
    mesa_vote, _ = timed(model.step)
    voter_engine.vote(e, offer, np.random.default_rng(0))  # compile outside the timing
    rows = [Row("vote_vs_mesa", f"one election, {e.size:,} voters: Mesa, one Agent per voter",
                "baseline", f"{mesa_vote} = {mesa_vote.cpu / e.size * 1e9:,.0f} ns/voter",
                note=f"Mesa model built in {build_mesa}")]
    for name, engine in ENGINES.items():
        timing, result = timed(lambda engine=engine: engine(e, offer, np.random.default_rng(2)),
                               repeat=5)
        gap = np.abs(shares(model.tally) - shares(result.sample_counts)).max()
        rows.append(Row(
            "vote_vs_mesa", f"same electorate object: {ENGINE_LABEL[name]}",
            "≥100x faster per voter-election",
            f"{timing} = {timing.cpu / e.size * 1e9:,.0f} ns/voter", mesa_vote.cpu / timing.cpu,
            100.0 if name == "voters" else None,
            note=f"{name}: largest share gap to Mesa {gap:.4f} (sampling noise)"))
    return rows
