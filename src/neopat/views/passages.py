"""Thesis passages behind a citation: ``seed:A-B`` looked up in the seed file when
``NEOPAT_SEED_FILE`` names it; otherwise the citation alone is shown."""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

from neopat.errors import InputError
from neopat.files import read_text
from neopat.model.events import MECHANISMS

CITATION = re.compile(r"seed:(\d+)(?:-(\d+))?")
MAX_LINES = 40


@lru_cache(maxsize=2)
def _lines(path: str) -> tuple[str, ...]:
    return tuple(read_text(Path(path), what="seed file").splitlines())


def passage(source: str) -> str | None:
    """The seed lines cited by ``source`` (at most 40 per range), or None without a seed file."""
    path = os.environ.get("NEOPAT_SEED_FILE")
    if not path or not Path(path).is_file():
        return None
    lines = _lines(path)
    chunks = []
    for match in CITATION.finditer(source):
        start = int(match.group(1))
        end = min(int(match.group(2) or start), start + MAX_LINES - 1)
        chunks.append("\n".join(lines[start - 1:end]).strip())
    return "\n[…]\n".join(c for c in chunks if c) or None


def explain(mechanism: str, source: str) -> dict[str, str]:
    """What a mechanism does, its citation and the passage (or a note that it is unavailable)."""
    mech = MECHANISMS.get(mechanism)
    try:
        text = passage(source)
    except InputError as exc:
        text = f"{source} (NEOPAT_SEED_FILE cannot be read: {exc})"
    return {
        "mechanism": mechanism,
        "doc": mech.doc if mech else "(no registered description)",
        "source": source,
        "passage": text if text is not None
        else f"{source} (set NEOPAT_SEED_FILE to the thesis text to show the passage)",
    }
