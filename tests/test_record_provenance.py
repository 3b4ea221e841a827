"""Every row of every dataset cites a seed range (<= 40 lines) that contains its match term."""

from __future__ import annotations

import pytest

from neopat.data.provenance import MAX_SOURCE_SPAN, parse_source, source_problem
from neopat.data.registry import list_datasets

DATASETS = [d.name for d in list_datasets()]


@pytest.mark.parametrize("name", DATASETS)
def test_every_row_cites_the_seed(name, seed_lines):
    dataset = next(d for d in list_datasets() if d.name == name)
    rows = dataset.load()
    assert rows, f"{name} is empty"
    problems = []
    for i, row in enumerate(rows, start=1):
        start, end = parse_source(row.source)
        assert end - start + 1 <= MAX_SOURCE_SPAN
        problem = source_problem(row.source, row.match, seed_lines)
        if problem:
            problems.append((i, problem))
    assert problems == []


@pytest.mark.parametrize("name", DATASETS)
def test_derived_rows_say_how(name):
    dataset = next(d for d in list_datasets() if d.name == name)
    assert all(row.note.strip() for row in dataset.load() if row.derived)
