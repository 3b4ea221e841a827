"""Data access for the views: one run as a :class:`RunView`, from a fresh simulation, a
:class:`~neopat.experiments.runner.RunResult` or a results store.

A store keeps no network and only the long form of elections; :func:`replay` re-runs a stored
run from its stored :class:`~neopat.scenarios.spec.RunSpec` (scenario with span, scale and every
input, parameters, seed: the same spec gives the same run) and checks that the replayed
indicators equal the stored ones before it takes the network and full election records.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from copy import copy
from dataclasses import dataclass, fields
from typing import Any

import pandas as pd

from neopat.experiments.results import Results
from neopat.experiments.runner import RunResult, build_model
from neopat.model import NeopatModel
from neopat.scenarios.spec import RunSpec


@dataclass
class RunView(RunResult):
    """Everything the figures read about one run: a :class:`RunResult` with its network."""

    network: dict[str, Any] | None = None
    replayed: bool = False
    spec: RunSpec | None = None

    def indicator(self, name: str) -> pd.Series:
        """A yearly indicator indexed by year (NaN where the year lacks it)."""
        values = {r["year"]: _number(r.get(name)) for r in self.years}
        return pd.Series(values, dtype=float, name=name)

    def party_frame(self) -> pd.DataFrame:
        cols = ["year", "key", "name", "motive", "stance", "status", "members", "rationale",
                "gd_species", "ideology", "behaviour"]
        return pd.DataFrame(self.parties, columns=cols) if self.parties else pd.DataFrame(
            columns=cols)


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return math.nan
    return float(value)


def network_snapshot(model: NeopatModel) -> dict[str, Any]:
    """The patron-client network at the end of the run, with defectors marked.

    Defectors (elites named by a ``defection`` event) are added when they hold no office any
    more, linked to their faction's patron, so that the figure shows who left."""
    g = model.network()
    defectors = {a for e in model.log if e.mechanism == "defection" for a in e.actors}
    elites = {e.key: e for e in model.elites}
    nodes = []
    for node, attrs in g.nodes(data=True):
        nodes.append({"id": node, "role": attrs.get("role", ""), "faction": attrs.get("faction"),
                      "office": attrs.get("office"), "loyalty": attrs.get("loyalty"),
                      "voters": attrs.get("voters"), "defector": node in defectors})
    edges = [{"source": u, "target": v, "tie": d.get("tie", "")} for u, v, d in g.edges(data=True)]
    patrons = {n["faction"]: n["id"] for n in nodes if n["role"] == "patron"}
    for key in sorted(defectors - set(g.nodes)):
        elite = elites.get(key)
        if elite is None:
            continue
        nodes.append({"id": key, "role": "defector", "faction": elite.faction.key,
                      "office": None, "loyalty": elite.loyalty, "voters": None,
                      "defector": True, "status": elite.status})
        anchor = patrons.get(elite.faction.key, model.ruler.key)
        edges.append({"source": anchor, "target": key, "tie": "defected"})
    year = model.records[-1]["year"] if model.records else model.year
    return {"nodes": nodes, "edges": edges, "year": year}


def simulate(spec: RunSpec, on_year: Callable[[int, int], None] | None = None) -> RunView:
    """Run ``spec`` (the runner's :func:`build_model`); ``on_year(done, total)`` reports
    progress."""
    model = build_model(spec)
    scenario = spec.scenario
    total = scenario.years.end - scenario.years.start + 1
    done = 0
    while model.running:
        model.step()
        done += 1
        if on_year is not None:
            on_year(done, total)
    return from_result(RunResult.from_model(model, spec.seed), network=network_snapshot(model),
                       spec=spec)


def from_result(result: RunResult, network: dict | None = None,
                spec: RunSpec | None = None) -> RunView:
    """A view of ``result`` (its fields' containers copied) with ``network``."""
    return RunView(**{f.name: copy(getattr(result, f.name)) for f in fields(RunResult)},
                   network=network, spec=spec)


def from_store(results: Results, run_id: int) -> RunView:
    """One stored run (indicators, events, elections and parties where the store has them)."""
    runs = results.runs()
    row = runs[runs.run_id == run_id]
    if row.empty:
        from neopat.errors import InputError
        raise InputError(f"no run {run_id} in the store", file=results.path)
    row = row.iloc[0]
    params = results.parameters(run_id)
    wide = results.indicators()
    wide = wide[wide.run_id == run_id].sort_values("year")
    years = [{k: (None if isinstance(v, float) and math.isnan(v) else v)
              for k, v in rec.items() if k != "run_id"} for rec in wide.to_dict("records")]
    for rec in years:
        rec["year"] = int(rec["year"])
    events = [{"year": int(y), "month": int(m), "mechanism": mech, "actors": json.loads(a),
               "source": src, "detail": json.loads(d)}
              for y, m, mech, a, src, d in results.events(run_id)]
    return RunView(scenario=str(row.scenario), seed=int(row.seed), spec=results.spec(run_id),
                   parameters={n: _typed(v, t) for n, v, t in params}, years=years,
                   events=events,
                   elections=_stored_elections(results, run_id),
                   parties=_stored_parties(results, run_id))


def _typed(value: str, type_name: str) -> Any:
    if type_name == "int":
        return int(value)
    if type_name == "float":
        return float(value)
    if type_name == "bool":
        return value == "True"
    return value


def _stored_elections(results: Results, run_id: int) -> list[dict]:
    """Rebuild the contract's election dicts from the long ``elections`` table."""
    frame = results.elections(run_id)
    out = []
    for (year, month, kind, name), g in frame.groupby(["year", "month", "kind", "name"],
                                                      sort=True):
        seats_by_tier: dict[str, dict[str, int]] = {}
        seats: dict[str, int] = {}
        votes: dict[str, int] = {}
        for r in g.itertuples():  # tier "all" carries the national votes and total seats
            if r.tier == "all":
                if r.votes is not None and not pd.isna(r.votes):
                    votes[r.party] = int(r.votes)
            elif r.seats is not None and not pd.isna(r.seats):
                seats_by_tier.setdefault(r.tier, {})[r.party] = int(r.seats)
        for tier in seats_by_tier.values():
            for party, n in tier.items():
                seats[party] = seats.get(party, 0) + n
        out.append({"year": int(year), "month": int(month), "kind": kind, "name": name,
                    "votes": votes, "seats": seats, "seats_by_tier": seats_by_tier})
    out.sort(key=lambda e: (e["year"], e["month"]))
    return out


def _stored_parties(results: Results, run_id: int) -> list[dict]:
    frame = results.parties(run_id)
    return frame.drop(columns="run_id").to_dict("records")


def replay(view: RunView) -> RunView:
    """Re-run a stored run from its stored spec to recover its network and full election
    records; ``view.replayed`` says whether the replay reproduced every stored indicator (it
    does whenever the code is the one that wrote the run)."""
    if view.spec is None:
        return view
    fresh = simulate(view.spec)
    if not same_indicators(view.years, fresh.years):
        return view
    view.network = fresh.network
    # the run's own election dicts carry derived keys (list shares, lists passing) the store's
    # long table does not keep
    view.elections, view.parties = fresh.elections, fresh.parties
    view.replayed = True
    return view


def same_indicators(stored: list[dict], fresh: list[dict]) -> bool:
    """Whether a fresh run's yearly indicators equal the stored ones, every year and key."""
    if [r["year"] for r in stored] != [r["year"] for r in fresh]:
        return False
    for old, new in zip(stored, fresh, strict=True):
        for key, value in old.items():
            a, b = _number(value), _number(new.get(key))
            if not (a == b or (math.isnan(a) and math.isnan(b))):
                return False
    return True
