"""Every seed range cited in the electorate's modules lies inside the thesis."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from neopat.data.provenance import parse_source

MODULES = [
    ("neopat.model.electorate", "electorate.py"),
    ("neopat.model.electorate", "choice.py"),
    ("neopat.model.electorate", "falsification.py"),
    ("neopat.model.electorate", "society.py"),
    ("neopat.data", "assumptions.py"),
    ("neopat.data.kazakhstan", "assumptions.toml"),
]


@pytest.mark.parametrize(("package", "name"), MODULES)
def test_cited_ranges_exist(seed_lines, package, name):
    text = resources.files(package).joinpath(name).read_text(encoding="utf-8")
    cited = re.findall(r"seed:\d+(?:-\d+)?", text)
    for source in cited:
        start, end = parse_source(source)
        assert end <= len(seed_lines), source
        assert any(line.strip() for line in seed_lines[start - 1 : end]), source
    if name != "assumptions.py":
        assert cited, f"{name} cites no seed lines"
