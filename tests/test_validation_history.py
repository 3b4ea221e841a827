"""The issue's stylised facts over 20 seeds of the packaged, frozen `kazakhstan` scenario.

Facts that do not hold yet are strict xfails carrying the measured value (a strict xfail
fails if the fact starts to hold, so it is not a dead test).
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from neopat.scenarios import load_scenario
from neopat.validation import history

RUNS = 20


@pytest.fixture(scope="module")
def runs():
    return history.run_ensemble(load_scenario("kazakhstan"), RUNS)


@pytest.fixture(scope="module")
def impartial_runs():
    sc = load_scenario("kazakhstan", ["ruler.species=institutionalist"])
    return history.run_ensemble(sc, RUNS)


def _seat_share(runs, year):
    target, base, _ = history.SEAT_SHARE_TARGETS[year]
    return history.median_pro_share(year, base)(runs), target


@pytest.mark.parametrize("year", [
    pytest.param(1994, marks=pytest.mark.xfail(strict=True, reason="measured 0.749 (0.41)")),
    pytest.param(1995, marks=pytest.mark.xfail(strict=True, reason="measured 0.744 (0.85)")),
    pytest.param(1999, marks=pytest.mark.xfail(strict=True, reason="measured 0.987 (0.75-0.88)")),
    2004, 2007])
def test_median_pro_presidential_seat_share_within_ten_points(runs, year):
    value, target = _seat_share(runs, year)
    assert abs(value - target) <= 0.10, value


def test_a_single_list_passes_in_2007_in_most_runs(runs):
    assert history.single_list_2007(runs) >= 0.7


def test_2002_law_halves_the_registered_parties(runs):
    assert history.registered_ratio(runs) <= 0.5


def test_opposition_denied_or_liquidated_three_times_as_often(runs):
    assert history.denial_ratio(runs) >= 3.0


def test_dominant_party_absorbs_two_by_merger_in_most_runs(runs):
    assert history.merger_share(runs) > 0.5


def test_simulated_parties_show_the_thesis_type_mix(runs):
    assert history.simulated_mix(runs) >= 0.8


def _in_2007(runs, key):
    values = [next((y[key] for y in r.years if y["year"] == 2007), None) for r in runs]
    return float(np.median([v for v in values if v is not None]))


def test_impartial_rules_raise_the_effective_number_of_parties(runs, impartial_runs):
    assert _in_2007(impartial_runs, "enp_votes") >= _in_2007(runs, "enp_votes") + 1


@pytest.mark.xfail(strict=True, reason="measured: opposition seat share 0 in 2007 under both "
                   "(ENP of votes 1.0 -> 4.1)")
def test_impartial_rules_raise_the_opposition_seat_share(runs, impartial_runs):
    assert _in_2007(impartial_runs, "opposition_seat_share") >= \
        _in_2007(runs, "opposition_seat_share") + 0.10


@pytest.fixture(scope="module")
def bigger():
    sc = load_scenario("kazakhstan")
    return history.run_ensemble(sc.model_copy(update={"scale": sc.scale * 10}), RUNS)


def test_scale_does_not_move_national_outcomes(runs, bigger):
    def incumbent(rs):
        return [next(e["incumbent_share"] for e in r.elections if e["kind"] == "president")
                for r in rs]

    assert stats.ks_2samp(incumbent(runs), incumbent(bigger)).pvalue > 0.01


@pytest.mark.xfail(strict=True, reason="measured: 1995 loyal seat share median 0.74 at scale "
                   "0.001 vs 0.90 at 0.01; a few dozen sampled voters per district add noise "
                   "that favours the underdog")
def test_scale_does_not_move_district_seats(runs, bigger):
    def seats(rs):
        return [history.pro_share(r, 1995, "all seats") for r in rs]

    assert stats.ks_2samp(seats(runs), seats(bigger)).pvalue > 0.01


def test_validate_history_table(runs):
    rows, score = history.validate(runs)
    assert len(rows) == len(history.facts()) and 0 <= score <= 1
    assert all({"fact", "simulated", "record", "band", "inside"} <= set(r) for r in rows)
