"""Sweep files: designs, and bad files named by file and field (exit 2)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from neopat.cli import app
from neopat.errors import InputError
from neopat.experiments.executor import DaskExecutor
from neopat.experiments.outputs import Output
from neopat.experiments.sweep import load_sweep, point_means, run_sweep

GOOD = """
scenario = "kazakhstan"
replicates = 2
seed = 3
years = "1990:1996"
[parameters]
"loyalty.defection_base" = [2.0, 8.0]
"arbitration.seizure_fraction" = {lo = 0.1, hi = 0.5, levels = 3}
"""


def write(tmp_path, text):
    path = tmp_path / "sweep.toml"
    path.write_text(text)
    return path


def test_factorial_design_crosses_levels(tmp_path):
    sw = load_sweep(write(tmp_path, GOOD))
    assert len(sw.points) == 6 and sw.n_runs == 12
    assert {p["arbitration.seizure_fraction"] for p in sw.points} == {0.1, 0.3, 0.5}
    assert {d.scenario.loyalty.defection_base for d in sw.designs} == {2.0, 8.0}


def test_lhs_design_stays_in_range_and_rounds_integers(tmp_path):
    sw = load_sweep(write(tmp_path, """
scenario = "generic"
design = "lhs"
samples = 8
[parameters]
"patronage.akim_posts" = {lo = 1, hi = 10}
"loyalty.contagion" = {lo = 0.5, hi = 1.5}
"""))
    assert len(sw.points) == 8
    posts = [p["patronage.akim_posts"] for p in sw.points]
    assert all(isinstance(v, int) and 1 <= v <= 10 for v in posts)
    contagion = sorted(p["loyalty.contagion"] for p in sw.points)
    # a Latin hypercube puts one point in each eighth of the range
    assert [int((c - 0.5) / (1.0 / 8)) for c in contagion] == list(range(8))


@pytest.mark.parametrize(("text", "where", "problem"), [
    ("scenario = 'kazakhstan'\n[parameters]\n'loyalty.nope' = [1]\n",
     "parameters.loyalty.nope", "not a catalogue parameter"),
    ("scenario = 'kazakhstan'\n[parameters]\n'loyalty.contagion' = [9.0]\n",
     "parameters.loyalty.contagion", "less than or equal to 5"),
    ("scenario = 'kazakhstan'\nreplicate = 2\n[parameters]\n'loyalty.contagion' = [1.0]\n",
     "replicate", "unknown key"),
    ("scenario = 'kazakhstan'\ndesign = 'lhs'\n[parameters]\n'loyalty.contagion' = [1.0]\n",
     None, "needs `samples`"),
    ("scenario = 'kazakhstan'\n[parameters]\n'loyalty.contagion' = {lo = 0.1, hi = 2}\n",
     "parameters.loyalty.contagion", "needs `levels`"),
    ("scenario = 'atlantis'\n[parameters]\n'loyalty.contagion' = [1.0]\n",
     "scenario", "unknown scenario"),
    ("scenario = 'kazakhstan'\n", "parameters", "Field required"),
    ("scenario = [\n", None, "not valid TOML"),
])
def test_bad_sweep_files_name_their_problem(tmp_path, text, where, problem):
    path = write(tmp_path, text)
    with pytest.raises(InputError) as err:
        load_sweep(path)
    assert err.value.file == str(path)
    assert problem in err.value.problem
    if where:
        assert err.value.where == where


def test_bad_sweep_file_exits_2(tmp_path):
    path = write(tmp_path, "scenario = 'kazakhstan'\n[parameters]\n'x.y' = [1]\n")
    result = CliRunner().invoke(app, ["sweep", str(path)])
    assert isinstance(result.exception, InputError)  # neopat.cli.main maps it to exit 2


def test_sweep_runs_every_point_and_replicate(tmp_path):
    sw = load_sweep(write(tmp_path, GOOD.replace("levels = 3", "levels = 2")))
    outputs = [Output("defections", "sum")]
    with DaskExecutor(workers=1, processes=False) as ex:
        runs = run_sweep(sw, outputs, ex, out=tmp_path / "s.duckdb")
    assert len(runs) == sw.n_runs == 8
    assert runs.groupby("point")["seed"].apply(tuple).nunique() == 1  # same seeds per point
    assert runs["run_id"].notna().all()
    means = point_means(runs, sw, outputs)
    assert len(means) == 4 and list(means.columns[-1:]) == ["defections:sum"]


def test_the_readme_sweep_example_is_valid(tmp_path):
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```toml\n(scenario = .*?)```", readme, re.S)
    assert block is not None
    sw = load_sweep(write(tmp_path, block.group(1)))
    assert len(sw.points) == 9 and sw.n_runs == 27
