"""The historical institutional changes (Kazakhstan), in the endogenous menu's terms.

A comparison target for ``neopat institutions`` (never a model input): each row names a menu
option (``neopat.model.formal.menu.OPTIONS``), the year, the direction (``restrictive`` or
``gesture``) and its seed lines.
"""

from __future__ import annotations

from importlib import resources
from typing import Literal

from pydantic import ValidationError

from neopat.data.provenance import Provenance
from neopat.errors import InputError
from neopat.files import read_toml

FILE = "institutional_changes.toml"


class InstitutionalChange(Provenance):
    option: str
    year: int
    direction: Literal["restrictive", "gesture"]


def historical_changes() -> list[InstitutionalChange]:
    """The packaged historical changes, oldest first."""
    label = f"neopat/data/kazakhstan/{FILE}"
    rows = read_toml(resources.files("neopat.data").joinpath("kazakhstan", FILE),
                     label=label).get("change", [])
    out = []
    for i, row in enumerate(rows):
        try:
            out.append(InstitutionalChange.model_validate(row))
        except ValidationError as exc:
            err = exc.errors()[0]
            where = f"change[{i}]." + ".".join(str(p) for p in err["loc"])
            raise InputError(err["msg"], file=label, where=where) from None
    return sorted(out, key=lambda c: c.year)
