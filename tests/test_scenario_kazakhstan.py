"""Scenario-level tests of the kazakhstan run against the record (20 seeds each).

The record is read here, in the tests, and never by the model: the model starts from the
starting state and dated inputs only, and the defection waves are its outcome.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter

import duckdb
import numpy as np
import pytest

from neopat.data.elites import load_elites
from neopat.experiments.runner import spawn_seeds
from neopat.model import NeopatModel
from neopat.scenarios import load_scenario

pytestmark = pytest.mark.slow
RECORD_WAVES = (1998, 2001, 2004)  # the thesis' three waves of elite fragmentation
YEARS = list(range(1990, 2009))
SEEDS = spawn_seeds(20, root=0)


def defection_years(scenario, state=None) -> list[list[int]]:
    return [[e.year for e in NeopatModel(scenario, seed=s, state=state).run().log
             if e.mechanism == "defection"] for s in SEEDS]


@pytest.fixture(scope="module")
def kazakhstan():
    return load_scenario("kazakhstan")


@pytest.fixture(scope="module")
def baseline(kazakhstan):
    return defection_years(kazakhstan)


def test_record_has_defections_in_the_thesis_waves():
    years = Counter(e.defected_year for e in load_elites() if e.defected_year)
    assert all(years[w] >= 1 for w in RECORD_WAVES)


def without_privatisation(sc):
    return sc.model_copy(update={"inputs": [i for i in sc.inputs if i.kind != "privatisation"]})


def shifted_privatisation(sc, years):
    return sc.model_copy(update={"inputs": [
        i.model_copy(update={"year": i.year + years}) if i.kind == "privatisation" else i
        for i in sc.inputs]})


def test_waves_fade_without_privatisation(kazakhstan, baseline):
    ablated = defection_years(without_privatisation(kazakhstan))
    in_waves = [sum(1 for run in runs for y in run if min(abs(y - w) for w in RECORD_WAVES) <= 1)
                for runs in (baseline, ablated)]
    assert in_waves[1] < 0.5 * in_waves[0]


def early_mean(runs):  # centre of the defections before the 2000s
    return np.mean([y for run in runs for y in run if y < 2000])


def count(runs, year):
    return sum(run.count(year) for run in runs)


@pytest.fixture(scope="module")
def later(kazakhstan):
    return defection_years(shifted_privatisation(kazakhstan, 3))


def test_waves_move_later_with_the_privatisation_stages(baseline, later):
    assert early_mean(baseline) < early_mean(later)
    # the last stage (a bank stake) moved from 2001 to 2004 takes its wave out of 2001
    assert count(later, 2001) < count(baseline, 2001)


def test_the_last_stage_carries_its_wave_to_2004(baseline, later):
    assert count(later, 2004) > 1.5 * count(baseline, 2004)


@pytest.mark.xfail(strict=True, reason="measured (calibrated defaults, 20 seeds): the mean "
                   "pre-2000 defection year moves earlier (1996.22 against 1996.47) but 1998 "
                   "holds 35 defections against 23: the 2001 stage moved to 1998 brings its "
                   "wave there")
def test_waves_move_earlier_with_the_privatisation_stages(kazakhstan, baseline):
    earlier = defection_years(shifted_privatisation(kazakhstan, -3))
    assert early_mean(earlier) < early_mean(baseline)
    # stages three years earlier leave 1998 without its wave
    assert count(earlier, 1998) < 0.5 * count(baseline, 1998)


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "neopat", *args], capture_output=True,
                          text=True, check=False)


def test_cli_run_json_is_reproducible_and_stored(tmp_path):
    first = cli("run", "kazakhstan", "--seed", "1", "--format", "json")
    second = cli("run", "kazakhstan", "--seed", "1", "--format", "json")
    other = cli("run", "kazakhstan", "--seed", "2", "--format", "json")
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout != other.stdout
    data = json.loads(first.stdout)
    assert list(data) == ["scenario", "seed", "years", "events", "elections", "parties"]
    assert [r["year"] for r in data["years"]] == YEARS
    for event in data["events"]:
        assert {"year", "mechanism", "actors", "source"} <= set(event)
    out = tmp_path / "runs.duckdb"
    stored = cli("run", "kazakhstan", "--seed", "1", "--out", str(out), "--years", "1990:2000")
    assert stored.returncode == 0, stored.stderr
    assert "defect" in stored.stdout and "written to" in stored.stdout
    con = duckdb.connect(str(out))
    assert con.execute("SELECT count(*), max(end_year) FROM runs").fetchone() == (1, 2000)
    con.close()
    again = cli("run", "kazakhstan", "--seed", "2", "--out", str(out), "--format", "json")
    assert again.returncode == 0, again.stderr
    con = duckdb.connect(str(out))
    assert con.execute("SELECT count(*) FROM runs").fetchone()[0] == 2


def test_scenario_inputs_are_record_inputs_never_outcomes(kazakhstan):
    from neopat.data.events import load_events

    events = load_events()
    inputs = {(e.kind, e.year) for e in events if e.role == "input"}
    input_years = {year for _, year in inputs}
    for inp in kazakhstan.inputs:
        if inp.kind in {"election", "privatisation"}:
            assert (inp.kind, inp.year) in inputs or (
                inp.kind == "privatisation" and inp.year in input_years), inp
        else:
            assert inp.year in input_years, inp


def test_factional_appeals_make_the_2001_wave(kazakhstan, baseline):
    """Co-signing faction-mates and the loyalty an upheld appeal costs (ODD §7.4) more than
    double the 2001 wave and make it larger than the record's other two (1998, 2004)."""
    plain = kazakhstan.model_copy(update={"arbitration": kazakhstan.arbitration.model_copy(
        update={"faction_solidarity": 0.0, "protection_loss": 0.0})})
    without = defection_years(plain)
    assert count(baseline, 2001) > 2 * count(without, 2001)
    assert count(baseline, 2001) > max(count(baseline, y) for y in (1998, 2004))
