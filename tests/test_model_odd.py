"""docs/ODD.md covers every mechanism and every catalogue parameter of the code."""

from __future__ import annotations

from pathlib import Path

from neopat.model.events import MECHANISMS
from neopat.scenarios import parameter_catalogue

ODD = Path(__file__).resolve().parents[1] / "docs" / "ODD.md"


def test_odd_covers_every_mechanism_and_parameter():
    import neopat.model  # noqa: F401  (registers the mechanisms)

    text = ODD.read_text(encoding="utf-8")
    assert MECHANISMS
    for name, mech in MECHANISMS.items():
        assert f"**{name}**" in text, name
        assert mech.source in text, (name, mech.source)
    for p in parameter_catalogue():
        assert f"`{p.name}`" in text, p.name


def test_odd_citations_exist_in_the_thesis(seed_lines):
    import re

    text = ODD.read_text(encoding="utf-8")
    for start, end in re.findall(r"seed:(\d+)-(\d+)", text):
        assert 1 <= int(start) <= int(end) <= len(seed_lines)
        assert int(end) - int(start) < 40
