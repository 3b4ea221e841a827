"""The thesis' propositions as experiments: counterfactuals change only their named inputs, a
verdict can never disagree with its measure's direction, checks are kept apart from tests, every
test's flips turn its verdict, and the ``neopat propositions`` command."""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest

from neopat.errors import InputError
from neopat.experiments.propositions import (
    CONTRADICTED,
    INCONCLUSIVE,
    NOT_AVAILABLE,
    PROPOSITIONS,
    SUPPORTED,
    Ablate,
    DropInputs,
    Indicator,
    Proposition,
    Setting,
    by_key,
    counterfactual,
    design,
    flip_rows,
    flipped,
    paired_effect,
    run_propositions,
    verdict,
)
from neopat.experiments.runner import RunFailure, execute, parameter_values
from neopat.scenarios import load_scenario, prepare
from neopat.scenarios.ablations import ABLATIONS, ablate

CATALOGUED = set(parameter_values(load_scenario("kazakhstan")))


def _top_level_differences(a: dict, b: dict) -> set[str]:
    """Scenario fields that differ, catalogue parameters excluded (compared separately)."""
    out = set()
    for key in set(a) | set(b):
        va, vb = a.get(key), b.get(key)
        if isinstance(va, dict) and isinstance(vb, dict) and key != "rents":
            sub = {f"{key}.{k}" for k in set(va) | set(vb) if va.get(k) != vb.get(k)}
            out |= sub - CATALOGUED
        elif va != vb:
            out.add(key)
    return out


@pytest.mark.parametrize("prop", PROPOSITIONS, ids=lambda p: p.key)
def test_counterfactual_differs_only_in_named_inputs(prop: Proposition) -> None:
    base_spec = prepare(prop.baseline, prop.baseline_sets)
    base, cf = base_spec.scenario, counterfactual(base_spec, prop).scenario
    before, after = parameter_values(base), parameter_values(cf)
    changed = {name for name in before if before[name] != after[name]}
    named = {c.name for c in prop.changes if isinstance(c, Setting)}
    for change in prop.changes:
        if isinstance(change, Ablate):
            named |= {o.split("=")[0] for o in ABLATIONS[change.name].overrides}
    assert changed <= named and {n for n in named if before[n] != after[n]} == changed
    other = _top_level_differences(base.model_dump(), cf.model_dump()) - {"name"}
    drops = {"inputs" for c in prop.changes if isinstance(c, DropInputs)
             or isinstance(c, Ablate) and ABLATIONS[c.name].drop}
    assert other == drops
    dropped = {k for c in prop.changes if isinstance(c, DropInputs) for k in c.kinds}
    dropped |= {k for c in prop.changes if isinstance(c, Ablate) for k in ABLATIONS[c.name].drop}
    assert [i for i in cf.inputs if i.kind not in dropped] == \
           [i for i in base.inputs if i.kind not in dropped]


def test_p2_and_p8_cut_the_informal_tier_as_the_validation_does() -> None:
    base = prepare("kazakhstan")
    for key in ("P2", "P8"):
        assert counterfactual(base, by_key(key)).scenario.model_dump(exclude={"name"}) == \
            ablate(base, "informal").scenario.model_dump(exclude={"name"})


def test_a_verdict_follows_the_claim_about_its_measure() -> None:
    """The predicted sign comes from which arm the claim expects higher: a measure whose higher
    values are worse cannot be read the wrong way round."""
    p8 = by_key("P8")
    assert p8.claim == "baseline" and "worse" in p8.higher and p8.expected == +1
    worse_at_baseline = paired_effect([0.30, 0.31, 0.29, 0.30], [0.20, 0.21, 0.19, 0.22])
    assert verdict(worse_at_baseline, p8.expected) == SUPPORTED
    assert verdict(worse_at_baseline, replace(p8, claim="counterfactual").expected) == CONTRADICTED


def test_p1_is_split_into_a_check_and_a_test() -> None:
    spec = prepare("kazakhstan")
    base = spec.scenario
    first = min((i for i in base.inputs if i.kind == "rule_set"), key=lambda i: (i.year, i.month))
    settled = counterfactual(spec, by_key("P1a")).scenario
    assert [i for i in settled.inputs if i.kind == "rule_set"] == [first]
    assert [i for i in settled.inputs if i.kind == "privatisation"] == \
        [i for i in base.inputs if i.kind == "privatisation"]
    assert not [i for i in counterfactual(spec, by_key("P1b")).scenario.inputs
                if i.kind == "privatisation"]
    assert by_key("P1a").kind == "check" and by_key("P1b").kind == "test"


def test_every_proposition_is_specified() -> None:
    keys = [p.key for p in PROPOSITIONS]
    assert {k[:2] for k in keys} == {f"P{i}" for i in range(1, 9)}
    for prop in PROPOSITIONS:
        assert prop.changes and prop.claim in ("baseline", "counterfactual") and prop.higher
        assert prop.contradicts_if and prop.kind in ("test", "check")
        assert prop.source.startswith("seed:")
        if prop.kind == "test":
            assert prop.flips, f"{prop.key} is a test without a flip"
            for flip in prop.flips:
                assert flip.verdict in (SUPPORTED, CONTRADICTED, INCONCLUSIVE) and flip.reason
                load_scenario("kazakhstan", list(flip.sets))  # each flip within its range
        else:
            assert not prop.flips and prop.note  # a check says which rule it restates


def test_verdict_rule() -> None:
    up = paired_effect([2.0, 2.1, 2.2, 1.9], [1.0, 1.1, 0.9, 1.0])
    assert up.effect == pytest.approx(1.05) and up.ci_low > 0 and up.d > 0
    assert verdict(up, +1) == SUPPORTED
    assert verdict(up, -1) == CONTRADICTED
    mixed = paired_effect([1.0, 2.0, 1.0, 2.0], [2.0, 1.0, 2.0, 1.0])
    assert mixed.ci_low < 0 < mixed.ci_high and verdict(mixed, +1) == INCONCLUSIVE
    one = paired_effect([1.0], [0.0])
    assert verdict(one, +1) == INCONCLUSIVE
    # pairs with a missing value are dropped, both sides
    gap = paired_effect([1.0, math.nan, 3.0], [0.0, 1.0, math.nan])
    assert gap.n == 1
    # t interval: differences 1, 1, 1.3, 0.9 -> sd sqrt(0.03), n = 4, t(0.975, 3) = 3.182446
    assert up.ci_high - up.effect == pytest.approx(3.182446 * math.sqrt(0.03) / 2, rel=1e-5)
    # the bootstrap is seeded: same root, same interval, inside the data's range
    boot = paired_effect([1, 2, 3, 5], [0, 0, 1, 1], root=4, interval="bootstrap")
    assert boot == paired_effect([1, 2, 3, 5], [0, 0, 1, 1], root=4, interval="bootstrap")
    assert 1 <= boot.ci_low <= boot.effect <= boot.ci_high <= 4


def test_missing_parameter_is_not_available_and_runs_nothing() -> None:
    prop = Proposition("PX", "a switch the model lacks", "seed:4758-4762", "no switch",
                       (Setting("parties.no_such_switch", False),),
                       Indicator.of("defections:sum"), "more defections", "counterfactual",
                       "never")
    plan = design([prop])
    assert not plan.arms and "parties.no_such_switch" in plan.unavailable["PX"]
    results, per_run = run_propositions(plan, 3, 1)
    assert results[0].verdict == NOT_AVAILABLE and per_run == []


def test_missing_indicator_is_not_available() -> None:
    prop = replace(by_key("P1b"), outcome=Indicator.of("no_such_indicator:mean"))
    plan = design([prop], years=SHORT)
    assert "no_such_indicator" in plan.unavailable["P1b"] and not plan.arms  # no pilot run


def test_failed_runs_are_reported_not_dropped(monkeypatch) -> None:
    from neopat.experiments import propositions

    plan = design([by_key("P1b")], years=SHORT)

    def failing(specs, executor=None, **kwargs):
        return [RunFailure("InputError: district 4: no candidates") for _ in specs]

    monkeypatch.setattr(propositions, "run", failing)
    results, _ = run_propositions(plan, 4, 1)
    assert results[0].verdict == NOT_AVAILABLE
    assert "4 of 4 baseline runs failed" in results[0].note


SHORT = "1990:1999"


def test_p1a_is_reproducible_and_supported_on_a_short_span() -> None:
    plan = design([by_key("P1a")], years=SHORT)
    (first,), runs_a = run_propositions(plan, 8, 3)
    (_,), runs_b = run_propositions(plan, 3, 3)
    assert runs_b == runs_a[:3]  # same root: the same seeds and the same paired outcomes
    assert first.verdict == SUPPORTED and first.effect > 0


TESTS = tuple(p for p in PROPOSITIONS if p.kind == "test")


@pytest.fixture(scope="module")
def flip_table() -> dict[str, list[dict]]:
    """20 paired runs of every test and of every flip (shared by the per-proposition tests)."""
    results, _ = run_propositions(design(TESTS + flipped(TESTS)), 20, 1)
    main = [r for r in results if "~" not in r.proposition]
    rows = flip_rows(main, [r for r in results if "~" in r.proposition])
    assert len(rows) == sum(len(p.flips) for p in TESTS)
    return {p.key: [r for r in rows if r["proposition"] == p.key] for p in TESTS}


STALE_FLIPS: dict[str, str] = {  # key -> measured reason its flip does not turn (20 runs, seed 1)
    "P7": "with parties.legitimacy_feedback=0 the presidential party still raises legitimacy, "
          "+0.0028 [0.0001, 0.0055]: the elite stability it brings (P3) keeps fragmentation "
          "out of the ruler's legitimacy target (ODD §7.7); of fifteen other single changes "
          "tried, the three that turn it at 20 runs leave it supported at 60 (ODD §7.13)",
}


@pytest.mark.slow
@pytest.mark.parametrize("key", [
    pytest.param(p.key, marks=pytest.mark.xfail(strict=True, reason=STALE_FLIPS[p.key]))
    if p.key in STALE_FLIPS else p.key for p in TESTS])
def test_every_flip_turns_its_verdict(flip_table, key):
    """Every flip that applies (its expected verdict is not the proposition's) turns it, and at
    least one applies, so each test's verdict can be turned whichever it is."""
    rows = [r for r in flip_table[key] if r["applies"]]
    assert rows and all(r["turned"] for r in rows), flip_table[key]


def test_command_prints_every_row_and_writes_the_store(tmp_path: Path, invoke) -> None:
    store = tmp_path / "props.duckdb"
    code, out = invoke("propositions", "--runs", "2", "--years", "1990:1995", "--workers", "1",
                       "--format", "csv", "--out", str(store))
    assert code == 0, out
    keys = [p.key for p in PROPOSITIONS]
    rows = [line for line in out.splitlines() if line.split(",")[0] in keys]
    assert [r.split(",")[0] for r in rows] == keys
    con = duckdb.connect(str(store), read_only=True)
    try:
        table = con.execute("SELECT proposition, kind, higher, verdict FROM propositions "
                            "ORDER BY proposition").fetchall()
        paired = con.execute("SELECT count(*) FROM proposition_runs WHERE proposition = 'P1b'"
                             ).fetchone()[0]
    finally:
        con.close()
    assert sorted(r[0] for r in table) == sorted(keys)
    assert all(r[3] in {SUPPORTED, CONTRADICTED, INCONCLUSIVE, NOT_AVAILABLE} and r[2]
               for r in table)
    assert paired == 2


def test_command_refuses_bad_input(tmp_path: Path, invoke) -> None:
    assert invoke("propositions", "--runs", "1")[0] == 2
    code, msg = invoke("propositions", "--only", "P9")
    assert code == 2 and "P9" in msg
    foreign = tmp_path / "x.duckdb"
    duckdb.connect(str(foreign)).execute("CREATE TABLE t (a INTEGER)").close()
    code, msg = invoke("propositions", "--runs", "2", "--out", str(foreign))
    assert code == 2 and "not a neopat results store" in msg


def test_only_selects_propositions_in_any_case() -> None:
    from neopat.cli.propositions import select

    assert [p.key for p in select(["P1a,p6b", "P2"])] == ["P1a", "P2", "P6b"]
    assert len(select([])) == len(PROPOSITIONS)
    with pytest.raises(InputError, match="unknown proposition P9"):
        select(["P9"])


def test_without_a_vehicle_founded_the_switch_changes_nothing() -> None:
    """P3's and P7's counterfactual switches the vehicle off; where the baseline never founds it
    either, the paired runs draw the same numbers and end the same (common random numbers)."""
    never = prepare("kazakhstan", ["parties.vehicle_rate=0"], seed=3, years="1990:2000")
    off = prepare(never, ["parties.presidential_vehicle=false"])
    a, b = execute(never), execute(off)
    assert a.years == b.years and a.events == b.events and a.elections == b.elections
