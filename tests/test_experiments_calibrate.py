"""Calibration: record targets, held-out targets kept apart, recovery of a known value,
a calibrated scenario that loads."""

from __future__ import annotations

from collections import Counter

import pytest

from _runs import run_one
from neopat.data.elites import load_elites
from neopat.errors import InputError
from neopat.experiments import calibrate as cal
from neopat.experiments.executor import DaskExecutor
from neopat.experiments.outputs import Output
from neopat.experiments.runner import spawn_seeds
from neopat.experiments.sensitivity import factors
from neopat.scenarios import load_scenario, prepare

SIMULATED = ["defections", "elite_cohesion"]  # indicators runs record before elections exist


def test_defection_targets_count_the_records_defectors():
    years = Counter(e.defected_year for e in load_elites() if e.defected_year)
    targets = cal.record_targets()
    assert targets["defections_1990_2008"].observed == sum(years.values())
    assert targets["defections_2000_2002"].observed == sum(years[y] for y in (2000, 2001, 2002))
    assert targets["dominant_seat_share_2007"].output.indicator == "dominant_seat_share"


def test_held_out_targets_are_the_simulated_rest():
    fit, held = cal.choose_targets(["defections_2000_2002"], SIMULATED)
    assert [t.name for t in fit] == ["defections_2000_2002"]
    assert "defections_2000_2002" not in {t.name for t in held}
    assert {t.output.indicator for t in held} == {"defections"}  # seat shares not simulated yet
    with pytest.raises(InputError, match="unknown target"):
        cal.choose_targets(["defections_1066"], SIMULATED)
    with pytest.raises(InputError, match="do not record yet"):
        cal.choose_targets(["dominant_seat_share_2007"], SIMULATED)


def test_abc_recovers_a_known_parameter_and_writes_a_scenario(tmp_path):
    base = load_scenario("kazakhstan")
    truth = base.model_copy(update={"loyalty": base.loyalty.model_copy(
        update={"defection_base": 2.0})})
    total = Output("defections", "sum")
    observed = sum(total.value(run_one(truth, s).years) for s in spawn_seeds(4, 99)) / 4
    target = cal.Target("synthetic", observed, total, "a run at defection_base = 2")
    fs = factors(["loyalty.defection_base=1:16"])
    with DaskExecutor(workers=1, processes=False) as ex:
        result = cal.calibrate(prepare("kazakhstan"), fs, [target], [], ex, budget=20,
                               replicates=2, accept=0.25, seed=4)
    fitted = result.fitted["loyalty.defection_base"]
    assert 1 <= fitted <= 4.5  # the prior's median is 8.5
    row = result.posterior.iloc[0]
    assert row["p5"] <= fitted <= row["p95"]
    assert result.runs == (20 + 2) * 2
    assert list(result.targets["role"]) == ["fit"]
    path = tmp_path / "calibrated.toml"
    cal.write_scenario(base, fs, result, path)
    loaded = load_scenario(path)
    assert loaded.loyalty.defection_base == fitted and loaded.name == "kazakhstan-calibrated"
    assert loaded.inputs == base.inputs
