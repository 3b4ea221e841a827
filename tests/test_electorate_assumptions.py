"""The assumptions file: packaged values, provenance against the thesis, bad files."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest
import tomli_w

from neopat.data.assumptions import load_assumptions, parse_assumptions
from neopat.data.provenance import source_problem
from neopat.errors import InputError


def packaged_raw() -> dict:
    text = resources.files("neopat.data.kazakhstan").joinpath("assumptions.toml").read_text()
    return tomllib.loads(text)


def seed_cited(node, path=""):
    """Every (path, source, match) in the file whose source is a seed range."""
    if isinstance(node, dict):
        if str(node.get("source", "")).startswith("seed:"):
            yield path, node["source"], node.get("match", "")
        for key, value in node.items():
            yield from seed_cited(value, f"{path}.{key}" if path else key)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from seed_cited(value, f"{path}[{i}]")


def test_packaged_file_loads_with_sixteen_regions():
    a = load_assumptions()
    assert len(a.region_names) == 16
    assert {"Almaty city", "Astana city"} <= set(a.region_names)
    assert a.electorate_shares.sum() == pytest.approx(1.0)
    assert a.regions.earlier is not None and a.regions.earlier.units == 19
    assert a.registered_voters() == 9_300_000
    assert a.registered_voters(2007) == a.election(2007, "parliament").registered_voters
    assert a.population.total == 15_000_000


def test_census_total_matches_the_regions():
    # The published 1999 census total is 14,953.1 thousand.
    assert load_assumptions().population_by_region.sum() == pytest.approx(14_953_100, abs=500)


def test_every_seed_citation_holds(seed_lines):
    cited = list(seed_cited(packaged_raw()))
    assert len(cited) >= 7
    problems = {path: source_problem(src, match, seed_lines) for path, src, match in cited}
    assert {path: p for path, p in problems.items() if p} == {}


def write(tmp_path, raw: dict):
    path = tmp_path / "assumptions.toml"
    path.write_text(tomli_w.dumps(raw))
    return path


@pytest.mark.parametrize(
    ("edit", "field", "problem"),
    [
        (lambda r: r["turnout"].pop("baseline"), "turnout.baseline", "Field required"),
        (lambda r: r["ideal"].update(colour="red"), "ideal.colour", "Extra inputs"),
        (lambda r: r["age_groups"].update(shares=[0.5, 0.5, 0.5, 0.5]), "age_groups", "sum to 1"),
        (lambda r: r["approval"].update(match=""), "approval", "match"),
        (lambda r: r["ties"].update(note=""), "ties", "note"),
        (lambda r: r["approval"].update(mean=1.5), "approval.mean", "less than 1"),
        (lambda r: r["population"].update(source="seed:10-90"), "population", "spans"),
        (lambda r: r["urban"].update(national_share=0.9), "(top level)", "urban"),
        (
            lambda r: r["regions"]["units"].append(dict(r["regions"]["units"][0])),
            "regions",
            "unique",
        ),
    ],
)
def test_bad_file_raises_input_error_naming_file_and_field(tmp_path, edit, field, problem):
    raw = packaged_raw()
    edit(raw)
    path = write(tmp_path, raw)
    with pytest.raises(InputError) as info:
        load_assumptions(path)
    assert info.value.file == str(path)
    assert info.value.where == field
    assert problem in info.value.problem


def test_unreadable_and_malformed_files(tmp_path):
    with pytest.raises(InputError, match="not found"):
        load_assumptions(tmp_path / "missing.toml")
    with pytest.raises(InputError, match="not valid TOML"):
        parse_assumptions("[electorate\nregistered_voters = 3", file="x.toml")
