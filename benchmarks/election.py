"""One national parliamentary election at full scale: 9.3 million voters, 12 parties plus
"against all", with both vote engines (``neopat.model.electorate``); electorate bytes per voter."""

from __future__ import annotations

import numpy as np

from benchmarks.core import Row, timed
from benchmarks.vote_vs_mesa import ENGINE_LABEL, ENGINES, electorate, parties

BYTES_GOAL = 40.0


def run(quick: bool = False) -> list[Row]:
    scale = 0.01 if quick else 1.0
    offer = parties(12)
    build, e = timed(lambda: electorate(scale, seed=3, n_parties=12))
    label = f"{e.size:,} voters"
    rows = []
    for name, engine in ENGINES.items():
        one, result = timed(lambda engine=engine: engine(e, offer, np.random.default_rng(4)),
                            repeat=3)
        rows.append(Row("election", f"one national election, {label}, 12 parties + against all, "
                        f"{ENGINE_LABEL[name]}", "1 s", str(one),
                        note=f"{name}: turnout {result.turnout:.3f}"))
    e.assign_districts([4] * e.n_regions, np.random.default_rng(5))
    for name, engine in ENGINES.items():
        smd, _ = timed(lambda engine=engine: engine(e, offer, np.random.default_rng(6),
                                                    by="district"), repeat=3)
        rows.append(Row("election", f"same, by {e.n_districts} districts, {ENGINE_LABEL[name]}",
                        "info", str(smd)))
    rows.append(Row("election", "electorate state, bytes per voter", f"≤ {BYTES_GOAL:g} B",
                    f"{e.bytes_per_voter:.0f} B", BYTES_GOAL / e.bytes_per_voter, 1.0,
                    note=f"ratio = goal / measured bytes; electorate built in {build}"))
    return rows
