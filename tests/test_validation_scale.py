"""Scale does not move outcomes (ODD §7.10): ensembles at sampling fractions 0.01 and 0.1 of
the electorate agree, by two-sample Kolmogorov-Smirnov tests over 20 seeds each."""

from __future__ import annotations

import pytest
from scipy import stats

from _runs import run_many
from neopat.scenarios import load_scenario
from neopat.validation import facts

RUNS = 20


def _statistics(runs):
    def incumbent(r):
        return next(e["incumbent_share"] for e in r.elections if e["kind"] == "president")

    return {
        "1994 core seat share": [facts.parliament(r, 1994)["core_seat_share"] for r in runs],
        "1995 district seat share": [facts.parliament(r, 1995)["pro_presidential_seat_share"]
                                     for r in runs],
        "1999 presidential incumbent share": [incumbent(r) for r in runs],
    }


@pytest.mark.slow
def test_distributions_at_scale_001_and_01_agree():
    sc = load_scenario("kazakhstan")
    small = _statistics(run_many(sc.model_copy(update={"scale": 0.01}), RUNS))
    big = _statistics(run_many(sc.model_copy(update={"scale": 0.1}), RUNS))
    for name in small:
        assert stats.ks_2samp(small[name], big[name]).pvalue > 0.01, name
