"""Numbers the record says are printed (derived = false) occur in the cited passage."""

from __future__ import annotations

import re

import pytest

from neopat.data.elections import load_election_results
from neopat.data.provenance import parse_source
from neopat.data.registry import list_datasets
from neopat.data.tables import load_commissions_2007, load_memberships, load_polls

WORDS = {1: ("one", "I"), 9: ("nine",), 95: ("ninety five",)}


def printed(value: float, passage: str) -> bool:
    """``value`` appears as digits (plain or with thousands commas) or as a word."""
    digits = {f"{value:g}", f"{value:,.0f}" if value == int(value) else f"{value:g}"}
    if any(re.search(rf"(?<![\d.,]){re.escape(d)}(?![\d]|[.,]\d)", passage) for d in digits):
        return True
    words = WORDS.get(int(value), ()) if value == int(value) else ()
    return any(re.search(rf"\b{w}\b", passage, 0 if w == "I" else re.IGNORECASE) for w in words)


def passage(source: str, seed_lines: list[str]) -> str:
    start, end = parse_source(source)
    return " ".join(seed_lines[start - 1 : end])


def _numbers(row, fields):
    return [getattr(row, f) for f in fields if getattr(row, f) not in (None, 0)]


@pytest.mark.parametrize(
    ("loader", "fields"),
    [
        (load_election_results, ("seats", "vote_share", "votes")),
        (load_commissions_2007, ("members",)),
        (load_memberships, ("members",)),
        (load_polls, ("value",)),
    ],
)
def test_printed_numbers_are_in_the_passage(loader, fields, seed_lines):
    missing = [
        (row.source, value)
        for row in loader()
        if not row.derived
        for value in _numbers(row, fields)
        if not printed(float(value), passage(row.source, seed_lines))
    ]
    assert missing == []


YEAR_FIELDS = ("date", "founded", "start", "start_year", "entry_year", "year")


@pytest.mark.parametrize("name", [d.name for d in list_datasets()])
def test_printed_years_are_in_the_passage(name, seed_lines):
    """A row that claims its values are printed (derived = false) shows its year in its passage.

    A field the row lists among its ``assumptions`` (a documented default) is exempt.
    """
    dataset = next(d for d in list_datasets() if d.name == name)
    missing = []
    for row in dataset.load():
        if row.derived:
            continue
        assumed = {a.field for a in getattr(row, "assumptions", [])}
        fields = [f for f in YEAR_FIELDS if f not in assumed and getattr(row, f, None)]
        years = [str(getattr(row, f))[:4] for f in fields]
        years += [d[:4] for d in getattr(row, "dates", [])]
        text = passage(row.source, seed_lines)
        missing += [(row.source, y) for y in years if y not in text]
    assert missing == []
