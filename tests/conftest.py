"""Shared fixtures. Tests that read the thesis take its path from NEOPAT_SEED_FILE."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


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
