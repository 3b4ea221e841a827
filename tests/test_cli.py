"""The command line: help, and bad input handled as exit code 2."""

from __future__ import annotations

import json
import subprocess
import sys

from typer.testing import CliRunner


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "neopat", *args], capture_output=True, text=True, check=False
    )


def test_help_lists_every_command():
    from neopat.cli import app

    result = run_cli("--help")
    assert result.returncode == 0
    names = [c.name for c in app.registered_commands] + [g.name for g in app.registered_groups]
    assert len(names) >= 15
    for name in names:
        assert name in result.stdout, name
        sub = CliRunner().invoke(app, [name, "--help"])
        assert sub.exit_code == 0 and "Usage" in sub.output, (name, sub.output)


def test_help_keeps_bracketed_words_and_lists_commands_on_whole_lines():
    """Rich reads ``[word]`` as markup: a TOML table named in a help text (``[defaults]``,
    ``[parameters]``) must be escaped to be shown; the command list gives one sentence each."""
    import re

    import typer

    from neopat.cli import app

    root = typer.main.get_command(app)
    for name, command in root.commands.items():
        texts = [command.help or ""] + [getattr(p, "help", None) or "" for p in command.params]
        words = {w for t in texts for w in re.findall(r"\\\[(\w+)\]", t)}
        shown = " ".join(CliRunner().invoke(app, [name, "--help"], terminal_width=200)
                         .output.split())
        for word in words:
            assert f"[{word}]" in shown, (name, word)
        unescaped = {w for t in texts for w in re.findall(r"(?<!\\)\[([a-z_]+)\]", t)}
        assert not unescaped, (name, unescaped)  # would vanish from the help
    listing = CliRunner().invoke(app, ["--help"], terminal_width=200).output
    assert "summary (defections, faction shares of offices" in listing  # not broken mid-line


def test_unknown_command_is_a_usage_error():
    result = run_cli("no-such-command")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_the_tables_fit_an_80_column_terminal_without_cutting_values():
    import os

    env = {**os.environ, "COLUMNS": "80"}
    for args in (["institutions", "kazakhstan", "--runs", "2"],
                 ["validate-history", "--runs", "2"],
                 ["propositions", "--runs", "2", "--only", "P1b,P8"]):
        result = subprocess.run([sys.executable, "-m", "neopat", *args], capture_output=True,
                                text=True, check=False, env=env)
        assert result.returncode == 0, result.stderr
        lines = result.stdout.splitlines()
        assert max(len(line) for line in lines) <= 80, args
        assert "…" not in result.stdout, args  # no value shortened to an ellipsis


def test_validate_history_runs_a_variant_with_set():
    """``--set`` reaches every run: without co-signing faction-mates the appeals' facts move."""
    def facts(*sets):
        result = subprocess.run([sys.executable, "-m", "neopat", "validate-history", "--runs",
                                 "2", "--workers", "1", "--format", "json", *sets],
                                capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)["facts"]

    assert facts() != facts("--set", "arbitration.faction_solidarity=0")


def test_validate_history_in_sample_never_runs_past_2000():
    """Blind mode: the runs end in 2000 and only the in-sample facts are scored."""
    result = subprocess.run([sys.executable, "-m", "neopat", "validate-history", "--in-sample",
                             "--runs", "2", "--workers", "1", "--ablate", "defections",
                             "--format", "json"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["facts"] and {f["sample"] for f in out["facts"]} == {"in"}
    assert out["score"]["n_held_out"] == 0 and out["score"]["n_in"] == len(out["facts"])
    assert max(p["year"] for p in out["defections_by_year"]) <= 2000
    assert {a["fact"] for a in out["ablations"]} <= {f["fact"] for f in out["facts"]}
