"""Load and validate scenarios (packaged names or TOML files), with ``--set`` overrides.

Parameters the scenario does not set take their calibrated default where there is one
(:mod:`neopat.data.calibrated`), else the schema's.

A scenario's ``libraries`` may name TOML files next to it (``[[rule_set]]``/``[[party_law]]``
tables citing any source); they are read here and become the scenario's own rule sets and laws.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from neopat.data.calibrated import calibrated_defaults
from neopat.data.rule_sets import parse_library
from neopat.errors import InputError
from neopat.files import read_text, read_toml
from neopat.scenarios.catalogue import ParamInfo, catalogue
from neopat.scenarios.schema import Scenario


def packaged_names() -> list[str]:
    """Names of the scenarios shipped with neopat."""
    folder = resources.files("neopat.scenarios") / "packaged"
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml"))


def parameter_catalogue() -> list[ParamInfo]:
    """The one parameter catalogue (every model parameter, declared in the scenario schema)."""
    return catalogue(Scenario)


def _read(ref: str | Path) -> tuple[dict[str, Any], str, Traversable]:
    """The scenario's mapping, its label for messages and the folder its files are read from."""
    path = Path(ref)
    if path.suffix == ".toml" or path.is_file():
        return read_toml(path, what="scenario file"), str(path), path.parent
    if str(ref) not in packaged_names():
        raise InputError(f"unknown scenario {ref!r}; packaged: {', '.join(packaged_names())}")
    folder = resources.files("neopat.scenarios") / "packaged"
    return read_toml(folder / f"{ref}.toml", label=f"{ref}.toml"), f"{ref}.toml", folder


def _include_files(data: dict[str, Any], folder: Traversable) -> None:
    """Replace each ``libraries`` entry ending in ``.toml`` (a path relative to ``folder``) by
    its rule sets and party laws, appended to the scenario's own and checked with the file
    named (any citation)."""
    libraries = data.get("libraries")
    if not isinstance(libraries, list):
        return  # absent, or refused by the schema
    data["libraries"] = []
    for entry in libraries:
        if not (isinstance(entry, str) and entry.endswith(".toml")):
            data["libraries"].append(entry)
            continue
        file = folder.joinpath(entry)
        if not file.is_file():
            raise InputError("rule-set and party-law file not found", file=file,
                             where="libraries")
        found = parse_library(read_text(file, what="rule-set file"), str(file), "citation")
        for kind, items in found._asdict().items():
            own = data.setdefault(kind, [])
            if isinstance(own, list):  # anything else is refused by the schema
                own.extend(item.model_dump(mode="json") for item in items.values())


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
        set_value(data, name, _coerce(known[name], raw))
    return data


def set_value(data: dict[str, Any], name: str, value: Any) -> None:
    """Set the dotted parameter ``name`` in a scenario mapping (blocks made as needed)."""
    node = data
    *parents, leaf = name.split(".")
    for part in parents:
        node = node.setdefault(part, {})
    node[leaf] = value


def validate_scenario(data: dict[str, Any], label: str) -> Scenario:
    """Validate a scenario mapping (the rule sets and party laws it names included), turning the
    first problem into an :class:`InputError`."""
    try:
        return Scenario.model_validate(data)
    except InputError as exc:  # a check across fields (the formal calendar)
        raise InputError(exc.problem, file=label, where=exc.where) from None
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or None
        problem = ("unknown key" if err["type"] == "extra_forbidden"
                   else err["msg"].removeprefix("Value error, "))
        raise InputError(problem, file=label, where=where) from None


def _calibrated(data: dict[str, Any]) -> None:
    """Give each calibrated parameter ``data`` does not set its calibrated default."""
    for name, value in calibrated_defaults().items():
        node = data
        *parents, leaf = name.split(".")
        for part in parents:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                break  # refused by the schema
        else:
            node.setdefault(leaf, value)


def read_scenario(ref: str | Path, *, calibrated: bool = True) -> tuple[dict[str, Any], str]:
    """A packaged scenario's or a TOML file's mapping, its rule-set files included and (unless
    ``calibrated=False``: a new calibration starts from the schema's declared defaults) the
    calibrated defaults filled in, not yet validated; and its label for messages."""
    data, label, folder = _read(ref)
    _include_files(data, folder)
    if calibrated:
        _calibrated(data)
    return data, label


def load_scenario(ref: str | Path, overrides: list[str] | None = None, *,
                  calibrated: bool = True) -> Scenario:
    """Load a packaged scenario by name or a TOML file, apply overrides and validate."""
    data, label = read_scenario(ref, calibrated=calibrated)
    apply_overrides(data, list(overrides or []))
    return validate_scenario(data, label)
