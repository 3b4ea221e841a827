"""Calibration on the in-sample facts: what it varies and fits, a parameter-recovery test on
synthetic facts, the calibrated defaults the scenarios read, and the whole command at a tiny
budget."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from tests._cli import run_main

from neopat.data.calibrated import calibrated_defaults, provenance
from neopat.experiments.runner import spawn_seeds
from neopat.scenarios import loader
from neopat.scenarios.spec import prepare
from neopat.validation import calibration, pipeline, screen
from neopat.validation.facts import facts
from neopat.validation.posterior import abc_smc


def test_only_in_sample_facts_are_targets_and_a_band_edge_is_distance_one():
    targets = calibration.record_targets()
    assert [t.fact for t in targets] == [f.key for f in facts() if max(f.years) <= 2000]
    assert len(targets) == 9 and pipeline.MAX_PARAMETERS == 4
    by_key = {f.key: f for f in facts()}
    edges = np.array([by_key[t.fact].low for t in targets])
    assert np.allclose(calibration.distances(edges, targets), 1.0)
    worst = np.full(len(targets), np.nan)
    assert calibration.distance(worst, targets) == calibration.CAP


def test_parameters_are_numeric_catalogue_parameters_outside_the_numerical_and_formal_tiers(
        monkeypatch):
    names = {f.name for f in calibration.parameters()}
    assert "loyalty.loyalty_rate" in names and "ruler.species" not in names
    assert not {"formal.threshold_shift", "formal.registration_scale"} & names  # rules are inputs
    assert "parties.presidential_vehicle" not in names  # a switch, not a number
    from neopat.scenarios.catalogue import ParamInfo

    real = calibration.catalogue

    def with_numerical(model):
        return [ParamInfo(**{**p.__dict__, "group": "numerical"}) if p.name == "loyalty.loyalty_rate"
                else p for p in real(model)]

    monkeypatch.setattr(calibration, "catalogue", with_numerical)
    assert "loyalty.loyalty_rate" not in {f.name for f in calibration.parameters()}


def test_abc_smc_recovers_a_known_point_from_synthetic_facts():
    """Facts simulated at a known point; the posterior must sit nearer to it than the prior
    does, parameter by parameter, and hold it inside its 1-99% range (give or take 5% of the prior)."""
    base = prepare("kazakhstan", calibrated=False)
    # two parameters a calibration three before the one in force chose, at about their medians
    point = {"ruler.legitimacy_base": 0.66, "society.local_awareness": 0.77}
    fs = [f for f in calibration.parameters() if f.name in point]
    truth = np.array([point[f.name] for f in fs])
    seeds = spawn_seeds(2, 5)
    targets = calibration.synthetic_targets(calibration.simulate(base, fs, truth, seeds)[0])
    post = abc_smc(base, fs, targets, seeds, population=30, budget=180, generations=3, seed=3)
    summary = post.summary().set_index("parameter")
    for f, true in zip(fs, truth, strict=True):
        x = post.particles[f.name].to_numpy()
        posterior_error = float(np.sum(post.weights * np.abs(x - true)))
        prior_error = ((true - f.lo) ** 2 + (f.hi - true) ** 2) / (2 * (f.hi - f.lo))
        assert posterior_error < 0.8 * prior_error, f.name
        assert summary.loc[f.name, "contraction"] > 0.2, f.name
        # inside the weighted 1-99% range (5-95% misses 1 in 10), give or take 5% of the prior:
        # facts are counts and medians, so the distance is flat over small intervals and the
        # truth can sit at the edge of the flat stretch the particles settle on
        order = np.argsort(x)
        mass = np.cumsum(post.weights[order]) / np.sum(post.weights)
        slack = 0.05 * (f.hi - f.lo)
        low, high = x[order][np.searchsorted(mass, 0.01)], x[order][np.searchsorted(mass, 0.99)]
        assert low - slack <= true <= high + slack, (f.name, low, high)


def test_abc_smc_is_reproducible_from_its_seed():
    base = prepare("kazakhstan", calibrated=False)
    fs = [f for f in calibration.parameters() if f.name == "parties.local_standing_sd"]
    seeds = spawn_seeds(1, 2)
    targets = calibration.record_targets()
    state = np.random.get_state()[1].copy()
    a, b = (abc_smc(base, fs, targets, seeds, population=4, budget=8, generations=2, seed=9)
            for _ in range(2))
    assert a.particles.equals(b.particles)
    assert (np.random.get_state()[1] == state).all()  # the global generator is left as found


def test_the_command_writes_a_posterior_the_scenarios_and_validate_history_read(
        tmp_path, monkeypatch):
    out = tmp_path / "cal"
    code, stdout, err = run_main(
        "calibrate-history", "--trajectories", "1", "--screen-seeds", "1", "--population", "4",
        "--budget", "8", "--generations", "2", "--ensemble", "1", "--draws", "2",
        "--parameters", "2", "--workers", "1", "--out", str(out), "--format", "json")
    assert code == 0, err
    report = json.loads(stdout)
    chosen = [r["name"] for r in sorted((r for r in report["screen"] if r["chosen"]),
                                          key=lambda r: r["chosen"])]
    assert len(chosen) == 2 and [r["parameter"] for r in report["posterior"]] == chosen
    assert {r["fact"] for r in report["coverage"]} == {t.fact for t in
                                                        calibration.record_targets()}
    assert all(r["contraction"] <= 1 for r in report["posterior"])
    defaults = calibrated_defaults(out)
    assert list(defaults) == chosen
    post = pipeline.load(out)
    assert post.names == chosen and len(post.particles) == 4
    medians = post.medians()
    assert all(defaults[n] == pytest.approx(medians[n], rel=1e-5) for n in chosen)

    monkeypatch.setattr(loader, "calibrated_defaults", lambda: defaults)
    sc = loader.load_scenario("kazakhstan")
    declared = loader.load_scenario("kazakhstan", calibrated=False)
    for name in chosen:
        group, leaf = name.split(".")
        assert getattr(getattr(sc, group), leaf) == pytest.approx(defaults[name])
    assert sc.model_dump(exclude={n.split(".")[0] for n in chosen}) == declared.model_dump(
        exclude={n.split(".")[0] for n in chosen})
    group, leaf = chosen[0].split(".")
    value = 3 if isinstance(getattr(getattr(declared, group), leaf), int) else 0.123
    set_here = loader.load_scenario("kazakhstan", [f"{chosen[0]}={value}"])
    assert getattr(getattr(set_here, group), leaf) == pytest.approx(value)  # --set wins

    from neopat.cli import validation

    monkeypatch.setattr(pipeline, "load", lambda: post)
    base = prepare("kazakhstan", calibrated=False)
    drawn = validation._posterior_draws(base, 6, root=4)
    again = validation._posterior_draws(base, 6, root=4)
    values = [[getattr(getattr(s.scenario, n.split(".")[0]), n.split(".")[1]) for n in chosen]
              for s in drawn]
    assert values == [[getattr(getattr(s.scenario, n.split(".")[0]), n.split(".")[1])
                       for n in chosen] for s in again]
    integer = [f.integer for f in post.fs]  # an integer parameter runs at its rounded particle
    rows = {tuple(int(round(x)) if i else x for x, i in zip(r, integer, strict=True))
            for r in post.particles[chosen].to_numpy()}
    assert all(tuple(v) in rows for v in values)  # each run's parameters are a posterior particle


def test_the_packaged_defaults_are_the_packaged_posterior_s_medians():
    """No calibrated default is typed by hand: each is its posterior's weighted median, a
    catalogue parameter inside its range that acts (not inert), and the scenarios read it."""
    from neopat.data.calibrated import provenance
    from neopat.scenarios import parameter_catalogue

    found = provenance()
    assert found is not None, "the package ships its calibration"
    defaults = calibrated_defaults()
    post = pipeline.load()
    assert list(defaults) == post.names == list(found["parameters"])
    medians = post.medians()
    catalogue = {p.name: p for p in parameter_catalogue()}
    sc = loader.load_scenario("kazakhstan")
    for name, value in defaults.items():
        p = catalogue[name]
        assert value == pytest.approx(medians[name], rel=1e-5)
        assert p.lo <= value <= p.hi and not p.inert, name
        group, leaf = name.split(".")
        assert getattr(getattr(sc, group), leaf) == pytest.approx(value)


def test_the_screen_names_the_parameters_it_cannot_tell_from_the_chosen():
    frame = pd.DataFrame({"name": ["a", "b", "c", "d"], "mu_star": [0.9, 0.5, 0.35, 0.1],
                          "mu_star_conf": [0.05, 0.1, 0.06, 0.05]})
    assert screen.unseparated(frame, 1) == []  # 0.85 clears every other interval
    assert screen.unseparated(frame, 2) == ["c"]  # b's reaches down to 0.40, c's up to 0.41
    assert screen.unseparated(frame, 4) == [] and screen.unseparated(frame, 0) == []


def test_the_calibration_chooses_parameters_that_cover_the_facts():
    """The top two by mu* on the mean distance (a, b) move the same facts; d alone moves P1,
    so the calibration takes a and d."""
    frame = pd.DataFrame({"name": ["a", "b", "c", "d"], "mu_star": [0.9, 0.8, 0.7, 0.3],
                          "mu_star_conf": [0.05] * 4, "mu_star:P1": [0.0, 0.0, 0.0, 0.9],
                          "mu_star:P2": [1.0, 1.0, 1.0, 0.0], "mu_star:V1": [0.8, 0.7, 0.6, 0.0]})
    assert screen.choose(frame, 2) == ["a", "d"]
    assert screen.choose(frame, 1) == ["a"]
    marked = screen.marked(frame, 2)
    assert marked["chosen"].tolist() == [1, 0, 0, 2]
    assert marked["moves_most"].tolist() == ["P2", "P2", "P2", "P1"]
    assert screen.unseparated(frame, 2) == ["b", "c"]  # both reach d's 0.25


def test_the_screen_reports_how_often_each_parameter_is_chosen_across_root_seeds():
    """Two screens agree on a (P2) but not on who covers P1: b in the first, c in the second."""
    first = pd.DataFrame({"name": ["a", "b", "c"], "rank": [1, 2, 3], "mu_star": [0.9, 0.5, 0.4],
                          "mu_star_conf": [0.05] * 3, "mu_star:P1": [0.0, 0.6, 0.5],
                          "mu_star:P2": [1.0, 0.0, 0.0]})
    second = first.assign(rank=[1, 3, 2], **{"mu_star:P1": [0.0, 0.5, 0.6]})
    table = screen.choice_stability([first, second], 2)
    assert table["name"].tolist() == ["a", "b", "c"]
    assert table["chosen_in"].tolist() == [2, 1, 1] and table["share"].tolist() == [1, 0.5, 0.5]
    assert table["ranks"].tolist() == [[1, 1], [2, 3], [3, 2]]


def test_the_screen_command_repeats_from_successive_root_seeds():
    code, stdout, err = run_main("screen-history", "--trajectories", "1", "--screen-seeds", "1",
                                 "--repeat", "2", "--parameters", "2", "--workers", "1",
                                 "--format", "json")
    assert code == 0, err
    rows = json.loads(stdout)
    assert 2 <= len(rows) <= 4 and sum(r["chosen_in"] for r in rows) == 4
    assert all(len(r["ranks"]) == 2 and r["share"] == r["chosen_in"] / 2 for r in rows)


def test_repeated_calibrations_apply_the_best_in_sample_fit(tmp_path):
    """``--repeat 2``: two calibrations from root seeds 5 and 6; the one written has the larger
    in-sample posterior-predictive coverage, and the provenance records both."""
    out = tmp_path / "cal"
    code, stdout, err = run_main(
        "calibrate-history", "--seed", "5", "--repeat", "2", "--trajectories", "1",
        "--screen-seeds", "1", "--population", "6", "--budget", "12", "--generations", "2",
        "--ensemble", "1", "--draws", "2", "--parameters", "1", "--workers", "1",
        "--out", str(out), "--format", "json")
    assert code == 0, err
    repeats = json.loads(stdout)["repeats"]
    assert [r["seed"] for r in repeats] == [5, 6] and sum(r["applied"] for r in repeats) == 1
    applied = next(r for r in repeats if r["applied"])
    assert applied["coverage"] == max(r["coverage"] for r in repeats)
    stored = provenance(out)
    assert stored["calibration"]["seed"] == applied["seed"]
    assert stored["calibration"]["command"].split("--seed ")[1].startswith("5 ")
    assert stored["calibration"]["command"].endswith("--repeat 2")
    assert len(stored["repeats"]["runs"]) == 2
    assert list(calibrated_defaults(out)) == applied["parameters"]


def test_a_calibration_that_completes_no_population_says_so(tmp_path, monkeypatch):
    """A first population that needs more simulations than the acceptance floor allows is
    dropped (here the floor is raised to two acceptances per simulation, which no population
    can meet whatever its draws): exit 2 with the remedy, nothing written."""
    from neopat.validation import posterior

    monkeypatch.setattr(posterior, "MIN_ACCEPTANCE", 2.0)
    out = tmp_path / "cal"
    code, _, err = run_main(
        "calibrate-history", "--seed", "6", "--trajectories", "1", "--screen-seeds", "1",
        "--population", "4", "--budget", "8", "--generations", "2", "--ensemble", "1",
        "--draws", "2", "--parameters", "1", "--workers", "1", "--out", str(out))
    assert code == 2 and "completed no population" in err and "--population" in err, err
    assert "Traceback" not in err and not out.exists()
