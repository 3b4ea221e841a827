"""The `neopat data` commands; bad record copies exit 2 naming file, line and field."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from _record_copy import copy_record, drop_column, edit_cell
from neopat.cli import app

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, ["data", *args])


def test_list_counts_rows():
    result = invoke("list", "--format", "json")
    assert result.exit_code == 0
    counts = {row["dataset"]: row["rows"] for row in json.loads(result.stdout)}
    assert counts["parties"] >= 25 and counts["elections"] >= 5 and counts["elites"] >= 40


def test_show_elections_json_gives_seats_per_contestant_and_tier():
    result = invoke("show", "elections", "--format", "json")
    assert result.exit_code == 0
    elections = [e for e in json.loads(result.stdout) if e["kind"] == "parliamentary"]
    assert len(elections) == 5
    for e in elections:
        assert sum(r["seats"] for r in e["results"]) == e["seats"]
        assert all({"contestant", "tier", "seats", "source"} <= set(r) for r in e["results"])


def test_show_parties_json_and_year_filter():
    parties = json.loads(invoke("show", "parties", "--format", "json").stdout)
    assert len(parties) >= 20 and all(p["source"].startswith("seed:") for p in parties)
    early = json.loads(invoke("show", "parties", "--year", "1992", "-f", "json").stdout)
    ids = {p["id"] for p in early}
    assert "spk" in ids and "nur_otan" not in ids
    offices = json.loads(invoke("show", "elite_offices", "--year", "2008", "-f", "json").stdout)
    assert all(o["end_year"] is None or o["end_year"] >= 2008 for o in offices)


def test_show_table_and_csv():
    assert "snek 30 (smd)" in invoke("show", "elections", "-f", "csv").stdout
    assert invoke("show", "factions").exit_code == 0


def test_cite_prints_the_passage(seed_file):
    result = invoke("cite", "elites:aliev", "--seed-file", str(seed_file))
    assert result.exit_code == 0
    assert "Rakhat Aliev" in result.stdout and "7727" in result.stdout


def test_cite_without_seed_prints_the_range(monkeypatch, tmp_path):
    monkeypatch.delenv("NEOPAT_SEED_FILE", raising=False)
    result = invoke("cite", "parties:otan")
    assert result.exit_code == 0 and "lines 8385-8406" in result.stdout


@pytest.mark.parametrize(
    "args", [("show", "no_such_dataset"), ("cite", "parties:nope"), ("show", "ideology", "-y", "1")]
)
def test_bad_requests_exit_2(args):
    result = invoke(*args)
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_summary_json():
    data = json.loads(invoke("summary", "-f", "json").stdout)
    assert set(data) == {"parties_by_stance", "elections", "elites_by_faction", "events_per_year"}
    top = {e["election"]: e["largest_pro_presidential"] for e in data["elections"]}
    assert top["2007-parliamentary"] == "nur_otan"
    assert invoke("summary").exit_code == 0


def test_validate_good_copy(tmp_path):
    result = invoke("validate", str(copy_record(tmp_path)))
    assert result.exit_code == 0 and "record OK" in result.stdout


@pytest.mark.parametrize(
    ("filename", "column", "value", "needle"),
    [
        ("election_results.csv", "party", "no_such_party", "unknown party"),
        ("events.csv", "date", "19x4-03", "date"),
        ("factions.csv", "entry_year", "1776", "1900-2100"),
        ("party_registrations.csv", "status", "vanished", "status"),
    ],
)
def test_validate_bad_copy_names_file_line_and_field(tmp_path, filename, column, value, needle):
    copy = copy_record(tmp_path)
    line = edit_cell(copy, filename, 1, column, value)
    result = invoke("validate", str(copy))
    assert result.exit_code == 2
    message = " ".join(result.output.split())
    assert filename in message and f"line {line}" in message and f"'{column}'" in message
    assert needle in message and "Traceback" not in message


def test_validate_missing_column_as_a_process(tmp_path):
    copy = copy_record(tmp_path)
    drop_column(copy, "parties.csv", "stance")
    proc = subprocess.run(
        [sys.executable, "-m", "neopat", "data", "validate", str(copy)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "parties.csv" in proc.stderr and "stance" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_inputs_only_hides_outcomes():
    elites = json.loads(invoke("show", "elites", "--inputs-only", "-f", "json").stdout)
    assert elites and all("fate" not in e and "defected_year" not in e for e in elites)
    events = json.loads(invoke("show", "events", "--inputs-only", "-f", "json").stdout)
    assert events and {e["role"] for e in events} == {"input"}
    offices = json.loads(invoke("show", "elite_offices", "--inputs-only", "-f", "json").stdout)
    assert {o["role"] for o in offices} == {"initial"}
    assert invoke("show", "polls", "--inputs-only").exit_code == 2


@pytest.mark.parametrize("column", ["founded", "note"])
def test_validate_refuses_a_dropped_optional_column(tmp_path, column):
    copy = copy_record(tmp_path)
    drop_column(copy, "parties.csv", column)
    result = CliRunner().invoke(app, ["data", "validate", str(copy)])
    assert result.exit_code == 2
    assert "parties.csv" in result.output and f"missing column(s): {column}" in result.output
