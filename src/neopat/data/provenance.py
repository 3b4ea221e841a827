"""Provenance of record rows: where in the thesis a value comes from.

Every row of the record carries ``source`` (a seed line range such as ``"seed:7259-7283"``),
``match`` (a term, with ``|``-separated aliases for OCR spellings, that appears in those lines),
``derived`` (true when the thesis does not print the value: computed, inferred or assumed) and
``note`` (required when ``derived`` is true or the thesis disagrees with itself).

Data a user supplies (rule sets and party laws of a scenario) may cite any source:
:func:`citation_problem` checks it under a policy, ``"seed"`` for the packaged record and
``"citation"`` for user data.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

MAX_SOURCE_SPAN = 40
_SOURCE_RE = re.compile(r"^seed:(\d+)(?:-(\d+))?$")
_URL_RE = re.compile(r"^https?://[^\s/?#]+\.[^\s/?#]+\S*$")
_DOI_RE = re.compile(r"^doi:10\.\d{4,9}/\S+$")
MIN_CITE = 10  # characters of a free-text `cite:` reference
Policy = Literal["seed", "citation"]


def parse_source(source: str) -> tuple[int, int]:
    """Return the 1-based inclusive line range of ``"seed:A-B"`` (or ``"seed:A"``)."""
    m = _SOURCE_RE.match(source.strip())
    if not m:
        raise ValueError(f"source {source!r} is not of the form 'seed:START-END'")
    start = int(m.group(1))
    end = int(m.group(2) or start)
    if start < 1 or end < start:
        raise ValueError(f"source {source!r} has an empty or reversed line range")
    if end - start + 1 > MAX_SOURCE_SPAN:
        span = end - start + 1
        raise ValueError(f"source {source!r} spans {span} lines (at most {MAX_SOURCE_SPAN})")
    return start, end


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).casefold()


def source_problem(source: str, match: str, seed_lines: Sequence[str]) -> str | None:
    """Why ``source``/``match`` do not hold against the seed, or ``None`` when they do.

    The range must lie inside the seed, and one of the ``|``-separated aliases of ``match``
    must occur (case- and whitespace-insensitive) in the joined lines of the range.
    """
    try:
        start, end = parse_source(source)
    except ValueError as exc:
        return str(exc)
    if end > len(seed_lines):
        return f"source {source!r} ends after the last seed line ({len(seed_lines)})"
    passage = _normalise(" ".join(seed_lines[start - 1 : end]))
    aliases = [a.strip() for a in match.split("|") if a.strip()]
    if not aliases:
        return "match is empty"
    if not any(_normalise(a) in passage for a in aliases):
        return f"none of {aliases!r} occurs in lines {start}-{end}"
    return None


def citation_problem(source: str, match: str, note: str, policy: Policy) -> str | None:
    """Why ``source`` is not a valid citation under ``policy``, or ``None`` when it is.

    ``seed``: a seed range of at most 40 lines with a ``match`` term. ``citation`` also allows
    an ``http(s)://`` URL, ``doi:10.…``, ``cite: <reference>`` in words, or ``assumed`` with a
    ``note`` saying what is assumed and why.
    """
    source = source.strip()
    if source.startswith("seed:") or policy == "seed":
        try:
            parse_source(source)
        except ValueError as exc:
            return str(exc)
        return None if match.strip() else "a seed source needs a `match` term found in its lines"
    if source == "assumed":
        return None if note.strip() else "an assumed value needs a note saying what and why"
    if source.startswith("cite:"):
        ok = len(source[5:].strip()) >= MIN_CITE
        return None if ok else f"a `cite:` reference needs at least {MIN_CITE} characters"
    if _URL_RE.match(source) or _DOI_RE.match(source):
        return None
    return (f"source {source!r} is not a citation: use seed:A-B with a match, an http(s) URL, "
            "doi:10.…, 'cite: <reference>', or 'assumed' with a note")


class Cited(BaseModel):
    """``source``, ``match``, ``derived`` and ``note``; the source is checked by policy
    (:func:`citation_problem`) where the data is loaded."""

    model_config = ConfigDict(extra="forbid")

    source: str
    match: str = ""
    derived: bool = False
    note: str = ""

    @model_validator(mode="after")
    def _derived_needs_note(self):
        if self.derived and not self.note.strip():
            raise ValueError("a derived value needs a note saying how it was obtained")
        return self


class Provenance(Cited):
    """Mixin for record rows: a ``seed:A-B`` ``source`` and its ``match``, ``derived``, ``note``."""

    match: str

    @field_validator("source")
    @classmethod
    def _valid_source(cls, value: str) -> str:
        parse_source(value)
        return value.strip()
