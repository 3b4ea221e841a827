"""Sensitivity: SALib Sobol (plain and grouped) and Morris recover known answers on toy
functions; factors and tiers come from the catalogue; the command runs on the model."""

from __future__ import annotations

import json
from dataclasses import replace

import duckdb
import numpy as np
import pytest
from SALib.test_functions import Ishigami
from typer.testing import CliRunner

from neopat.cli import app
from neopat.cli import experiments as experiments_cli
from neopat.errors import InputError
from neopat.experiments import sensitivity as sa
from neopat.experiments.executor import DaskExecutor
from neopat.scenarios.catalogue import GROUPS
from neopat.scenarios.loader import parameter_catalogue

# Ishigami (a=7, b=0.1): analytic first- and total-order indices
S1 = {"x1": 0.3139, "x2": 0.4424, "x3": 0.0}
ST = {"x1": 0.5576, "x2": 0.4424, "x3": 0.2437}
X = [sa.Factor(f"x{i}", -np.pi, np.pi) for i in (1, 2, 3)]


def ishigami(x):
    return Ishigami.evaluate(x[:, :3])[:, None]


def test_sobol_recovers_the_ishigami_indices():
    frame = sa.sobol(X, ishigami, ["y"], 1024, seed=1).set_index("name")
    for name in S1:
        assert frame.loc[name, "S1"] == pytest.approx(S1[name], abs=0.05)
        assert frame.loc[name, "ST"] == pytest.approx(ST[name], abs=0.05)
        assert 0 < frame.loc[name, "ST_conf"] < 0.15


def test_grouped_sobol_recovers_group_shares():
    # {x1, x3} explain V1 + V13 of the variance, alone and in total; x2 its own V2
    frame = sa.sobol(X, ishigami, ["y"], 1024, groups=["a", "b", "a"], seed=1).set_index("name")
    assert list(frame.index) == ["a", "b"]
    assert frame.loc["a", "S1"] == pytest.approx(S1["x1"] + ST["x3"], abs=0.05)
    assert frame.loc["a", "ST"] == pytest.approx(ST["x1"], abs=0.05)
    assert frame.loc["b", "S1"] == pytest.approx(S1["x2"], abs=0.05)


def test_morris_ranks_a_dummy_parameter_last():
    fs = [*X, sa.Factor("dummy", 0, 1)]
    frame = sa.morris(fs, ishigami, ["y"], 20, seed=2)
    assert frame.iloc[-1]["name"] == "dummy" and frame.iloc[-1]["mu_star"] == 0
    assert list(frame["rank"]) == [1, 2, 3, 4]


def test_every_catalogue_group_has_a_tier():
    assert set(GROUPS.values()) == {*sa.TIERS, "numerical"}  # scale: never a factor


def test_default_factors_lie_in_the_catalogue_ranges():
    known = {p.name: p for p in parameter_catalogue()}
    fs = sa.factors()
    assert len(fs) > 20 and "ruler.species" not in {f.name for f in fs}
    assert "typology.personalism_weight" not in {f.name for f in fs}  # declared inert
    assert "typology.personalism_weight" in {f.name for f in sa.factors(["typology.personalism_weight"])}
    for f in fs:
        info = known[f.name]
        assert f.lo < f.hi
        assert info.lo is None or f.lo >= info.lo
        assert info.hi is None or f.hi <= info.hi
        assert f.tier == GROUPS[info.group] == info.tier


def test_every_default_range_holds_its_default_on_both_sides():
    """Halved and doubled, a negative default doubled and halved, zero one unit either side:
    a range never lies on one side of the default (the against-all intercept, default 0 within
    [-10, 10], was screened over [0, 1] only)."""
    for p in parameter_catalogue():
        rng = sa.default_range(p)
        if rng is None or not isinstance(p.default, (int, float)) or isinstance(p.default, bool):
            continue
        lo, hi = rng
        assert lo <= p.default <= hi, (p.name, p.default, rng)
        bounded_below = p.lo is not None and p.default <= p.lo
        bounded_above = p.hi is not None and p.default >= p.hi
        assert (lo < p.default or bounded_below) and (p.default < hi or bounded_above), p.name
    info = {p.name: p for p in parameter_catalogue()}["parties.against_all_intercept"]
    assert sa.default_range(info) == (-1.0, 1.0)
    assert sa.default_range(replace(info, default=-2.5)) == (-5.0, -1.25)


@pytest.mark.parametrize("spec", ["loyalty.nope", "ruler.species", "loyalty.contagion=0:9",
                                  "loyalty.contagion=1", "loyalty.contagion,loyalty.contagion"])
def test_bad_params_are_input_errors(spec):
    with pytest.raises(InputError):
        sa.factors([spec])


def test_sobol_command_on_the_model_reports_runs_indices_and_tiers(monkeypatch, tmp_path):
    # worker threads instead of processes: the process cluster is tested with ensembles
    monkeypatch.setattr(experiments_cli, "_executor",
                        lambda workers, scheduler: DaskExecutor(workers, processes=False))
    result = CliRunner().invoke(app, [
        "sensitivity", "kazakhstan", "--method", "sobol", "--years", "1990:1995",
        "--params", "loyalty.defection_base,arbitration.seizure_fraction",
        "--outputs", "defections:sum", "--samples", "4", "--workers", "1", "--format", "json",
        "--out", str(tmp_path / "s.duckdb")])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    # N (D + 2) for the parameters, and again for the two catalogue groups
    assert data["runs"] == 4 * 4 + 4 * 4
    assert "32 model runs" in result.stderr
    assert {r["name"] for r in data["parameters"]} == {"loyalty.defection_base",
                                                      "arbitration.seizure_fraction"}
    assert {r["name"] for r in data["group"]} == {"loyalty", "arbitration"}
    assert data["empty_tiers"] == ["formal"]
    stored = duckdb.connect(str(tmp_path / "s.duckdb"), read_only=True).execute(
        "SELECT analysis, count(*) FROM sensitivity_sobol GROUP BY 1 ORDER BY 1").fetchall()
    assert stored == [("group", 2), ("parameters", 2)]
