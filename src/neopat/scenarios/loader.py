"""Load and validate scenarios (packaged names or TOML files), with ``--set`` overrides."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from neopat.errors import InputError
from neopat.files import read_toml
from neopat.scenarios.catalogue import ParamInfo, catalogue
from neopat.scenarios.schema import Scenario


def packaged_names() -> list[str]:
    """Names of the scenarios shipped with neopat."""
    folder = resources.files("neopat.scenarios") / "packaged"
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml"))


def parameter_catalogue() -> list[ParamInfo]:
    """The one parameter catalogue (every model parameter, declared in the scenario schema)."""
    return catalogue(Scenario)


def _read(ref: str | Path) -> tuple[dict[str, Any], str]:
    path = Path(ref)
    if path.suffix == ".toml" or path.is_file():
        return read_toml(path, what="scenario file"), str(path)
    if str(ref) not in packaged_names():
        raise InputError(f"unknown scenario {ref!r}; packaged: {', '.join(packaged_names())}")
    res = resources.files("neopat.scenarios") / "packaged" / f"{ref}.toml"
    return read_toml(res, label=f"{ref}.toml"), f"{ref}.toml"


def _coerce(info: ParamInfo, raw: str) -> Any:
    try:
        if info.type == "int":
            return int(raw)
        if info.type == "float":
            return float(raw)
        if info.type == "bool":
            if raw.lower() not in {"true", "false", "1", "0"}:
                raise ValueError(raw)
            return raw.lower() in {"true", "1"}
    except ValueError as exc:
        raise InputError(f"{raw!r} is not a valid {info.type}", where=info.name) from exc
    return raw


def apply_overrides(data: dict[str, Any], overrides: list[str]) -> dict[str, Any]:
    """Set ``dotted.name=value`` pairs (catalogue parameters only, type-checked) in ``data``."""
    known = {p.name: p for p in parameter_catalogue()}
    for item in overrides:
        if "=" not in item:
            raise InputError(f"expected dotted.name=value, got {item!r}", where="--set")
        name, raw = (s.strip() for s in item.split("=", 1))
        if name not in known:
            raise InputError(f"{name!r} is not a catalogue parameter", where="--set")
        node = data
        *parents, leaf = name.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = _coerce(known[name], raw)
    return data


def validate_scenario(data: dict[str, Any], label: str) -> Scenario:
    """Validate a scenario mapping, turning the first problem into an :class:`InputError`; the
    rule sets and party laws it names must be ones the rules engine knows."""
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or None
        problem = ("unknown key" if err["type"] == "extra_forbidden"
                   else err["msg"].removeprefix("Value error, "))
        raise InputError(problem, file=label, where=where) from None
    _check_names(scenario, label)
    return scenario


@cache
def _known_names() -> tuple[list[str], list[str]]:
    """The rule sets and party laws the rules engine knows (read once)."""
    from neopat.data.rule_sets import list_party_laws, list_rule_sets

    return [r.name for r in list_rule_sets()], [law.name for law in list_party_laws()]


def _check_names(scenario: Scenario, label: str) -> None:
    rule_sets, laws = _known_names()
    named = [(f"inputs.{i}.name", inp.name) for i, inp in enumerate(scenario.inputs)
             if inp.kind == "rule_set"]
    for where, name, known, what in [
            *((w, n, rule_sets, "rule set") for w, n in named),
            ("institutions.initial_rule_set", scenario.institutions.initial_rule_set, rule_sets,
             "rule set"),
            ("institutions.initial_party_law", scenario.institutions.initial_party_law, laws,
             "party law")]:
        if name not in known:
            raise InputError(f"unknown {what} {name!r}; known: {', '.join(known)}", file=label,
                             where=where)


def load_scenario(ref: str | Path, overrides: list[str] | None = None) -> Scenario:
    """Load a packaged scenario by name or a TOML file, apply overrides and validate."""
    data, label = _read(ref)
    apply_overrides(data, list(overrides or []))
    return validate_scenario(data, label)
