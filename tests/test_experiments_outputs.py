"""Outputs: any yearly indicator, reduced over all years, a window, or one year."""

from __future__ import annotations

import math

import pytest

from neopat.errors import InputError
from neopat.experiments.outputs import Output, default_outputs, indicators, parse_outputs

YEARS = [{"year": 1998, "defections": 2, "share": None, "office_share": {"a": 1.0}},
         {"year": 1999, "defections": 1, "share": 0.5},
         {"year": 2000, "defections": 4, "share": 0.7}]


@pytest.mark.parametrize(("text", "value"), [
    ("defections:sum", 7.0), ("defections", 7 / 3), ("defections:last", 4.0),
    ("defections:sum@1998-1999", 3.0), ("defections@2000", 4.0), ("share:mean", 0.6),
    ("share@1998", math.nan)])
def test_outputs_reduce_yearly_values(text, value):
    out = Output.parse(text)
    assert Output.parse(out.label) == out
    result = out.value(YEARS)
    assert math.isnan(result) if math.isnan(value) else result == pytest.approx(value)


def test_indicators_are_the_numeric_keys():
    assert indicators(YEARS) == ["defections", "share"]


@pytest.mark.parametrize("text", ["defections:median", "defections@98", "nope",
                                  "defections@2000-1999", ""])
def test_bad_outputs_are_input_errors(text):
    with pytest.raises(InputError):
        parse_outputs([text], ["defections"])


def test_default_outputs_prefer_seat_shares_when_recorded():
    assert [o.label for o in default_outputs(["defections", "elite_cohesion"],
                                             ["enp_seats:mean"])] == \
        ["defections:sum", "elite_cohesion:mean"]
    assert [o.label for o in default_outputs(["enp_seats"], ["enp_seats:mean"])] == \
        ["enp_seats:mean"]
