"""``neopat seats`` and ``neopat register``: output shapes and bad input (exit 2, one line)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from neopat.cli import main

VOTES_2007 = "party,votes\nNur Otan,880\nOSDP,46\nAk Zhol,31\nKPK,13\nagainst all,30\n"


def run(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    """Run the CLI in-process (the same path as the console script)."""
    monkeypatch.setattr(sys, "argv", ["neopat", *args])
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def write(tmp_path):
    def _write(text: str, name: str = "in.csv"):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return str(path)
    return _write


def test_json_shape_with_rule_set(monkeypatch, capsys, write):
    code, out, _ = run(monkeypatch, capsys, "seats", "--votes", write(VOTES_2007),
                       "--rules", "kz-2007", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert list(data) == ["seats", "tiers", "passed_threshold", "indices"]
    assert data["seats"]["Nur Otan"] == 98
    assert [t["tier"] for t in data["tiers"]] == ["national-list", "assembly-of-people"]
    assert all(set(t) == {"tier", "seats"} for t in data["tiers"])
    assert data["passed_threshold"] == ["Nur Otan"]
    assert data["indices"]["enp_seats"] == 1.0


def test_overrides_and_min_parties(monkeypatch, capsys, write):
    # --min-parties 2 admits OSDP; Hare among 880 + 46 = 926 votes, 98 seats:
    # Nur Otan 86240/926 = 93 rem 122, OSDP 4508/926 = 4 rem 804 -> OSDP gets the last seat: 5.
    code, out, _ = run(monkeypatch, capsys, "seats", "--votes", write(VOTES_2007), "--rules",
                       "kz-2007", "--min-parties", "2", "--format", "json")
    assert code == 0 and json.loads(out)["tiers"][0]["seats"]["OSDP"] == 5
    code, out, _ = run(monkeypatch, capsys, "seats", "--votes", write(VOTES_2007), "--seats", "10",
                       "--method", "dhondt", "--threshold", "0.02", "--format", "csv")
    assert code == 0 and out.splitlines()[0] == "party,votes,list,seats,passed"


def test_threshold_base_option(monkeypatch, capsys, write):
    # KPK 13 of 970 list votes = 1.34%; with against all (30) in the base, 13/1000 = 1.3%.
    # Threshold 1.32%: passes on valid votes, fails on valid+against.
    common = ("seats", "--votes", write(VOTES_2007), "--seats", "10", "--threshold", "0.0132",
              "--format", "json")
    _, out, _ = run(monkeypatch, capsys, *common)
    assert "KPK" in json.loads(out)["passed_threshold"]
    _, out, _ = run(monkeypatch, capsys, *common, "--threshold-base", "valid+against")
    assert "KPK" not in json.loads(out)["passed_threshold"]


def test_ties_by_order_column_or_by_lot(monkeypatch, capsys, write):
    # Two lists of 50 votes, one seat: the order column decides (B ranked first); --lot draws.
    votes = write("party,votes,order\nA,50,2\nB,50,1\n")
    _, out, _ = run(monkeypatch, capsys, "seats", "--votes", votes, "--seats", "1",
                    "--format", "json")
    assert json.loads(out)["seats"] == {"A": 0, "B": 1}
    winners = set()
    for seed in range(12):
        _, out, _ = run(monkeypatch, capsys, "seats", "--votes", votes, "--seats", "1",
                        "--lot", str(seed), "--format", "json")
        winners.add(next(p for p, n in json.loads(out)["seats"].items() if n))
    assert winners == {"A", "B"}


def test_districts_and_runoff(monkeypatch, capsys, write):
    votes = write("district,party,votes,round,candidate\n1,Otan,45,1,a\n1,KPK,40,1,b\n"
                  "1,GPK,15,1,c\n1,Otan,48,2,a\n1,KPK,52,2,b\n2,Otan,70,1,d\n2,KPK,30,1,e\n")
    code, out, _ = run(monkeypatch, capsys, "seats", "--votes", votes, "--smd", "two-round",
                       "--format", "json")
    assert code == 0 and json.loads(out)["seats"] == {"KPK": 1, "Otan": 1}


def test_table_output(monkeypatch, capsys, write):
    code, out, _ = run(monkeypatch, capsys, "seats", "--votes", write(VOTES_2007),
                       "--rules", "kz-2007")
    assert code == 0 and "Nur Otan" in out and "98" in out


def test_register(monkeypatch, capsys, write):
    members = write("region,members\n" + "".join(f"r{i},3200\n" for i in range(16)))
    code, out, _ = run(monkeypatch, capsys, "register", "--members", members, "--law", "kz-2002",
                       "--founders", "1000", "--format", "json")
    assert code == 0 and json.loads(out)["registered"] is True
    code, out, _ = run(monkeypatch, capsys, "register", "--members", members, "--law", "kz-2002",
                       "--founders", "999", "--invalid-share", "0.007")
    assert code == 0 and "DENIED" in out and "founding congress" in out and "valid documents" in out
    code, out, _ = run(monkeypatch, capsys, "register", "--members", members, "--law", "kz-2002",
                       "--founders", "1000", "--invalid-share", "0.007", "--lenient")
    assert code == 0 and "REGISTERED" in out


BAD_SEATS = [
    ("party,votes\nA,-5\nB,10\n", ["--seats", "5"], "non-negative"),
    ("party,votes\nA,lots\nB,10\n", ["--seats", "5"], "not a number"),
    ("party,votes\nA,5\nA,10\n", ["--seats", "5"], "appears twice"),
    ("", ["--seats", "5"], "empty"),
    ("party,votes\n", ["--seats", "5"], "no data rows"),
    ("name,count\nA,5\n", ["--seats", "5"], "missing column"),
    (VOTES_2007, ["--seats", "5", "--method", "quota"], "unknown value 'quota'"),
    (VOTES_2007, ["--rules", "kz-2099"], "unknown rule set"),
    (VOTES_2007, ["--seats", "2", "--min-parties", "3"], "need more than the 2 seats"),
    (VOTES_2007, ["--seats", "0"], "seats"),
    (VOTES_2007, [], "--seats"),
    (VOTES_2007, ["--seats", "5", "--threshold-base", "all"], "unknown value 'all'"),
    ("party,votes\nA,5\n", ["--rules", "kz-1995", "--seats", "5"], "no list tier"),
    ("party,votes\nA,5\n", ["--rules", "kz-1995"], "has no tier for them"),
    ("district,party,votes\n1,A,5\n", ["--rules", "kz-2007"], "has no tier for them"),
    ("party,votes,kind\nA,50\nB,30,bloc\n", ["--rules", "kz-2007"], "blocs are banned"),
    ("district,party,votes,round\n1,A,50,1\n1,B,40,1\n1,A,60,2\n1,B,40,2\n", [],
     "formula is plurality"),
    ("district,party,votes,round\n1,A,50,1\n1,B,40,3\n", [], "round must be 1 or 2"),
    ("party,votes,order\nA,50,1\nB,50\n", ["--seats", "1"], "no tie-break order given for B"),
]


@pytest.mark.parametrize(("text", "options", "message"), BAD_SEATS)
def test_seats_bad_input(monkeypatch, capsys, write, text, options, message):
    code, out, err = run(monkeypatch, capsys, "seats", "--votes", write(text), *options)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and message in err and "Traceback" not in err


@pytest.mark.parametrize(("text", "options", "message"), [
    ("region,members\nA,10\nA,20\n", ["--law", "kz-2002"], "appears twice"),
    ("region,members\nA,1.5\n", ["--law", "kz-2002"], "whole number"),
    ("region,members\nA,10\n", ["--law", "kz-1888"], "unknown party law"),
])
def test_register_bad_input(monkeypatch, capsys, write, text, options, message):
    code, _, err = run(monkeypatch, capsys, "register", "--members", write(text), *options)
    assert code == 2 and len(err.strip().splitlines()) == 1 and message in err


def test_missing_file_through_the_console_script(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "neopat", "seats", "--votes", str(tmp_path / "none.csv"),
         "--seats", "5"], capture_output=True, text=True, check=False)
    assert result.returncode == 2
    assert "file not found" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
