"""The one exception type for bad user input (files, fields, values).

Every layer raises :class:`InputError` for input a user can fix; the CLI turns it into a
one-line message and exit code 2, never a traceback.
"""

from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """Bad input: names the file, the place in it (row, field) and the problem."""

    def __init__(self, problem: str, *, file: str | Path | None = None, where: str | None = None):
        self.problem = problem
        self.file = str(file) if file is not None else None
        self.where = where
        super().__init__(str(self))

    def __str__(self) -> str:
        parts = [p for p in (self.file, self.where) if p]
        prefix = ": ".join(parts)
        return f"{prefix}: {self.problem}" if prefix else self.problem
