"""``python -m benchmarks --quick`` and ``neopat bench`` run every benchmark, print every row and
report failed ratio goals in their exit status (nothing is asserted about time)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from benchmarks import __main__ as bench
from benchmarks.core import print_table
from neopat.cli import app

FIGURES = {
    "vote_vs_mesa": 3, "election": 5, "seats": 2, "scenario": 2, "ensemble": 2,
}


def test_quick_benchmarks_print_every_row(capsys):
    rows = bench.run(quick=True)
    assert [r.bench for r in rows] == [n for n in bench.BENCHMARKS for _ in range(FIGURES[n])]
    print_table(rows, "quick")
    out = capsys.readouterr().out
    for row in rows:
        assert row.measured and row.status in ("pass", "FAIL", "info")
        assert row.figure[:20] in out
    goals = [r for r in rows if r.goal is not None]
    assert {r.bench for r in goals} == {"vote_vs_mesa", "election", "seats", "ensemble"}
    assert all(r.ratio is not None and r.ratio > 0 for r in goals)


def test_neopat_bench_json():
    result = CliRunner().invoke(app, ["bench", "--quick", "--only", "seats", "--json"])
    data = json.loads(result.stdout)
    assert [r["bench"] for r in data["rows"]] == ["seats", "seats"]
    failed = any(r["status"] == "FAIL" for r in data["rows"])
    assert result.exit_code == (1 if failed else 0), result.output  # the exit status reports goals
    assert data["quick"] is True and "cores" in data["machine"]


def test_main_rejects_unknown_benchmark(capsys):
    try:
        bench.main(["--only", "nope"])
    except SystemExit as exc:
        assert exc.code == 2
    else:
        raise AssertionError("an unknown benchmark name must be refused")


def test_neopat_bench_runs_the_on_request_society_benchmark():
    result = CliRunner().invoke(app, ["bench", "--quick", "--only", "society", "--json"])
    assert result.exit_code in (0, 1), result.output
    rows = json.loads(result.stdout)["rows"]
    assert rows and {r["bench"] for r in rows} == {"society"}
