"""One specification, one runner: RunSpec from ``scenarios.prepare``, ``build_model`` the only
place a model is built, ``run(specs, executor)`` over any concurrent.futures executor."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import pytest

import neopat
from neopat.errors import InputError
from neopat.experiments.runner import (
    RunFailure,
    SerialExecutor,
    execute,
    replicates,
    run,
    spawn_seeds,
)
from neopat.scenarios import RunSpec, parameter_catalogue, prepare
from neopat.scenarios import spec as spec_module
from neopat.scenarios.schema import POPULATION_FILES

SHORT = "1990:1992"


@pytest.fixture(scope="module")
def spec() -> RunSpec:
    return prepare("generic", ["loyalty.contagion=0.5"], seed=3, scale=0.01, years=SHORT)


def test_prepare_validates_once(monkeypatch):
    calls = []
    real = spec_module.validate_scenario
    monkeypatch.setattr(spec_module, "validate_scenario",
                        lambda *a, **k: calls.append(1) or real(*a, **k))
    prepare("kazakhstan", ["loyalty.contagion=0.5"], scale=0.01, years=SHORT)
    assert len(calls) == 1


def test_a_spec_holds_everything_and_round_trips_through_json(spec):
    sc = spec.scenario
    assert (sc.scale, sc.years.start, sc.years.end, sc.loyalty.contagion) == (
        0.01, 1990, 1992, 0.5)
    assert spec.code.startswith(f"neopat {neopat.__version__}+")
    data = json.loads(spec.to_json())
    assert set(data) == {"scenario", "seed", "code"} and data["scenario"]["inputs"] == [
        i.model_dump(mode="json") for i in sc.inputs]
    back = RunSpec.from_json(spec.to_json())
    assert back == spec and back.fingerprint == spec.fingerprint


def test_the_fingerprint_is_the_same_in_another_process(spec):
    code = ("from neopat.scenarios import prepare; print(prepare('generic', "
            "['loyalty.contagion=0.5'], seed=3, scale=0.01, years='1990:1992').fingerprint)")
    env_path = str(Path(neopat.__file__).parents[1])
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={"PYTHONPATH": env_path, "PATH": "/usr/bin:/bin"})
    assert out.stdout.strip() == spec.fingerprint


@pytest.mark.parametrize("change", [
    {"seed": 4}, {"scale": 0.02}, {"years": "1990:1993"}, {"overrides": ["loyalty.contagion=0.6"]},
])
def test_anything_that_changes_the_run_changes_the_fingerprint(spec, change):
    kwargs = {"seed": 3, "scale": 0.01, "years": SHORT,
              "overrides": ["loyalty.contagion=0.5"]} | change
    other = prepare("generic", kwargs.pop("overrides"), **kwargs)
    assert other.fingerprint != spec.fingerprint


def test_a_dropped_input_changes_the_fingerprint(spec):
    def drop(data):
        data["inputs"] = data["inputs"][1:]
    assert prepare(spec, edits=[drop]).fingerprint != spec.fingerprint


def test_bad_json_is_an_input_error():
    with pytest.raises(InputError, match="not a run specification"):
        RunSpec.from_json("{}")


def test_scale_is_a_numerical_catalogue_parameter_kept_out_of_sensitivity():
    from neopat.experiments import sensitivity as sa

    info = {p.name: p for p in parameter_catalogue()}["scale"]
    assert (info.tier, info.group, info.default) == ("numerical", "numerical", 0.001)
    assert prepare("generic", ["scale=0.01"]).scenario.scale == 0.01
    assert "scale" not in {f.name for f in sa.factors()}
    with pytest.raises(InputError, match="kept out of sensitivity and calibration"):
        sa.factors(["scale=0.01:0.1"])
    with pytest.raises(InputError, match="smallest scale"):
        prepare("generic", ["scale=0.0001"])


def test_the_executor_does_not_change_a_run(spec):
    specs = replicates(spec, 2, root=5)
    assert [s.seed for s in specs] == spawn_seeds(2, root=5)
    serial = [r.as_json() for r in run(specs)]
    with ProcessPoolExecutor(2) as pool:
        assert [r.as_json() for r in run(specs, pool)] == serial
    with ThreadPoolExecutor(2) as pool:
        assert [r.as_json() for r in run(specs, pool)] == serial
    assert serial[0] == execute(specs[0]).as_json()


class Counting(SerialExecutor):
    def __init__(self):
        self.submitted = 0

    def submit(self, fn, /, *args, **kwargs) -> Future:
        self.submitted += 1
        return super().submit(fn, *args, **kwargs)


def test_reducers_failures_and_the_window(spec):
    done = []
    ex = Counting()
    found = run([spec, spec.with_seed(4)], ex, reduce=lambda r: len(r.years),
                on_done=lambda i, v: done.append(i), window=1)
    assert found == [3, 3] and done == [0, 1] and ex.submitted == 2
    one_year = prepare(spec, values={"years": {"start": 1990, "end": 1990}})
    assert run([one_year], reduce=lambda r: len(r.years)) == [1]


def test_a_failing_run_is_returned_when_asked(spec, monkeypatch):
    from neopat.experiments import runner

    def boom(_spec):
        raise ValueError("no")

    monkeypatch.setattr(runner, "build_model", boom)
    assert run([spec], failures=True) == [RunFailure("ValueError: no")]
    with pytest.raises(ValueError):
        run([spec])


def test_exactly_one_function_builds_a_model():
    root = Path(neopat.__file__).parent
    builders = sorted(str(p.relative_to(root)) for p in root.rglob("*.py")
                      if re.search(r"(?<!class )NeopatModel\(", p.read_text(encoding="utf-8")))
    assert builders == ["experiments/runner.py"]


def test_institutions_runs_use_the_spawned_integer_seeds():
    from neopat.experiments.institutions import endogenous, run_changes

    base = prepare("kazakhstan", years="1990:1996")
    seen = []
    changes = run_changes(base, 2, root=3, seen=seen)
    direct = [execute(s) for s in replicates(endogenous(base), 2, 3)]
    assert changes == [r.changes for r in direct] and seen == [r.threats for r in direct]


def test_the_files_of_a_csv_population_are_part_of_the_fingerprint(tmp_path, spec):
    for name in POPULATION_FILES:
        (tmp_path / name).write_text("key\nx\n", encoding="utf-8")

    def csv(data):
        data["population"] = {"source": "csv", "csv_dir": str(tmp_path)}

    first = prepare("kazakhstan", edits=[csv])
    assert first.inputs and prepare("kazakhstan", edits=[csv]).fingerprint == first.fingerprint
    assert RunSpec.from_json(first.to_json()) == first
    (tmp_path / "elites.csv").write_text("key\ny\n", encoding="utf-8")
    assert prepare("kazakhstan", edits=[csv]).fingerprint != first.fingerprint
    assert spec.inputs == "" and "inputs" not in spec.as_dict()  # the record is in the code


def test_a_finished_run_leaves_no_model_behind(spec, monkeypatch):
    """Mesa 3.3.1 keeps every model in a class-level dict (mesa#3179); a calibration's workers
    grew by about 1 MB a run until the runner released it."""
    import gc
    import weakref

    from neopat.experiments import runner

    built = []

    def build(spec, state=None):
        model = runner.NeopatModel(spec.scenario, seed=spec.seed, state=state)
        built.append(weakref.ref(model))
        return model

    monkeypatch.setattr(runner, "build_model", build)
    runner.execute(spec)
    gc.collect()
    assert len(built) == 1 and built[0]() is None
