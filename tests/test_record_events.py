"""The timeline: dated, referenced, split into scenario inputs and model outcomes."""

from __future__ import annotations

from neopat.data.elections import load_elections
from neopat.data.events import load_events, load_input_events
from neopat.data.parties import load_parties


def test_timeline_spans_the_period_and_is_split_into_inputs_and_outcomes():
    events = load_events()
    assert min(e.year for e in events) == 1990 and max(e.year for e in events) == 2008
    roles = {e.role for e in events}
    assert roles == {"input", "outcome"}
    inputs = {e.kind for e in events if e.role == "input"}
    assert {"constitution", "election", "privatisation", "party_law"} <= inputs
    outcomes = {e.kind for e in events if e.role == "outcome"}
    assert {"party_founding", "party_merger", "party_liquidation", "defection"} <= outcomes


def test_every_election_is_on_the_timeline():
    event_dates = {
        e.date for e in load_events() if e.kind in ("election", "referendum", "constitution")
    }
    for election in load_elections():
        assert election.dates[0] in event_dates, election.id


def test_founding_events_agree_with_the_party_table():
    founded = {p.id: p.founded for p in load_parties()}
    for e in load_events():
        if e.kind in ("party_founding", "party_split"):
            new_party = e.actors[0]
            assert founded[new_party] is not None
            assert founded[new_party][:4] == e.date[:4], e.id


def test_input_events_are_ordered_and_carry_no_outcomes():
    inputs = load_input_events()
    assert inputs and all(e.role == "input" for e in inputs)
    dates = [e.date for e in inputs]
    assert dates == sorted(dates, key=lambda d: tuple(int(x) for x in d.split("-")))
    assert "dvk-founded" not in {e.id for e in inputs}
