"""Typed loader for the assumptions file: what the electorate needs and the thesis does not give.

Every section carries its provenance (``source``, ``match`` for seed ranges, ``assumption``,
``derived``, ``note``). Load with :func:`load_assumptions`; bad files raise
:class:`neopat.errors.InputError` naming the file, the field and the problem.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from neopat.data.provenance import parse_source
from neopat.errors import InputError
from neopat.files import parse_toml, read_text

PACKAGED = ("neopat.data.kazakhstan", "assumptions.toml")
URBAN_TOLERANCE = 0.03


class Sourced(BaseModel):
    """Provenance of one section: a seed range (with ``match``) or a public source in words."""

    model_config = ConfigDict(extra="forbid")

    source: str
    match: str = ""
    assumption: bool = False
    derived: bool = False
    note: str = ""

    @model_validator(mode="after")
    def _provenance(self):
        if self.source.strip().startswith("seed:"):
            parse_source(self.source)
            if not self.match.strip():
                raise ValueError("a seed source needs a `match` term found in those lines")
        elif not self.source.strip():
            raise ValueError("source is empty")
        if (self.assumption or self.derived) and not self.note.strip():
            raise ValueError("an assumed or derived value needs a note")
        return self


class ElectorateSize(Sourced):
    registered_voters: int = Field(gt=0)


class Population(Sourced):
    total: int = Field(gt=0)


class ElectionFigure(Sourced):
    year: int = Field(ge=1985, le=2035)
    kind: Literal["parliament", "president"]
    turnout: float = Field(gt=0.0, le=1.0)
    registered_voters: int | None = Field(default=None, gt=0)


class Turnout(Sourced):
    baseline: float = Field(gt=0.0, lt=1.0)


class Region(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    population: int = Field(gt=0)
    urban_share: float = Field(ge=0.0, le=1.0)


class EarlierUnits(Sourced):
    units: int = Field(gt=0)


class Regions(Sourced):
    units: list[Region] = Field(min_length=1, max_length=255)
    earlier: EarlierUnits | None = None

    @model_validator(mode="after")
    def _unique_names(self):
        names = [r.name for r in self.units]
        if len(set(names)) != len(names):
            raise ValueError("region names must be unique")
        return self


class Urban(Sourced):
    national_share: float = Field(ge=0.0, le=1.0)


class StateEmployment(Sourced):
    share_of_voters: float = Field(ge=0.0, le=1.0)
    urban_factor: float = Field(ge=0.0)


class AgeGroups(Sourced):
    names: list[str] = Field(min_length=1, max_length=255)
    shares: list[float]
    pensioner_group: str

    @model_validator(mode="after")
    def _shares(self):
        if len(self.shares) != len(self.names):
            raise ValueError("names and shares must have the same length")
        if any(s < 0 for s in self.shares) or abs(sum(self.shares) - 1.0) > 1e-6:
            raise ValueError(
                f"shares must be non-negative and sum to 1 (sum {sum(self.shares):.6f})"
            )
        if self.pensioner_group not in self.names:
            raise ValueError(f"pensioner_group {self.pensioner_group!r} is not one of names")
        return self


class Ideal(Sourced):
    mean: float = Field(ge=-1.0, le=1.0)
    sd: float = Field(gt=0.0, le=2.0)
    pensioner_shift: float = Field(ge=-1.0, le=1.0)


class BetaOpinion(Sourced):
    mean: float = Field(gt=0.0, lt=1.0)
    concentration: float = Field(gt=0.0)


class Ties(Sourced):
    state_employee_mean: float = Field(ge=0.0, le=3.0)
    private_mean: float = Field(ge=0.0, le=3.0)


class Assumptions(BaseModel):
    """The whole file."""

    model_config = ConfigDict(extra="forbid")

    electorate: ElectorateSize
    population: Population
    elections: list[ElectionFigure] = []
    turnout: Turnout
    regions: Regions
    urban: Urban
    state_employment: StateEmployment
    age_groups: AgeGroups
    ideal: Ideal
    approval: BetaOpinion
    apathy: BetaOpinion
    ties: Ties

    @model_validator(mode="after")
    def _urban_consistent(self):
        pop = self.population_by_region
        implied = float(np.dot(pop / pop.sum(), self.urban_shares))
        if abs(implied - self.urban.national_share) > URBAN_TOLERANCE:
            raise ValueError(
                f"regional urban shares imply a national share of {implied:.3f}, "
                f"not urban.national_share = {self.urban.national_share}"
            )
        return self

    @property
    def region_names(self) -> list[str]:
        return [r.name for r in self.regions.units]

    @property
    def population_by_region(self) -> np.ndarray:
        return np.array([r.population for r in self.regions.units], dtype=np.float64)

    @property
    def electorate_shares(self) -> np.ndarray:
        """Share of registered voters per region (taken equal to population shares)."""
        pop = self.population_by_region
        return pop / pop.sum()

    @property
    def urban_shares(self) -> np.ndarray:
        return np.array([r.urban_share for r in self.regions.units], dtype=np.float64)

    def election(self, year: int, kind: str) -> ElectionFigure | None:
        """The official figures of one election, if the file has them."""
        return next((e for e in self.elections if e.year == year and e.kind == kind), None)

    def registered_voters(self, year: int | None = None, kind: str = "parliament") -> int:
        """Registered voters of that election when known, else the default full-scale size."""
        found = self.election(year, kind) if year is not None else None
        if found is not None and found.registered_voters is not None:
            return found.registered_voters
        return self.electorate.registered_voters


def _where(error: dict) -> str:
    return ".".join(str(part) for part in error["loc"]) or "(top level)"


def parse_assumptions(text: str, *, file: str | Path = "<string>") -> Assumptions:
    """Validate the text of an assumptions file."""
    raw = parse_toml(text, file)
    try:
        return Assumptions.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        more = f" (and {exc.error_count() - 1} more problems)" if exc.error_count() > 1 else ""
        raise InputError(first["msg"] + more, file=file, where=_where(first)) from exc


def load_assumptions(path: str | Path | None = None) -> Assumptions:
    """Load and validate an assumptions file; ``None`` reads the packaged Kazakhstan file."""
    if path is None:
        ref = resources.files(PACKAGED[0]).joinpath(PACKAGED[1])
        label = f"<packaged>/{PACKAGED[1]}"
        return parse_assumptions(read_text(ref, label=label), file=label)
    return parse_assumptions(read_text(Path(path), what="assumptions file"), file=path)
