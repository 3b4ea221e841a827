"""The registry of record datasets: list, load, look up rows, validate a whole record directory.

Other modules add their datasets with :func:`register_dataset` (e.g. rule sets and party laws);
modules named in :data:`PLUGIN_MODULES` are imported on first use when they exist, so a dataset
module only has to call :func:`register_dataset` at import time.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from neopat.data import elections, elites, events, parties, tables
from neopat.data.loader import check_refs, read_rows
from neopat.errors import InputError

Loader = Callable[[str | Path | None], Sequence[BaseModel]]
YearSpan = Callable[[dict[str, Any]], tuple[int | None, int | None]]

PLUGIN_MODULES: tuple[str, ...] = ("neopat.data.rule_sets",)
"""Modules imported (when present) so that their datasets register themselves."""


@dataclass(frozen=True)
class Dataset:
    """A named dataset of the record.

    ``loader(directory)`` returns validated rows; ``id_field`` names the field that ``cite``
    looks rows up by (else rows are numbered from 1); ``years(row)`` gives the inclusive span
    of years a displayed row (a dict) covers (``None`` = open) for ``--year`` filters;
    ``records(directory)`` optionally replaces the flat rows for display (e.g. elections
    with their results); ``inputs(row)`` reduces a displayed row to what a simulation may read
    (``None`` drops it), for datasets that mix starting state and outcomes.
    """

    name: str
    loader: Loader
    description: str
    id_field: str | None = None
    years: YearSpan | None = None
    records: Callable[[str | Path | None], list[dict[str, Any]]] | None = None
    inputs: Callable[[dict[str, Any]], dict[str, Any] | None] | None = None

    def load(self, directory: str | Path | None = None) -> list[BaseModel]:
        return list(self.loader(directory))

    def display(
        self, directory: str | Path | None = None, year: int | None = None, inputs_only=False
    ) -> list[dict]:
        """Rows as plain dicts, optionally only those covering ``year`` or only the inputs."""
        if year is not None and self.years is None:
            raise InputError(f"dataset {self.name!r} has no year to filter on", where="--year")
        if inputs_only and self.inputs is None:
            raise InputError(
                f"dataset {self.name!r} has no input view (it is a validation target)",
                where="--inputs-only",
            )
        rows = (
            self.records(directory)
            if self.records is not None
            else [r.model_dump(mode="json") for r in self.load(directory)]
        )
        rows = [provenance_last(row) for row in rows]
        if inputs_only:
            rows = [kept for row in rows if (kept := self.inputs(row)) is not None]
        if year is None:
            return rows
        return [row for row in rows if _covers(self.years(row), year)]


_PROVENANCE = ("source", "match", "derived", "note")


def provenance_last(row: dict[str, Any]) -> dict[str, Any]:
    """The same row with source, match, derived and note as its last keys."""
    ordered = {k: v for k, v in row.items() if k not in _PROVENANCE}
    ordered.update({k: row[k] for k in _PROVENANCE if k in row})
    return ordered


def _covers(span: tuple[int | None, int | None], year: int) -> bool:
    start, end = span
    return (start is None or start <= year) and (end is None or year <= end)


_REGISTRY: dict[str, Dataset] = {}
_plugins_loaded = False


def register_dataset(
    name: str,
    loader: Loader,
    *,
    description: str,
    id_field: str | None = None,
    years: YearSpan | None = None,
    records: Callable[[str | Path | None], list[dict[str, Any]]] | None = None,
    inputs: Callable[[dict[str, Any]], dict[str, Any] | None] | None = None,
    replace: bool = False,
) -> Dataset:
    """Add a dataset to the registry (``replace=True`` to overwrite one of the same name)."""
    if name in _REGISTRY and not replace:
        raise ValueError(f"dataset {name!r} is already registered")
    dataset = Dataset(name, loader, description, id_field, years, records, inputs)
    _REGISTRY[name] = dataset
    return dataset


def _load_plugins() -> None:
    global _plugins_loaded
    if _plugins_loaded:
        return
    _plugins_loaded = True
    for module in PLUGIN_MODULES:
        if importlib.util.find_spec(module) is not None:
            importlib.import_module(module)


def list_datasets() -> list[Dataset]:
    """All registered datasets, in registration order."""
    _load_plugins()
    return list(_REGISTRY.values())


def get_dataset(name: str) -> Dataset:
    """The dataset called ``name``; :class:`InputError` listing the known names otherwise."""
    _load_plugins()
    if name not in _REGISTRY:
        known = ", ".join(_REGISTRY)
        raise InputError(f"unknown dataset {name!r} (known: {known})")
    return _REGISTRY[name]


def load_dataset(name: str, directory: str | Path | None = None) -> list[BaseModel]:
    """Validated rows of dataset ``name`` from the packaged record or ``directory``."""
    return get_dataset(name).load(directory)


def find_row(reference: str, directory: str | Path | None = None) -> tuple[Dataset, BaseModel]:
    """The row named by ``DATASET:ID`` (``ID`` is the id field, or a 1-based row number)."""
    name, sep, key = reference.partition(":")
    if not sep or not key:
        raise InputError(f"{reference!r} is not of the form DATASET:ID (e.g. parties:otan)")
    dataset = get_dataset(name)
    rows = dataset.load(directory)
    if dataset.id_field is not None:
        for row in rows:
            if str(getattr(row, dataset.id_field)) == key:
                return dataset, row
        raise InputError(f"no row with {dataset.id_field} {key!r} in {name}")
    if key.isdigit() and 1 <= int(key) <= len(rows):
        return dataset, rows[int(key) - 1]
    raise InputError(f"{name} has no id field: use a row number 1-{len(rows)}")


def validate_record(directory: str | Path | None = None) -> dict[str, int]:
    """Load every dataset from ``directory`` (all checks run); return row counts per dataset.

    When a ``rule_sets`` dataset with an ``id_field`` is registered, every election's
    ``rule_set`` must name one of its rows.
    """
    counts = {d.name: len(d.load(directory)) for d in list_datasets()}
    rule_sets = _REGISTRY.get("rule_sets")
    if rule_sets is not None and rule_sets.id_field is not None:
        names = {str(getattr(r, rule_sets.id_field)) for r in rule_sets.load(directory)}
        rows = read_rows(elections.ELECTIONS_FILE, elections.Election, directory)
        known = [(line, e) for line, e in rows if e.rule_set]
        check_refs(elections.ELECTIONS_FILE, known, "rule_set", names, "rule set", directory)
    return counts


def _span(first: str | None, last: str | None = None) -> tuple[int | None, int | None]:
    start = int(first[:4]) if first else None
    end = int(last[:4]) if last else None
    return start, end


def _register_builtins() -> None:
    register_dataset(
        "parties",
        parties.load_parties,
        description="Parties, blocs and movements",
        id_field="id",
        years=lambda r: _span(r["founded"]),
    )
    register_dataset(
        "party_stances",
        parties.load_party_stances,
        description="Changes of a party's stance toward the president",
        years=lambda r: _span(r["start"]),
    )
    register_dataset(
        "party_registrations",
        parties.load_party_registrations,
        description="Registration decisions, liquidations, mergers",
        years=lambda r: _span(r["date"], r["date"]),
    )
    register_dataset(
        "registry_counts",
        parties.load_registry_counts,
        description="Printed levels of the party registry (how many parties were registered)",
        years=lambda r: _span(r["date"], r["date"]),
    )
    register_dataset(
        "party_lineage",
        parties.load_party_lineage,
        description="Mergers, splits, renames, successors, bloc membership",
        years=lambda r: _span(r["date"], r["end"] or r["date"]),
    )
    register_dataset(
        "elections",
        elections.load_elections,
        description="Elections and referendums, with results per contestant and tier",
        id_field="id",
        years=lambda r: _span(r["dates"][0], r["dates"][-1]),
        records=elections.elections_with_results,
        inputs=lambda r: {k: v for k, v in r.items() if k != "results"},
    )
    register_dataset(
        "election_results",
        elections.load_election_results,
        description="Seats and votes per contestant and tier",
        years=lambda r: _span(r["election"], r["election"]),
    )
    register_dataset(
        "endorsements",
        elections.load_endorsements,
        description="Party endorsements of presidential candidates",
        years=lambda r: _span(r["election"], r["election"]),
    )
    register_dataset(
        "factions",
        elites.load_factions,
        description="Elite factions (Figure 3.1 reconstructed)",
        id_field="id",
        years=lambda r: (r["entry_year"], None),
        inputs=lambda r: r,
    )
    register_dataset(
        "elites",
        elites.load_elites,
        description="Elites with starting state and outcomes",
        id_field="id",
        years=lambda r: (r["entry_year"], None),
        inputs=lambda r: {k: v for k, v in r.items() if k not in elites.ELITE_OUTCOME_FIELDS},
    )
    register_dataset(
        "elite_offices",
        elites.load_elite_offices,
        description="Offices held (initial = at entry, outcome = later)",
        years=lambda r: (r["start_year"], r["end_year"]),
        inputs=lambda r: r if r["role"] == "initial" else None,
    )
    register_dataset(
        "events",
        events.load_events,
        description="Dated timeline (inputs and outcomes)",
        id_field="id",
        years=lambda r: _span(r["date"], r["date"]),
        inputs=lambda r: r if r["role"] == "input" else None,
    )
    register_dataset(
        "commissions_2007",
        tables.load_commissions_2007,
        description="Table 4.1: 2007 election commission members by nominating party",
    )
    register_dataset(
        "commission_nominees_2004",
        tables.load_commission_nominees_2004,
        description="2004: share of party nominees elected to election commissions",
    )
    register_dataset(
        "memberships",
        tables.load_memberships,
        description="Table 5.1: official memberships",
        years=lambda r: (r["year"], r["year"]),
    )
    register_dataset(
        "ideology",
        tables.load_ideology,
        description="Tables 5.2-5.3: ideological position and value statements",
    )
    register_dataset(
        "polls",
        tables.load_polls,
        description="Chapter Six polls (Table 6.1 and others)",
        years=lambda r: _span(r["date"], r["date"]),
    )


_register_builtins()
