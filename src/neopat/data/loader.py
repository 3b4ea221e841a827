"""Reading record files: CSV rows validated by pydantic models.

Errors name the file, the row (line number) and the field.

The record lives in ``neopat/data/kazakhstan/`` (read with :mod:`importlib.resources`); every loader
takes an optional ``directory`` so a copy of the record can be validated instead.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Annotated, TypeVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ValidationError

from neopat.errors import InputError
from neopat.files import csv_errors, read_text

RECORD_PACKAGE = "neopat.data"
RECORD_FOLDER = "kazakhstan"

Row = TypeVar("Row", bound=BaseModel)

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def check_partial_date(value: str) -> str:
    """Validate a partial date string (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``)."""
    m = _DATE_RE.match(value)
    if not m:
        raise ValueError(f"{value!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(g) if g else None for g in m.groups())
    if not 1900 <= year <= 2100:
        raise ValueError(f"year {year} is outside 1900-2100")
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"month {month} is not 1-12")
    if day is not None and not 1 <= day <= 31:
        raise ValueError(f"day {day} is not 1-31")
    return value


PartialDate = Annotated[str, AfterValidator(check_partial_date)]
"""A date as precise as the thesis gives it: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""


def _check_year(value: int) -> int:
    if not 1900 <= value <= 2100:
        raise ValueError(f"year {value} is outside 1900-2100")
    return value


Year = Annotated[int, AfterValidator(_check_year)]


def split_semicolons(value: object) -> object:
    """Split a ``;``-separated cell into a list (pydantic before-validator)."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(";") if part.strip()]
    return value


SemicolonList = Annotated[list[str], BeforeValidator(split_semicolons)]
"""A ``;``-separated cell read as a list of strings (empty cell: empty list)."""


def date_key(value: str) -> tuple[int, int, int]:
    """Sort key of a partial date (missing month/day sort first)."""
    m = _DATE_RE.match(value)
    if not m:
        raise ValueError(f"{value!r} is not a partial date")
    return tuple(int(g) if g else 0 for g in m.groups())  # type: ignore[return-value]


def date_before(a: str, b: str) -> bool:
    """True when partial date ``a`` is surely earlier than ``b`` (at their common precision)."""
    ka, kb = date_key(a), date_key(b)
    n = min(len(a.split("-")), len(b.split("-")))
    return ka[:n] < kb[:n]


def record_dir(directory: str | Path | None = None) -> Traversable:
    """The record directory: ``directory`` if given, else the packaged Kazakhstan record."""
    if directory is not None:
        path = Path(directory)
        if not path.is_dir():
            problem = "is not a directory" if path.exists() else "does not exist"
            raise InputError(f"record directory {problem}", file=path)
        return path
    return resources.files(RECORD_PACKAGE).joinpath(RECORD_FOLDER)


def _display(base: Traversable, filename: str) -> str:
    return str(base.joinpath(filename)) if isinstance(base, Path) else f"{RECORD_FOLDER}/{filename}"


def read_rows(
    filename: str, model: type[Row], directory: str | Path | None = None
) -> list[tuple[int, Row]]:
    """Read ``filename`` from the record directory and validate each row with ``model``.

    Returns ``(line_number, row)`` pairs. Empty cells take the field default. Raises
    :class:`InputError` naming the file, the line and the field on any problem.
    """
    base = record_dir(directory)
    shown = _display(base, filename)
    entry = base.joinpath(filename)
    if isinstance(entry, Path) and not entry.exists():
        raise InputError("file is missing from the record", file=shown)
    with csv_errors(shown):
        return _validated_rows(read_text(entry, label=shown), model, shown)


def _validated_rows(text: str, model: type[Row], shown: str) -> list[tuple[int, Row]]:
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    fields = model.model_fields
    # Every column must be present (an optional one may be left empty): a dropped column is an
    # editing mistake, not a request for defaults.
    missing = [name for name in fields if name not in header]
    if missing:
        raise InputError(f"missing column(s): {', '.join(missing)}", file=shown, where="header")
    unknown = [name for name in header if name not in fields]
    if unknown:
        raise InputError(f"unknown column(s): {', '.join(unknown)}", file=shown, where="header")
    rows: list[tuple[int, Row]] = []
    for raw in reader:
        line = reader.line_num
        if None in raw:
            raise InputError("more cells than columns", file=shown, where=f"line {line}")
        cells = {k: v.strip() for k, v in raw.items() if v is not None and v.strip() != ""}
        try:
            rows.append((line, model.model_validate(cells)))
        except ValidationError as exc:
            err = exc.errors()[0]
            field = ".".join(str(p) for p in err["loc"]) or "row"
            value = cells.get(str(err["loc"][0])) if err["loc"] else None
            shown_value = f" (value {value!r})" if value is not None else ""
            raise InputError(
                f"{err['msg']}{shown_value}", file=shown, where=f"line {line}, field {field!r}"
            ) from None
    return rows


def check_unique(
    filename: str, rows: Sequence[tuple[int, BaseModel]], key: str, directory=None
) -> None:
    """Raise :class:`InputError` when two rows share the value of ``key``."""
    seen: dict[object, int] = {}
    for line, row in rows:
        value = getattr(row, key)
        if value in seen:
            raise InputError(
                f"duplicate {key} {value!r} (first on line {seen[value]})",
                file=_display(record_dir(directory), filename),
                where=f"line {line}, field {key!r}",
            )
        seen[value] = line


def check_refs(
    filename: str,
    rows: Sequence[tuple[int, BaseModel]],
    field: str,
    known: Iterable[str],
    what: str,
    directory=None,
) -> None:
    """Raise :class:`InputError` when a row's ``field`` (str, list or None) names an unknown id."""
    known_set = set(known)
    for line, row in rows:
        value = getattr(row, field)
        values = value if isinstance(value, list) else [value]
        for v in values:
            if v is not None and v != "" and v not in known_set:
                raise InputError(
                    f"unknown {what} {v!r}",
                    file=_display(record_dir(directory), filename),
                    where=f"line {line}, field {field!r}",
                )


def fail_row(filename: str, line: int, field: str, problem: str, directory=None) -> None:
    """Raise :class:`InputError` for one row and field."""
    raise InputError(
        problem,
        file=_display(record_dir(directory), filename),
        where=f"line {line}, field {field!r}",
    )
