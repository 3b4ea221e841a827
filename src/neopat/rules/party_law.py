"""Party registration under a party law: an impartial check, then a strict or lenient verdict.

:func:`check` measures an application against every requirement of the law (total members,
members per region in enough regions, founding-congress size, banned bases, a banned name,
document validity) and names each unmet one. :func:`verdict` then applies them:

- ``strict``: any unmet requirement denies registration; under a law that says so
  (``PartyLaw.void_on_invalid``: the Kazakh laws from 2002) a single invalid membership form
  voids the application ("if just one signature is found to be illegitimate then the whole
  registration process can be cancelled", seed lines 10926-10932). Under other laws invalid
  forms only do not count as members.
- ``lenient``: numeric shortfalls up to ``Leniency.shortfall`` (relative) and invalid forms up to
  ``Leniency.invalid_share`` are tolerated (default 1.5 %, the invalid share accepted for the
  president's nomination while Alga was refused at 0.7 %, seed lines 11101-11115). Banned bases
  and banned names are never tolerated.

Who gets which application is decided by the caller (the model's informal layer): the thesis
reports the law "applied leniently to pro-presidential parties and strictly to opposition parties".
Member counts are the valid ones: forms submitted times ``1 - invalid_share``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Literal

from neopat.data.rule_sets import PartyLaw
from neopat.errors import InputError

Strictness = Literal["strict", "lenient"]


@dataclass(frozen=True)
class Application:
    """What a party submits: members by region, congress attendance, declared bases, its name."""

    members: Mapping[str, int]
    founders: int | None = None
    bases: Collection[str] = ()
    name: str = ""
    invalid_share: float = 0.0


@dataclass(frozen=True)
class Leniency:
    """How much lenient application tolerates, as shares (invalid forms; relative shortfall)."""

    invalid_share: float = 0.015
    shortfall: float = 0.0


@dataclass(frozen=True)
class Requirement:
    """One requirement: what the law asks, what the application has, and the relative shortfall."""

    name: str
    required: str
    actual: str
    met: bool
    shortfall: float = 0.0
    numeric: bool = True


@dataclass(frozen=True)
class Verdict:
    law: str
    registered: bool
    strictness: Strictness
    requirements: tuple[Requirement, ...]
    tolerated: tuple[str, ...] = ()

    @property
    def unmet(self) -> tuple[Requirement, ...]:
        return tuple(r for r in self.requirements if not r.met)

    @property
    def reasons(self) -> tuple[str, ...]:
        """One line per unmet requirement (tolerated ones say so)."""
        return tuple(
            f"{r.name}: requires {r.required}, has {r.actual}"
            + (" (tolerated)" if r.name in self.tolerated else "")
            for r in self.unmet
        )


def _numeric(name: str, required: int, actual: float) -> Requirement:
    short = max(0.0, (required - actual) / required) if required else 0.0
    return Requirement(name, f"{required:,}", f"{actual:,.0f}", actual >= required, short)


def check(
    app: Application, law: PartyLaw, *, banned_names: Collection[str] = ()
) -> list[Requirement]:
    """Every requirement of ``law`` measured on ``app`` (impartial: no tolerance applied);
    document validity is a requirement only where the law voids a file for an invalid form."""
    if any(n < 0 for n in app.members.values()):
        raise InputError("member counts must be non-negative", where="members")
    if not 0.0 <= app.invalid_share <= 1.0:
        raise InputError("invalid_share must lie between 0 and 1", where="invalid_share")
    valid = 1.0 - app.invalid_share
    members = {r: n * valid for r, n in app.members.items()}
    reqs: list[Requirement] = []
    if law.min_members is not None:
        reqs.append(_numeric("total members", law.min_members, sum(members.values())))
    if law.regional is not None:
        rule = law.regional
        if len(members) > rule.n_regions:
            raise InputError(
                f"members are listed in {len(members)} regions, the law counts {rule.n_regions}",
                where="regions")
        covered = [r for r, n in members.items() if n >= rule.min_per_region]
        need = rule.regions_required
        req = _numeric(f"regions with at least {rule.min_per_region:,} members", need, len(covered))
        short = sorted(set(members) - set(covered))
        if short:
            req = Requirement(req.name, req.required, f"{len(covered)} (short: {', '.join(short)})",
                              req.met, req.shortfall)
        reqs.append(req)
    if law.min_founders is not None:
        actual = app.founders if app.founders is not None else 0
        reqs.append(_numeric("founding congress", law.min_founders, actual))
    banned = sorted({b.casefold() for b in app.bases} & {b.casefold() for b in law.banned_bases})
    if law.banned_bases:
        reqs.append(Requirement("banned basis", "none of " + ", ".join(law.banned_bases),
                                ", ".join(banned) or "none", not banned, numeric=False))
    if law.banned_name_reuse and app.name:
        reused = app.name.casefold() in {n.casefold() for n in banned_names}
        reqs.append(Requirement("name of a banned party", "not reused",
                                app.name if reused else "not reused", not reused, numeric=False))
    if law.void_on_invalid:
        invalid = f"{app.invalid_share:.2%} invalid"
        reqs.append(Requirement("valid documents", "no invalid forms", invalid,
                                app.invalid_share == 0, app.invalid_share))
    return reqs


def verdict(
    app: Application,
    law: PartyLaw,
    *,
    strictness: Strictness = "strict",
    leniency: Leniency = Leniency(),
    banned_names: Collection[str] = (),
) -> Verdict:
    """Register or deny ``app`` under ``law``, applied as strictly as the caller says."""
    reqs = tuple(check(app, law, banned_names=banned_names))
    tolerated: list[str] = []
    if strictness == "lenient":
        for r in reqs:
            limit = leniency.invalid_share if r.name == "valid documents" else leniency.shortfall
            if not r.met and r.numeric and r.shortfall <= limit:
                tolerated.append(r.name)
    registered = all(r.met or r.name in tolerated for r in reqs)
    return Verdict(law.name, registered, strictness, reqs, tuple(tolerated))
