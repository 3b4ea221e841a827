"""The rules reproduce the thesis' own classification of the real parties, 2006-08."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from neopat.data.party_types import (
    ATTRIBUTE_TYPES,
    CRITERIA,
    NOT_CLASSIFIED,
    load_party_profiles,
    load_party_types,
)
from neopat.data.provenance import MAX_SOURCE_SPAN, parse_source, source_problem
from neopat.errors import InputError
from neopat.rules.typology import PartyProfile, agreement, classify

DATA = Path(__file__).resolve().parents[1] / "src" / "neopat" / "data" / "kazakhstan"
REQUIRED_AGREEMENT = 0.8  # issue 5


@pytest.fixture(scope="module")
def records():
    return load_party_profiles()


@pytest.fixture(scope="module")
def expected():
    return load_party_types()


@pytest.fixture(scope="module")
def computed(records):
    return {p: classify(PartyProfile(**r.values)) for p, r in records.items()}


def test_both_files_cover_the_same_parties(records, expected):
    assert {p for p, _ in expected} == set(records)
    assert len(expected) == len(records) * len(CRITERIA)
    assert len(records) == 17


def test_agreement_with_the_thesis_per_criterion_and_overall(computed, expected):
    counts = agreement(computed, expected)
    report = {k: f"{a}/{n}" for k, (a, n) in counts.items()}
    print("\nagreement with the thesis:", report)
    assert set(counts) == {*CRITERIA, "overall"}
    for criterion, (agree, total) in counts.items():
        assert total > 0
        assert agree / total >= REQUIRED_AGREEMENT, (criterion, report)
    mismatches = [
        (p, c, row.label, computed[p].label(c))
        for (p, c), row in expected.items()
        if row.label != NOT_CLASSIFIED and computed[p].label(c) != row.label
    ]
    assert mismatches == []


@pytest.mark.parametrize(
    ("criterion", "label", "parties"),
    [
        ("gd_species", "clientelistic_elite",
         {"nagiz_ak_zhol", "osdp", "ak_zhol", "alga", "asar", "gpk", "dvk", "rnpk"}),
        ("behaviour", "proto_hegemonic", {"nur_otan"}),
        ("behaviour", "acquiescent", {"rukhaniiat", "patriots", "auyl", "knpk", "adilet"}),
        ("behaviour", "pluralist",
         {"alga", "ak_zhol", "nagiz_ak_zhol", "kpk", "osdp", "dvk", "rnpk"}),
        ("ideology_category", "unambiguous", {"kpk", "knpk"}),
        ("ideology_category", "attempted", {"osdp", "atameken"}),
    ],
)
def test_label_sets_among_all_parties(computed, criterion, label, parties):
    """Whole sets, including parties the thesis leaves unclassified (dvk, rnpk behave as
    pluralists, which the thesis neither says nor contradicts)."""
    assert {p for p, t in computed.items() if t.label(criterion) == label} == parties


def test_coherence_orders_the_ideology_categories_on_the_fixture(computed):
    by_category: dict[str, list[float]] = {}
    for t in computed.values():
        by_category.setdefault(str(t.ideology_category), []).append(t.programmatic_coherence)
    assert min(by_category["unambiguous"]) > max(by_category["attempted"])
    assert min(by_category["attempted"]) > max(by_category["lacks_clarity"])


def test_labels_do_not_depend_on_party_names(tmp_path, records, computed):
    """Rename and reorder every party in a copy of the fixture: the labels follow the rows."""
    rows = list(csv.DictReader((DATA / "party_profiles.csv").open(encoding="utf-8")))
    rename = {p: f"party_{i}" for i, p in enumerate(reversed(list(records)))}
    for row in rows:
        row["party_id"] = rename[row["party_id"]]
    copy = tmp_path / "party_profiles.csv"
    with copy.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(reversed(rows))
    renamed = load_party_profiles(copy)
    for old, new in rename.items():
        assert classify(PartyProfile(**renamed[new].values)) == computed[old]


def _check_sources(path: Path, seed_lines: list[str]) -> list[str]:
    problems = []
    with path.open(encoding="utf-8") as f:
        for line, row in enumerate(csv.DictReader(f), start=2):
            start, end = parse_source(row["source"])
            assert end - start + 1 <= MAX_SOURCE_SPAN
            problem = source_problem(row["source"], row["match"], seed_lines)
            if problem:
                problems.append(f"{path.name} row {line}: {problem}")
    return problems


@pytest.mark.parametrize("name", ["party_profiles.csv", "party_types.csv"])
def test_every_source_lies_in_the_seed_and_contains_its_match(seed_lines, name):
    assert _check_sources(DATA / name, seed_lines) == []


def test_derived_attributes_say_how_they_were_judged(records):
    rows = [r for rec in records.values() for r in rec.rows.values()]
    assert len(rows) == len(records) * len(ATTRIBUTE_TYPES)
    assert all(r.note.strip() for r in rows if r.derived)


# --- malformed copies -----------------------------------------------------------------

def _copy_with(tmp_path: Path, name: str, line: int, field: str, value: str) -> Path:
    rows = list(csv.DictReader((DATA / name).open(encoding="utf-8")))
    rows[line - 2][field] = value
    out = tmp_path / name
    with out.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return out


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("value", "sometimes", "is_presidential_vehicle"),
        ("attribute", "charisma", "attribute"),
        ("source", "seed:100-200", "spans"),
        ("party_id", "Nur Otan", "party_id"),
        ("derived", "true", "field note: a derived value needs a note"),
    ],
)
def test_malformed_profile_copy_names_file_row_and_field(tmp_path, field, value, problem):
    path = _copy_with(tmp_path, "party_profiles.csv", 2, field, value)
    if field == "derived":
        path = _copy_with(tmp_path, "party_profiles.csv", 2, "note", "")
        rows = path.read_text(encoding="utf-8").splitlines()
        rows[1] = rows[1].replace(",false,", ",true,")
        path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_party_profiles(path)
    message = str(err.value)
    assert message.startswith(f"{path}: row 2")
    assert problem in message


def test_out_of_range_value_is_reported_on_its_row(tmp_path):
    rows = (DATA / "party_profiles.csv").read_text(encoding="utf-8").splitlines()
    line = next(i for i, r in enumerate(rows, start=1) if ",stance_to_president," in r)
    path = _copy_with(tmp_path, "party_profiles.csv", line, "value", "2.5")
    with pytest.raises(InputError, match=rf"row {line}, field value: stance_to_president"):
        load_party_profiles(path)


def test_missing_attribute_names_the_party_and_field(tmp_path):
    rows = (DATA / "party_profiles.csv").read_text(encoding="utf-8").splitlines()
    kept = [r for r in rows if not r.startswith("kpk,personalism,")]
    path = tmp_path / "party_profiles.csv"
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="party kpk, field attribute: .*personalism"):
        load_party_profiles(path)


def test_duplicate_attribute_is_rejected(tmp_path):
    rows = (DATA / "party_profiles.csv").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "party_profiles.csv"
    path.write_text("\n".join([*rows, rows[1]]) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=rf"row {len(rows) + 1}, field value: .*twice"):
        load_party_profiles(path)


@pytest.mark.parametrize(
    ("field", "value", "where"),
    [
        ("label", "party_of_power", "field label"),
        ("label", "N", "field label"),
        ("criterion", "organisation", "field criterion"),
        ("evidence", "X", "field evidence"),
    ],
)
def test_malformed_types_copy_names_file_row_and_field(tmp_path, field, value, where):
    path = _copy_with(tmp_path, "party_types.csv", 3, field, value)
    with pytest.raises(InputError) as err:
        load_party_types(path)
    assert str(err.value).startswith(f"{path}: row 3, {where}")


def test_unreadable_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="missing.csv"):
        load_party_types(tmp_path / "missing.csv")


def test_labels_do_not_hinge_on_the_exact_judged_numbers(records, expected):
    """Moving any one judged number by +/-0.2 (within its range) changes no thesis label."""
    delta = 0.2
    flipped = []
    for party_id, record in records.items():
        for name, row in record.rows.items():
            value = record.values[name]
            if not row.derived or not isinstance(value, float):
                continue
            low = -1.0 if name == "stance_to_president" else 0.0
            for moved in (max(low, value - delta), min(1.0, value + delta)):
                t = classify(PartyProfile(**{**record.values, name: moved}))
                flipped += [
                    (party_id, name, moved, criterion)
                    for (p, criterion), want in expected.items()
                    if p == party_id and want.classified and t.label(criterion) != want.label
                ]
    assert flipped == []
