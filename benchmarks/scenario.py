"""The reference scenario (kazakhstan, 1990-2008) run end to end at 1:100 and at full scale."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from benchmarks.core import Row, timed
from benchmarks.vote_vs_mesa import ENGINE_LABEL, ENGINES
from neopat.model import NeopatModel
from neopat.model.formal import elections
from neopat.scenarios import prepare
from neopat.scenarios.schema import Scenario


def reference(scale: float, years: tuple[int, int] = (1990, 2008)) -> Scenario:
    """The packaged kazakhstan scenario at ``scale`` over ``years``."""
    return prepare("kazakhstan", scale=scale, years=years).scenario


@contextmanager
def vote_engine(engine: Callable) -> Iterator[None]:
    """Run the model with ``engine`` as its vote call (``elections.cast_votes`` calls
    ``elections.vote``), restoring the default afterwards."""
    if not callable(getattr(elections, "vote", None)):
        raise RuntimeError("neopat.model.elections no longer calls a module-level 'vote'")
    default = elections.vote
    elections.vote = engine
    try:
        yield
    finally:
        elections.vote = default


def run(quick: bool = False) -> list[Row]:
    cases = [(0.0005, "1:2000", "info", (1990, 1995))] if quick else [
        (0.01, "1:100", "0.5 s", (1990, 2008)), (1.0, "full scale", "15 s", (1990, 2008))]
    rows = []
    for scale, label, target, years in cases:
        sc = reference(scale, years)
        for name, engine in ENGINES.items():
            with vote_engine(engine):
                if scale < 1:
                    NeopatModel(sc, seed=0).run()  # warm caches and the JIT
                timing, model = timed(lambda sc=sc: NeopatModel(sc, seed=1).run(),
                                      repeat=1 if scale == 1 else 3)
            rows.append(Row("scenario", f"reference scenario {years[0]}-{years[1]}, {label}, "
                            f"{ENGINE_LABEL[name]}", target, str(timing),
                            note=f"{label} ({name}): {len(model.elections)} elections, "
                            f"{model.electorate.size:,} sampled voters"))
    return rows
