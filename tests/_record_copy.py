"""Helpers for tests that validate edited copies of the packaged record."""

from __future__ import annotations

import csv
import shutil
from importlib import resources
from pathlib import Path


def copy_record(dest: Path) -> Path:
    """Copy the packaged Kazakhstan record into ``dest`` and return the copy's directory."""
    src = Path(str(resources.files("neopat.data").joinpath("kazakhstan")))
    target = dest / "kazakhstan"
    shutil.copytree(src, target)
    return target


def edit_cell(directory: Path, filename: str, row_index: int, column: str, value: str) -> int:
    """Set one cell (``row_index`` counts data rows from 0); return the row's line number."""
    path = directory / filename
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
        fieldnames = list(rows[0].keys())
    rows[row_index][column] = value
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fieldnames, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return row_index + 2


def drop_column(directory: Path, filename: str, column: str) -> None:
    """Remove a column from a CSV of the copy."""
    path = directory / filename
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    fieldnames = [c for c in rows[0] if c != column]
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(
            fh, fieldnames=fieldnames, lineterminator="\n", extrasaction="ignore"
        )
        writer.writeheader()
        writer.writerows(rows)
