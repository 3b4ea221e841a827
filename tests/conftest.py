"""Shared fixtures. Tests that read the thesis take its path from NEOPAT_SEED_FILE."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from neopat.cli import app
from neopat.errors import InputError


@pytest.fixture(scope="session")
def seed_file() -> Path:
    """The thesis OCR text. Under CI=true a missing file is a failure, never a skip."""
    value = os.environ.get("NEOPAT_SEED_FILE", "")
    path = Path(value) if value else None
    if path is None or not path.is_file():
        message = f"NEOPAT_SEED_FILE does not point to the thesis text (got {value!r})"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def seed_lines(seed_file: Path) -> list[str]:
    """The thesis as a list of lines (line N is element N-1)."""
    return seed_file.read_text(encoding="utf-8").splitlines()


def _invoke(*args: str) -> tuple[int, str]:
    """Run the CLI in-process; an InputError counts as exit code 2, as in ``neopat.cli.main``."""
    result = CliRunner().invoke(app, list(args))
    if isinstance(result.exception, InputError):
        return 2, str(result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


@pytest.fixture(scope="session")
def invoke() -> Callable[..., tuple[int, str]]:
    """``invoke(*args) -> (exit code, output)`` for ``neopat`` run in-process."""
    return _invoke
