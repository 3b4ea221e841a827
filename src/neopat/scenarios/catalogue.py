"""The one parameter catalogue: every model parameter is declared once, in the scenario schema.

A parameter is a pydantic field made by :func:`param`, which records its group, range, one-line
doc and ``source`` (seed lines, or ``default`` where the thesis is silent); its tier comes from
the group, through the one table :data:`GROUPS`. It also names the output the catalogue check
(``tests/test_catalogue_check.py``) watches when the parameter moves from one bound to the other
(``output``, an indicator reduction such as ``defections:sum``), the settings under which the
parameter acts (``when``, e.g. ``{"ruler.species": "institutionalist"}``), or why no output of
a run can show it (``inert``). :func:`catalogue` walks the schema and returns one
:class:`ParamInfo` per parameter; the CLI's ``--set``, sweeps, sensitivity groups and the
dashboard read it.

An ``output`` is one of: an indicator of the yearly records reduced as experiments reduce it
(``indicator[:mean|sum|last|first|max|min][@YEAR[-YEAR]]``); ``events:MECHANISM`` (how many
events of that mechanism a run logs), ``events:MECHANISM[key=value]`` (those whose detail has
that value) or ``events:MECHANISM.key`` (the sum of a numeric detail); ``types:FIELD=VALUE``
(the share of party-years whose type has that value, e.g. ``types:rationale=spoiler``). A
parameter without a numeric range is checked at the two values of its ``span``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel, Field

# "numerical": settings of the simulation itself (e.g. the electorate's sampling fraction),
# not of the regime; kept out of sensitivity, calibration and the informal/formal split
Tier = Literal["informal", "formal", "numerical"]
# The one table mapping catalogue groups to tiers (ODD §8). Informal: how the regime and
# society behave, including the ruler's choices of rules ("institutional design"); formal: the
# rules themselves, as sensitivities on top of the rule set and party law in force.
GROUPS: dict[str, Tier] = {
    "patronage": "informal",
    "arbitration": "informal",
    "selective application": "informal",
    "administrative resources": "informal",
    "falsification": "informal",
    "clientelism": "informal",
    "loyalty": "informal",
    "economy": "informal",
    "institutional design": "informal",
    "parties": "informal",
    "vote choice": "informal",
    "society": "informal",
    "typology": "informal",
    "thresholds": "formal",
    "electoral formula": "formal",
    "tiers": "formal",
    "registration minimums": "formal",
    "numerical": "numerical",
}
TIERS: tuple[Tier, ...] = ("informal", "formal")  # the variance split's two tiers


def param(
    default: Any,
    lo: float | None = None,
    hi: float | None = None,
    *,
    group: str,
    doc: str,
    source: str,
    output: str = "",
    when: dict[str, Any] | None = None,
    inert: str = "",
    span: tuple[Any, Any] | None = None,
) -> Any:
    """Declare one catalogue parameter (a pydantic ``Field`` with its catalogue metadata)."""
    if group not in GROUPS:
        raise ValueError(f"unknown parameter group {group!r}")
    extra = {"group": group, "source": source, "catalogue": True, "output": output,
             "when": dict(when or {}), "inert": inert, "span": list(span or ())}
    return Field(default, ge=lo, le=hi, description=doc, json_schema_extra=extra)


@dataclass(frozen=True)
class ParamInfo:
    """One catalogue entry."""

    name: str  # dotted path in the scenario, e.g. "arbitration.seizure_fraction"
    type: str
    default: Any
    lo: float | None
    hi: float | None
    group: str
    doc: str
    source: str
    output: str = ""  # the output the catalogue check watches (indicator[:reducer][@years])
    when: dict[str, Any] = field(default_factory=dict)  # settings under which it acts
    inert: str = ""  # why no output of a run can show it (then ``output`` is empty)
    span: tuple[Any, ...] = ()  # the two values a check compares (default: the bounds)

    @property
    def tier(self) -> Tier:
        return GROUPS[self.group]

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


def _span(ann, lo, hi) -> tuple[Any, ...]:
    """The two values a check compares: the bounds; False and True; a Literal's first and
    last choice."""
    if ann is bool:
        return (False, True)
    if get_origin(ann) is Literal:
        choices = get_args(ann)
        return (choices[0], choices[-1])
    return () if lo is None or hi is None else (lo, hi)


def catalogue(model: type[BaseModel], prefix: str = "") -> list[ParamInfo]:
    """Every catalogue parameter of ``model`` (recursively), with dotted names."""
    out: list[ParamInfo] = []
    for name, fld in model.model_fields.items():
        extra = fld.json_schema_extra if isinstance(fld.json_schema_extra, dict) else {}
        ann = fld.annotation
        if extra.get("catalogue"):
            lo, hi = _bounds(fld)
            out.append(
                ParamInfo(
                    name=prefix + name,
                    type=getattr(ann, "__name__", str(ann)),
                    default=fld.default,
                    lo=lo,
                    hi=hi,
                    group=str(extra["group"]),
                    doc=fld.description or "",
                    source=str(extra["source"]),
                    output=str(extra.get("output", "")),
                    when=dict(extra.get("when") or {}),
                    inert=str(extra.get("inert", "")),
                    span=tuple(extra.get("span") or _span(ann, lo, hi)),
                )
            )
        elif isinstance(ann, type) and issubclass(ann, BaseModel):
            out.extend(catalogue(ann, prefix + name + "."))
    return out
