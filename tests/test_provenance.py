"""Source ranges and match terms."""

import pytest
from pydantic import ValidationError

from neopat.data.provenance import Provenance, parse_source, source_problem

LINES = ["Table 3.3 seats", "SNEK won 30", "Independents 59", "State list 42"]


def test_parse_source_range_and_single_line():
    assert parse_source("seed:10-12") == (10, 12)
    assert parse_source("seed:7") == (7, 7)


@pytest.mark.parametrize("bad", ["10-12", "seed:12-10", "seed:0-3", "seed:1-41"])
def test_parse_source_rejects(bad):
    with pytest.raises(ValueError):
        parse_source(bad)


def test_match_found_with_alias_and_case():
    assert source_problem("seed:1-2", "snek", LINES) is None
    assert source_problem("seed:3-4", "Nur Otan|state LIST", LINES) is None


def test_match_missing_or_out_of_range():
    assert "none of" in source_problem("seed:1-2", "Otan", LINES)
    assert "after the last" in source_problem("seed:3-9", "42", LINES)


def test_derived_value_requires_note():
    with pytest.raises(ValidationError):
        Provenance(source="seed:1-2", match="SNEK", derived=True)
    assert Provenance(source="seed:1-2", match="SNEK", derived=True, note="76 - 68").derived
