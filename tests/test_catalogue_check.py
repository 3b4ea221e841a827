"""The catalogue check, in the spirit of scikit-learn's ``check_estimator``: every parameter is
run at both ends of its span (its bounds; False and True; a choice's first and last value; or
the two values its entry names) on
the reference scenario, and each run must succeed; then the output its catalogue entry names
must move by more than twice the between-seed spread over five common seeds — or the entry
says why no output of a run can show it (``inert``). A parameter that acts only in some
setting (``when``, e.g. the institutionalist species) is checked in that setting. An entry
declared inert because no output moves at the calibrated defaults (``schema.quiet``) is held to
it: no surveyed output (every recorded indicator and mechanism event count) may move more than
2.2 between-seed spreads on both of two sets of five seeds.

Cost: the reference scenario at the smallest scale (``scale_floor``), 1990-2008, its starting
state read from the record once, one test per parameter of 10 runs (2 for an inert one, which
only has to run) of 0.07-0.12 CPU-seconds each, and 20 more for each quiet one: 4-6.5
CPU-minutes for the whole catalogue.
"""

from __future__ import annotations

import math
import re
from functools import cache

import numpy as np
import pytest

from neopat.experiments.outputs import RECORDED, Output
from neopat.model.events import MECHANISMS
from neopat.model.model import NeopatModel
from neopat.model.population import from_record
from neopat.scenarios import load_scenario, parameter_catalogue
from neopat.scenarios.schema import QUIET, scale_floor

SCENARIO = "kazakhstan"
SEEDS = (1, 2, 3, 4, 5)
SECOND_SEEDS = (6, 7, 8, 9, 10)
SURVEYED = [f"{r}:{a}" for r in RECORDED for a in ("mean", "sum", "last", "first", "max", "min")]
SURVEYED += [f"events:{m}" for m in MECHANISMS]
CATALOGUE = {p.name: p for p in parameter_catalogue()}
EVENTS = re.compile(r"^events:(?P<mech>\w+)(?:\[(?P<key>\w+)=(?P<value>[\w-]+)\]|\.(?P<sum>\w+))?$")
TYPES = re.compile(r"^types:(?P<field>rationale|gd_species|ideology|behaviour)=(?P<value>\w+)$")


def statistic(output: str, model: NeopatModel) -> float:
    """The value of a catalogue ``output`` (see ``neopat.scenarios.catalogue``) for one run."""
    if m := EVENTS.match(output):
        events = [e for e in model.log if e.mechanism == m["mech"]]
        if m["key"]:
            return float(sum(str(e.detail.get(m["key"])) == m["value"] for e in events))
        if m["sum"]:
            return float(sum(float(e.detail.get(m["sum"]) or 0.0) for e in events))
        return float(len(events))
    if m := TYPES.match(output):
        rows = model.party_rows
        return sum(str(r.get(m["field"])) == m["value"] for r in rows) / max(len(rows), 1)
    return Output.parse(output).value(model.records)


@cache
def _record_state():
    return from_record()


def run(sets: list[str], seed: int) -> NeopatModel:
    """One run of the reference scenario with ``--set`` overrides at the smallest scale."""
    scenario = load_scenario(SCENARIO, sets).model_copy(update={"scale": scale_floor()[0]})
    return NeopatModel(scenario, seed=seed, state=_record_state()).run()


def _text(value) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def _sets(name: str, end: int) -> list[str]:
    """The ``--set`` overrides that put ``name`` at one end of its span (0 or 1), in its setting."""
    p = CATALOGUE[name]
    return [f"{k}={_text(v)}" for k, v in p.when.items()] + [f"{name}={_text(p.span[end])}"]


def _effect_and_spread(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """How far a statistic moves from one end to the other, and its between-seed spread."""
    return abs(b.mean() - a.mean()), math.sqrt((a.var(ddof=1) + b.var(ddof=1)) / 2)


@cache
def outputs(name: str, end: int) -> tuple[tuple[float, ...], tuple[str, ...]]:
    """The output of ``name`` at one end of its span (0 or 1) for each common seed."""
    p = CATALOGUE[name]
    sets = _sets(name, end)
    models = [run(sets, s) for s in (SEEDS if p.output else SEEDS[:1])]  # inert: runs succeed
    return tuple(statistic(p.output, m) if p.output else math.nan for m in models), sets


def test_every_parameter_names_an_output_or_why_not():
    mechanisms = set(MECHANISMS)
    for p in CATALOGUE.values():
        assert bool(p.output) != bool(p.inert), f"{p.name}: name an output or say why inert"
        assert len(p.span) == 2 and p.span[0] != p.span[1], p.name
        assert set(p.when) <= set(CATALOGUE) and p.name not in p.when, p.name
        if m := EVENTS.match(p.output):
            assert m["mech"] in mechanisms, (p.name, p.output)
        elif p.output and not TYPES.match(p.output):
            assert Output.parse(p.output).indicator in RECORDED, (p.name, p.output)


def test_the_statistics_read_a_run():
    seed, model = next((s, m) for s in range(1, 20) for m in [run([], s)]  # a punishment and a
                       if any(e.mechanism == "punishment" for e in m.log)  # vehicle in the run
                       and any(p.motive == "presidential" for p in m.parties))
    scenario = load_scenario(SCENARIO).model_copy(update={"scale": scale_floor()[0]})
    assert scenario.population.source == "record"  # so the cached starting state is the run's
    assert NeopatModel(scenario, seed=seed).run().records == model.records
    punished = statistic("events:punishment", model)
    assert punished == sum(r["punished"] for r in model.records) > 0
    assert statistic("events:punishment[outcome=exiled]", model) \
        + statistic("events:punishment[outcome=imprisoned]", model) == punished
    assert statistic("events:punishment.seized", model) > 0
    assert 0 < statistic("types:rationale=presidential_vehicle", model) < 1
    assert statistic("defections:sum", model) == sum(r["defections"] for r in model.records)


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_parameter_runs_at_both_ends_and_moves_its_output(name):
    p = CATALOGUE[name]
    (lo, _), (hi, sets) = outputs(name, 0), outputs(name, 1)
    if p.inert:
        return  # both ends ran; the entry says why no output shows it
    a, b = np.array(lo), np.array(hi)
    assert np.isfinite(a).all() and np.isfinite(b).all(), f"{p.output} undefined in a run"
    effect, spread = _effect_and_spread(a, b)
    assert effect > 2 * spread and effect > 0, (
        f"{name}: {p.output} moves {effect:.4g} from {p.span[0]} to {p.span[1]} "
        f"({' '.join(sets[:-1]) or 'defaults'}), between-seed spread {spread:.4g}")


def _moves(name: str, seeds: tuple[int, ...]) -> dict[str, float]:
    """Every surveyed output's move from one end of ``name``'s span to the other, in
    between-seed spreads (outputs undefined in a run left out)."""
    ends = []
    for end in (0, 1):
        models = [run(_sets(name, end), s) for s in seeds]
        ends.append({c: np.array([statistic(c, m) for m in models]) for c in SURVEYED})
    moves = {}
    for c, a in ends[0].items():
        b = ends[1][c]
        if not (np.isfinite(a).all() and np.isfinite(b).all()) or a.mean() == b.mean():
            continue
        effect, spread = _effect_and_spread(a, b)
        moves[c] = effect / spread if spread > 0 else math.inf
    return moves


@pytest.mark.parametrize("name", sorted(n for n, p in CATALOGUE.items() if p.inert.startswith(QUIET)))
def test_a_quiet_parameter_moves_no_surveyed_output(name):
    first, second = _moves(name, SEEDS), _moves(name, SECOND_SEEDS)
    moved = {c: round(min(m, second[c]), 2) for c, m in first.items()
             if c in second and min(m, second[c]) > 2.2}
    assert not moved, f"{name} is declared inert but moves {moved}: name one as its output"
