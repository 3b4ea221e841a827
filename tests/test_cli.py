"""The command line: help, and bad input handled as exit code 2."""

from __future__ import annotations

import subprocess
import sys


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "neopat", *args], capture_output=True, text=True, check=False
    )


def test_help_lists_commands():
    result = run_cli("--help")
    assert result.returncode == 0
    assert "neopat" in result.stdout


def test_unknown_command_is_a_usage_error():
    result = run_cli("no-such-command")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
