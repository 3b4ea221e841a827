"""The one parameter catalogue: every model parameter is declared once, in the scenario schema.

A parameter is a pydantic field made by :func:`param`, which records its tier (informal or
formal), group, range, one-line doc and ``source`` (seed lines, or ``default`` where the thesis
is silent). :func:`catalogue` walks the schema and returns one :class:`ParamInfo` per parameter;
the CLI's ``--set``, sweeps, sensitivity groups and the dashboard read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, Field

# "numerical": settings of the simulation itself (e.g. the electorate's sampling fraction),
# not of the regime; kept out of sensitivity, calibration and the informal/formal split
Tier = Literal["informal", "formal", "numerical"]
GROUPS = (
    # informal tier
    "patronage",
    "arbitration",
    "selective application",
    "administrative resources",
    "falsification",
    "clientelism",
    "loyalty",
    "economy",
    "institutional design",
    "parties",
    # formal tier
    "thresholds",
    "electoral formula",
    "tiers",
    "registration minimums",
    # the simulation itself
    "numerical",
)


def param(
    default: Any,
    lo: float | None = None,
    hi: float | None = None,
    *,
    tier: Tier = "informal",
    group: str,
    doc: str,
    source: str,
) -> Any:
    """Declare one catalogue parameter (a pydantic ``Field`` with its catalogue metadata)."""
    if group not in GROUPS:
        raise ValueError(f"unknown parameter group {group!r}")
    extra = {"tier": tier, "group": group, "source": source, "catalogue": True}
    return Field(default, ge=lo, le=hi, description=doc, json_schema_extra=extra)


@dataclass(frozen=True)
class ParamInfo:
    """One catalogue entry."""

    name: str  # dotted path in the scenario, e.g. "arbitration.seizure_fraction"
    type: str
    default: Any
    lo: float | None
    hi: float | None
    tier: str
    group: str
    doc: str
    source: str

    def as_row(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "type": self.type,
            "default": self.default,
            "range": f"[{_fmt(self.lo)}, {_fmt(self.hi)}]",
            "tier": self.tier,
            "group": self.group,
            "doc": self.doc,
            "source": self.source,
        }


def _fmt(bound: float | None) -> str:
    return "" if bound is None else str(bound)


def _bounds(field) -> tuple[float | None, float | None]:
    lo = hi = None
    for meta in field.metadata:
        lo = getattr(meta, "ge", lo)
        hi = getattr(meta, "le", hi)
    return lo, hi


def catalogue(model: type[BaseModel], prefix: str = "") -> list[ParamInfo]:
    """Every catalogue parameter of ``model`` (recursively), with dotted names."""
    out: list[ParamInfo] = []
    for name, field in model.model_fields.items():
        extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
        ann = field.annotation
        if extra.get("catalogue"):
            lo, hi = _bounds(field)
            out.append(
                ParamInfo(
                    name=prefix + name,
                    type=getattr(ann, "__name__", str(ann)),
                    default=field.default,
                    lo=lo,
                    hi=hi,
                    tier=str(extra["tier"]),
                    group=str(extra["group"]),
                    doc=field.description or "",
                    source=str(extra["source"]),
                )
            )
        elif isinstance(ann, type) and issubclass(ann, BaseModel):
            out.extend(catalogue(ann, prefix + name + "."))
    return out
