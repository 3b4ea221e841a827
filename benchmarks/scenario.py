"""The reference scenario (kazakhstan, 1990-2008) run end to end at 1:100 and at full scale."""

from __future__ import annotations

from benchmarks.core import Row, timed
from neopat.model import NeopatModel
from neopat.scenarios.loader import load_scenario, validate
from neopat.scenarios.schema import Scenario


def reference(scale: float, years: tuple[int, int] = (1990, 2008)) -> Scenario:
    """The packaged kazakhstan scenario at ``scale`` over ``years``."""
    data = load_scenario("kazakhstan").model_dump()
    data["scale"] = scale
    data["years"] = {"start": years[0], "end": years[1]}
    return validate(data, "kazakhstan")


def run(quick: bool = False) -> list[Row]:
    cases = [(0.0005, "1:2000", "info", (1990, 1995))] if quick else [
        (0.01, "1:100", "0.5 s", (1990, 2008)), (1.0, "full scale", "15 s", (1990, 2008))]
    rows = []
    for scale, label, target, years in cases:
        sc = reference(scale, years)
        NeopatModel(sc, seed=0)  # warm caches (rule sets, assumptions) outside the timing
        timing, model = timed(lambda sc=sc: NeopatModel(sc, seed=1).run(), repeat=1 if scale == 1 else 3)
        rows.append(Row("scenario", f"reference scenario {years[0]}-{years[1]}, {label}", target,
                        str(timing), note=f"{label}: {len(model.elections)} elections, "
                        f"{model.electorate.size:,} sampled voters"))
    return rows
