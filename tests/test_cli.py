"""The command line: help, and bad input handled as exit code 2."""

from __future__ import annotations

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


def test_unknown_command_is_a_usage_error():
    result = run_cli("no-such-command")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
