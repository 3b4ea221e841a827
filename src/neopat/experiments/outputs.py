"""Model outputs for experiments: a run's yearly scalar indicators reduced to one number.

An output is written ``indicator[:how][@YEAR[-YEAR]]``: ``defections:sum`` (the run's total),
``legitimacy`` (the mean over the years where it has a value), ``elite_cohesion:last``,
``dominant_seat_share@2007`` (its value in 2007), ``defections:sum@1997-1999`` (a window).
Any numeric key of ``RunResult.years`` is an indicator, so indicators added by later submodels work unchanged.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from neopat.errors import InputError
from neopat.model.formal.party_system import KEYS as PARTY_SYSTEM
from neopat.model.indicators import SCALAR_INDICATORS

HOW = {"mean": np.mean, "sum": np.sum, "last": lambda v: v[-1], "first": lambda v: v[0],
       "max": np.max, "min": np.min}
# Every numeric indicator a run records, as the model declares them (so outputs are checked
# before any run): the informal tier's (neopat.model.indicators.yearly) and the party system's.
RECORDED = ("elites", *SCALAR_INDICATORS, "punished", "coopted", "raids", "loyal_office_share",
            *PARTY_SYSTEM)
PATTERN = re.compile(r"^(?P<name>[A-Za-z_]\w*)(?::(?P<how>\w+))?"
                     r"(?:@(?P<start>\d{4})(?:-(?P<end>\d{4}))?)?$")


@dataclass(frozen=True)
class Output:
    """One output: an indicator and how its yearly values (all, or a span's) are reduced."""

    indicator: str
    how: str = "mean"
    start: int | None = None
    end: int | None = None

    @classmethod
    def parse(cls, text: str) -> Output:
        m = PATTERN.match(text.strip())
        if m is None or (m["how"] and m["how"] not in HOW) or (
                m["end"] and int(m["end"]) < int(m["start"])):
            raise InputError(f"expected indicator[:{'|'.join(HOW)}][@YEAR[-YEAR]], got {text!r}",
                             where="--outputs")
        start = int(m["start"]) if m["start"] else None
        return cls(m["name"], m["how"] or "mean", start, int(m["end"]) if m["end"] else start)

    @property
    def label(self) -> str:
        span = "" if self.start is None else (
            f"@{self.start}" if self.end == self.start else f"@{self.start}-{self.end}")
        how = "" if self.start is not None and self.end == self.start else f":{self.how}"
        return self.indicator + how + span

    def value(self, years: Sequence[dict[str, Any]]) -> float:
        """This output for one run's yearly records (NaN where the indicator has no value)."""
        rows = [r for r in years
                if self.start is None or self.start <= r.get("year", 0) <= self.end]
        values = [float(r[self.indicator]) for r in rows if _number(r.get(self.indicator))]
        return float(HOW[self.how](values)) if values else math.nan


@dataclass(frozen=True)
class OutputValues:
    """A reducer for the runner: a run's result to the value of each output (on the worker,
    so that only these numbers travel back)."""

    outputs: tuple[Output, ...]

    def __call__(self, result: Any) -> list[float]:
        return [o.value(result.years) for o in self.outputs]


def _number(value: Any) -> bool:
    return (isinstance(value, (int, float)) and not isinstance(value, bool)
            and not math.isnan(float(value)))


def indicators(years: Iterable[dict[str, Any]]) -> list[str]:
    """The numeric indicators present in a run's yearly records (``year`` excluded)."""
    names: dict[str, None] = {}
    for rec in years:
        for key, value in rec.items():
            if key != "year" and (value is None or isinstance(value, (int, float))):
                names.setdefault(key)
    return list(names)


def parse_outputs(texts: Sequence[str], available: Sequence[str] = RECORDED,
                  span: tuple[int, int] | None = None) -> list[Output]:
    """Parse ``--outputs`` values; each indicator must be one a run records and each year
    inside the simulated ``span`` (first and last year)."""
    outputs = [Output.parse(t) for part in texts for t in part.split(",") if t.strip()]
    for out in outputs:
        if out.indicator not in available:
            raise InputError(f"unknown indicator {out.indicator!r}; a run records: "
                             f"{', '.join(available)}", where="--outputs")
        check_span(out, span, "--outputs")
    if not outputs:
        raise InputError("no outputs given", where="--outputs")
    return outputs


def inside(out: Output, span: tuple[int, int] | None) -> bool:
    """Whether every year ``out`` reads lies in ``span`` (always, for an output of all years)."""
    return out.start is None or span is None or span[0] <= out.start <= out.end <= span[1]


def check_span(out: Output, span: tuple[int, int] | None, where: str, name: str = "") -> None:
    if not inside(out, span):
        years = f"year {out.start}" if out.start == out.end else f"years {out.start}-{out.end}"
        raise InputError(f"{name or out.label} reads {years}, outside the simulated span "
                         f"{span[0]}-{span[1]}", where=where)


def default_outputs(available: Sequence[str], preferred: Sequence[str]) -> list[Output]:
    """The preferred outputs whose indicator a run records (e.g. seat shares once elections
    are simulated), else the model's informal-tier outcomes."""
    chosen = [Output.parse(p) for p in preferred]
    chosen = [o for o in chosen if o.indicator in available]
    return chosen or [Output("defections", "sum"), Output("elite_cohesion", "mean")]
