"""The validation against the record: the facts' arithmetic on hand-made runs (a degenerate run
must score outside every band), the ablations and the null models on unit cases, and, over
20 seeds of the packaged `kazakhstan` scenario, what the ablations lose; over the ensemble the
command grows from those seeds until the facts are stable, whether the waves beat the nulls.
What does not hold yet is a strict xfail carrying the measured value."""

from __future__ import annotations

import numpy as np
import pytest

from _runs import run_many
from neopat.errors import InputError
from neopat.experiments.runner import RunResult, spawn_seeds
from neopat.model.population import from_record
from neopat.scenarios import load_scenario, prepare
from neopat.scenarios.ablations import ABLATIONS, ablate
from neopat.validation import ablation, nulls
from neopat.validation.facts import (
    LEVELS,
    contestants,
    defection_profile,
    facts,
    parliament,
    score_facts,
    stance,
    wave_years,
)
from neopat.validation.stability import stable_ensemble

RUNS = 20


def election(year, votes, seats, stances, **extra):
    return {"kind": "parliament", "year": year, "votes": votes, "seats": seats,
            "stances": stances, "list_seats": extra.pop("list_seats", {}), **extra}


def run_with(elections=(), parties=(), events=(), years=None):
    years = years or [{"year": y, "registered_parties": 0, "membership": 0,
                       "excluded_elites": 0} for y in range(1990, 2009)]
    return RunResult("kazakhstan", 0, {}, list(years), list(events), list(elections),
                     list(parties))


# -- the catalogue --------------------------------------------------------------------------------
def test_catalogue_spans_three_levels_and_both_samples():
    cat = facts()
    assert len(cat) >= 15 and len({f.key for f in cat}) == len(cat)
    assert {f.level for f in cat} == set(LEVELS)
    held_out = [f for f in cat if f.sample == "held_out"]
    assert len(held_out) >= 4 and all(max(f.years) > 2000 for f in held_out)
    for f in cat:
        assert f.source.startswith("seed:") and f.low <= f.high
        assert set(f.direction) <= set(ABLATIONS)


def test_a_run_without_elections_or_parties_is_outside_every_band():
    empty = run_with()
    rows, score = score_facts([empty, empty])
    assert score["in"] == score["held_out"] == 0, [r["fact"] for r in rows if r["inside"]]


def test_uncomputable_runs_cannot_pull_a_median_into_the_band():
    v8 = next(f for f in facts() if f.key == "V8")  # band 0.18-0.72
    assert v8.reduce([0.5] * 12 + [None] * 8) == 0.5  # inside whichever side they count on
    overshoot = [0.9] * 6 + [0.5] * 6 + [None] * 8  # below all: 0.5; above all: 0.9
    assert not v8.inside(v8.reduce(overshoot))
    ratios = [0.55, 0.58, 0.76, 0.77, 0.77, 0.88] + [1.0] * 6  # 8 runs with no opposition
    assert v8.inside(float(np.median([-np.inf] * 8 + ratios)))  # 0.67 if they counted as -inf
    assert not v8.inside(v8.reduce(ratios + [None] * 8))
    assert not v8.inside(v8.reduce([None] * 20))


def test_a_one_list_ballot_does_not_pass_the_2007_fact():
    """The vehicle alone over the threshold counts only on a ballot like the record's."""
    vehicle = {"year": 2007, "key": "presidential-1", "motive": "presidential",
               "stance": "pro", "status": "registered", "members": 600_000}
    alone = election(2007, {"presidential-1": 880, "against_all": 120}, {"presidential-1": 98},
                     {"presidential-1": "pro"}, list_seats={"presidential-1": 98})
    lists = {f"p{i}": 10 for i in range(5)}
    crowded = election(2007, {"presidential-1": 880, **lists}, {"presidential-1": 98},
                       {"presidential-1": "pro", **dict.fromkeys(lists, "pro"),
                        "p0": "opposition"}, list_seats={"presidential-1": 98})
    v5 = next(f for f in facts() if f.key == "V5")
    assert v5.quantity(run_with([alone], [vehicle])) is False
    assert v5.quantity(run_with([crowded], [vehicle])) is True


def test_commission_facts_read_the_nominations():
    """V8 and V9 on the record's own figures: 2004's acceptance rates (seed:10342-10360) and
    2007's Table 4.1 (seed:10374-10407); without nominations neither is computable."""
    stances = {"asar": "pro", "otan": "pro", "ak_zhol": "opposition", "dvk": "opposition"}
    rates = {"asar": 99, "otan": 98, "ak_zhol": 51, "dvk": 20}
    seats = {k: {"nominated": 100, "elected": r} for k, r in rates.items()}
    y2004 = election(2004, dict.fromkeys(stances, 1), {}, stances, commission_seats=seats)
    table = {"nur_otan": 9943, "auyl": 8360, "ak_zhol": 8343, "rukhaniiat": 7312,
             "patriots": 6684, "knpk": 4375, "osdp": 1358}
    y2007 = election(2007, dict.fromkeys(table, 1), {}, {**dict.fromkeys(table, "pro"),
                                                          "osdp": "opposition"},
                     commission_seats={k: {"nominated": n, "elected": n}
                                       for k, n in table.items()})
    v8, v9 = (next(f for f in facts() if f.key == k) for k in ("V8", "V9"))
    assert v8.quantity(run_with([y2004])) == pytest.approx(71 / 197)
    assert v9.quantity(run_with([y2007])) == pytest.approx(1358 / sum(table.values()))
    bare = [election(y, {"a": 1}, {}, {"a": "pro"}) for y in (2004, 2007)]
    assert v8.quantity(run_with(bare)) is None and v9.quantity(run_with(bare)) is None


def test_the_opposition_vote_fact_falls_without_the_defectors_parties():
    """V13 on the record's 2004 figures (Ak Zhol 12%, the KPK/DVK bloc 3.4%) is inside; the
    record without Ak Zhol and with the KPK alone is not, nor is a ballot with no opposition."""
    stances = {"otan": "pro", "ak_zhol": "opposition", "bloc:kpk+dvk": "opposition"}
    record = election(2004, {"otan": 846, "ak_zhol": 120, "bloc:kpk+dvk": 34}, {}, stances)
    without = election(2004, {"otan": 966, "kpk": 20}, {}, {"otan": "pro", "kpk": "opposition"})
    none = election(2004, {"otan": 1000}, {}, {"otan": "pro"})
    v13 = next(f for f in facts() if f.key == "V13")
    assert v13.quantity(run_with([record])) == pytest.approx(0.154)
    assert v13.inside(v13.reduce([v13.quantity(run_with([record]))] * 3))
    for other in (without, none):
        assert not v13.inside(v13.reduce([v13.quantity(run_with([other]))] * 3))


def test_the_incumbent_must_top_the_presidential_vote_and_win_2005_outright():
    """V14 asks the incumbent (entered first) to beat every challenger and "against all" in
    1999; V15 asks over half of all votes cast in 2005 ("comfortably won")."""
    def president(year, votes):
        return {"year": year, "kind": "president", "votes": votes}

    v14, v15 = (next(f for f in facts() if f.key == k) for k in ("V14", "V15"))
    clear = {"nazarbaev": 60, "challenger": 10, "against_all": 30}
    plurality = {"nazarbaev": 45, "challenger": 25, "against_all": 30}
    beaten = {"nazarbaev": 40, "challenger": 15, "against_all": 45}
    assert v14.quantity(run_with([president(1999, plurality)]))
    assert not v14.quantity(run_with([president(1999, beaten)]))
    assert v15.quantity(run_with([president(2005, clear)]))
    assert not v15.quantity(run_with([president(2005, plurality)]))
    assert not v15.quantity(run_with()) and v14.sample == "in" and v15.sample == "held_out"


def test_waves_need_two_factions_in_a_year():
    events = [{"mechanism": "defection", "year": y, "month": 1, "actors": [a],
               "detail": {"faction": f}}
              for y, a, f in [(1998, "a", "x"), (2001, "b", "x"), (2001, "c", "y"),
                              (2004, "d", "z"), (2004, "e", "z")]]
    assert wave_years(run_with(events=events)) == [2001]


def test_the_yearly_profile_counts_defections_and_waves_per_run():
    events = [{"mechanism": "defection", "year": y, "month": 1, "actors": [a],
               "detail": {"faction": f}}
              for y, a, f in [(1998, "a", "x"), (2001, "b", "x"), (2001, "c", "y")]]
    profile = {p["year"]: p for p in defection_profile([run_with(events=events), run_with()])}
    assert sorted(profile) == list(range(1990, 2009))
    assert profile[2001] == {"year": 2001, "defections": 1.0, "waves": 0.5}
    assert profile[1998] == {"year": 1998, "defections": 0.5, "waves": 0.0}
    assert sum(p["defections"] for p in profile.values()) == 1.5


def test_timing_error_is_zero_on_the_record_and_capped_without_waves():
    assert nulls.timing_error([1998, 2001, 2004]) == 0
    assert nulls.timing_error([]) == nulls.CAP
    assert nulls.timing_error([2001]) == pytest.approx((3 + 0 + 3) / 3 / 2)


def test_holm_adjusts_in_order():
    assert ablation.holm([0.01, 0.04, 0.03]) == pytest.approx([0.03, 0.06, 0.06])


def test_moves_counts_significant_moves_the_predicted_way_in_their_bands_or_not():
    def row(fact, predicted, p_holm, a_in=True, arm="informal"):
        return ablation.Comparison(fact, "parties", arm, predicted, 3.0, 5.0, True, a_in,
                                   p=p_holm, p_holm=p_holm)

    rows = [row("P1", "up", 0.01, a_in=False), row("P2", "up", 0.01), row("P3", "up", 0.2),
            row("P4", None, None), row("P5", "down", None, arm="defections")]
    got = ablation.moves(rows)
    assert got == {"informal": {"moved": ["P1", "P2"], "predicted": 3},
                   "defections": {"moved": [], "predicted": 1}}
    assert rows[0].as_dict()["moved"] and not rows[2].as_dict()["moved"]


# -- ablations and nulls on their inputs ------------------------------------------------------
def test_ablations_change_only_their_mechanism():
    spec = prepare("kazakhstan")
    sc = spec.scenario
    informal = ablate(spec, "informal").scenario
    assert informal.selective.falsification == informal.selective.media_control == 0
    assert informal.parties.enrolment_rate == 0
    assert informal.patronage == sc.patronage and informal.ruler == sc.ruler
    assert not [i for i in ablate(spec, "privatisation").scenario.inputs
                if i.kind == "privatisation"]
    assert ablate(spec, "defections").scenario.loyalty.defection_base == 0
    with pytest.raises(InputError, match="unknown ablation"):
        ablate(spec, "nope")


def test_permutation_moves_every_attribute_and_keeps_its_values():
    state = from_record()
    shuffled = nulls.permuted(state, np.random.default_rng(3))
    for attr in nulls.PERMUTED:
        before = [getattr(e, attr) for e in state.elites]
        after = [getattr(e, attr) for e in shuffled.elites]
        assert sorted(map(str, before)) == sorted(map(str, after)) and before != after, attr
    assert [e.key for e in shuffled.elites] == [e.key for e in state.elites]


# -- over an ensemble -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def scenario():
    return load_scenario("kazakhstan")


@pytest.fixture(scope="module")
def runs(scenario):
    return run_many(scenario, RUNS)


@pytest.fixture(scope="module")
def compared(scenario, runs):
    arms = {name: run_many(ablate(prepare("kazakhstan"), name).scenario, RUNS)
            for name in ABLATIONS}
    return ablation.losses(ablation.compare(runs, arms))


@pytest.mark.slow
def test_the_informal_tier_holds_at_least_three_facts(compared):
    assert len(compared["informal"]) >= 3, compared


@pytest.mark.slow
@pytest.mark.xfail(strict=True, reason="measured (20 seeds, calibrated defaults): removing "
                   "defections loses one fact (V13); at the command's 60 runs none")
def test_defections_hold_at_least_three_facts(compared):
    assert len(compared["defections"]) >= 3, compared


@pytest.mark.slow
def test_privatisation_holds_at_least_three_facts(compared):
    assert len(compared["privatisation"]) >= 3, compared


@pytest.fixture(scope="module")
def stable_runs(scenario, runs):
    """The ensemble the command validates with: grown from the 20 seeds until every fact's
    coefficient of variation is stable (issue: runs chosen by stability, not a fixed 20)."""
    seeds = spawn_seeds(100)

    def more(first, count):
        return list(runs) if first == 0 else run_many(scenario, seeds[first:first + count])

    got, _ = stable_ensemble(more, start=RUNS)
    return got


@pytest.mark.slow
@pytest.mark.xfail(strict=True, reason="measured (the stability rule's 60 runs, calibrated "
                   "defaults): timing error 3.18 years against 3.22 for the permutation null "
                   "(p = 0.435) and 3.53 for the dynamics-free null (p = 0.045)")
def test_the_waves_beat_both_nulls(stable_runs):
    for result in nulls.both(prepare("kazakhstan"), stable_runs, 200):
        assert result.p < 0.05, result.as_dict()


def test_the_ensemble_grows_until_the_facts_are_stable(scenario):
    calls = []

    def more(first, count):
        calls.append((first, count))
        return run_many(scenario, range(first, first + count))

    got, trace = stable_ensemble(more, start=12, step=2, most=16, tolerance=10.0)
    assert calls == [(0, 12), (12, 2)] and len(got) == 14 and trace[-1]["largest_change"] <= 10
    got, trace = stable_ensemble(more, start=12, step=2, most=16, tolerance=0.0)
    assert len(got) == 16 and len(trace) == 3  # never stable: stops at the ceiling


def _opposition_vote(r: RunResult) -> float:
    e = parliament(r, 2007)
    total = sum(e["votes"].values())
    return sum(v for k, v in e["votes"].items()
               if k in contestants(e) and stance(e, k) == "opposition") / total


def _opposition_lists(rs: list[RunResult]) -> float:
    return float(np.mean([sum(stance(parliament(r, 2007), k) == "opposition"
                              for k in contestants(parliament(r, 2007))) for r in rs]))


def _seated(rs: list[RunResult]) -> float:
    return float(np.mean([next(y["opposition_seat_share"] for y in r.years if y["year"] == 2007)
                          for r in rs]))


@pytest.fixture(scope="module", params=[0.0, 1.0], ids=["seekers-oppose", "seekers-loyal"])
def impartial(request):
    return run_many(load_scenario("kazakhstan", [
        "ruler.species=institutionalist", f"parties.impartial_seeker_loyalty={request.param}"]),
        RUNS)


@pytest.mark.slow
def test_impartial_rules_open_the_contest(runs, impartial):
    """Under the institutionalist no official bends a rule: more opposition lists reach the
    2007 ballot and they take a larger share of the vote, whatever side office-seekers take.
    (Its median seat share can stay 0: split among many small movement parties, its vote often
    falls short of the 7% threshold list by list.)"""
    assert np.median([_opposition_vote(r) for r in impartial]) >= \
        np.median([_opposition_vote(r) for r in runs]) + 0.10
    assert _opposition_lists(impartial) > _opposition_lists(runs)


@pytest.mark.slow
def test_impartial_rules_seat_more_of_the_opposition(runs, impartial):
    """...and the opposition wins a larger share of the 2007 seats (at the calibrated defaults
    it wins some in every run either way, so the share, not the runs, is compared)."""
    assert _seated(impartial) > _seated(runs)


def test_the_facts_table_fits_a_narrow_terminal_and_abbreviates_large_numbers():
    from rich.console import Console

    from neopat.cli.validation import _short, facts_table

    assert [_short(v) for v in (0.9e6, 1_529_720, 12_500, 0.154, None)] == \
        ["900k", "1.53M", "12.5k", "0.154", "-"]
    rows, _ = score_facts([run_with(), run_with()])
    for width, sources in ((80, False), (140, True)):
        console = Console(width=width, record=True)
        console.print(facts_table(rows, "t", sources=sources))
        text = console.export_text()
        assert max(len(line) for line in text.splitlines()) <= width
        assert ("seed:11623-11639" in text) is sources
        assert "900k–2.7M" in text and "held out" in text
