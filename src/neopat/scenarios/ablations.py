"""Ablations: named changes to a scenario that remove one mechanism, the same everywhere they are
used (``neopat validate-history --ablate``, the propositions). ODD §9 describes them.

``informal`` cuts the informal tier's hold on the formal one and nothing else: rules are applied
alike to everyone (no selective enforcement), the count is honest (no falsification), no
administrative pressure, no state control of the media, no clientelist enrolment into parties.
Patronage among elites (rents, offices, arbitration) stays, so the regime survives. It is not
the ``institutionalist`` species, which also changes whom the ruler appoints, how he arbitrates
and what he punishes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from neopat.errors import InputError
from neopat.scenarios.loader import apply_overrides
from neopat.scenarios.spec import RunSpec, prepare


@dataclass(frozen=True)
class Ablation:
    """``overrides`` are ``--set`` assignments; ``drop`` names dated input kinds removed.
    ``removes`` is the level of facts the ablation takes away (its facts are not scored)."""

    name: str
    doc: str
    removes: str | None
    overrides: tuple[str, ...] = ()
    drop: frozenset[str] = frozenset()

    def edit(self, data: dict[str, Any]) -> None:
        """Remove the mechanism from a scenario's mapping."""
        data["inputs"] = [i for i in data.get("inputs", []) if i["kind"] not in self.drop]
        apply_overrides(data, list(self.overrides))

    def apply(self, spec: RunSpec) -> RunSpec:
        return prepare(spec, edits=[self.edit], label=f"{spec.name} without {self.name}")


ABLATIONS: dict[str, Ablation] = {a.name: a for a in (
    Ablation("informal", "the informal tier's hold on the formal one: selective enforcement, "
             "falsification, administrative resources, media control and clientelist "
             "enrolment at zero; patronage among elites stays", None,
             ("selective.selective_enforcement=0", "selective.falsification=0",
              "selective.admin_resources=0", "selective.media_control=0",
              "parties.enrolment_rate=0")),
    Ablation("defections", "elite defection: no elite leaves the ruling coalition", "elites",
             ("loyalty.defection_base=0", "loyalty.contagion=0")),
    Ablation("privatisation", "privatisation: the dated privatisation stages are removed",
             "elites", drop=frozenset({"privatisation"})),
)}


def ablate(spec: RunSpec, name: str) -> RunSpec:
    """``spec`` without the mechanism ``name`` (an :class:`InputError` if unknown)."""
    if name not in ABLATIONS:
        raise InputError(f"unknown ablation {name!r}; choose from {', '.join(ABLATIONS)}",
                         where="--ablate")
    return ABLATIONS[name].apply(spec)
