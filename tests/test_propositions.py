"""The thesis' propositions as experiments: counterfactuals change only their named inputs, the
verdict rule, a measured flip to "contradicted", and the ``neopat propositions`` command."""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest

from neopat.experiments.propositions import (
    CONTRADICTED,
    INCONCLUSIVE,
    NOT_AVAILABLE,
    PROPOSITIONS,
    SUPPORTED,
    DropInputs,
    Indicator,
    Proposition,
    Setting,
    by_key,
    counterfactual,
    design,
    paired_effect,
    run_propositions,
    serial_map,
    verdict,
)
from neopat.experiments.runner import parameter_values
from neopat.scenarios import load_scenario

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
    base = load_scenario(prop.baseline, list(prop.baseline_sets))
    cf = counterfactual(base, prop)
    before, after = parameter_values(base), parameter_values(cf)
    changed = {name for name in before if before[name] != after[name]}
    settings = {c.name for c in prop.changes if isinstance(c, Setting)}
    assert changed == settings, f"{prop.key}: parameters changed {changed}, named {settings}"
    other = _top_level_differences(base.model_dump(), cf.model_dump()) - {"name"}
    drops = {c.field for c in prop.changes if isinstance(c, DropInputs)}
    assert other == drops
    assert changed | other <= prop.named_inputs
    dropped = {k for c in prop.changes if isinstance(c, DropInputs) for k in c.kinds}
    assert [i for i in cf.inputs if i.kind not in dropped] == \
           [i for i in base.inputs if i.kind not in dropped]
    for change in prop.changes:
        if isinstance(change, DropInputs):
            kept = [i for i in cf.inputs if i.kind in change.kinds]
            assert len(kept) == (len(change.kinds) if change.keep_first else 0)


def test_p1_keeps_the_first_rule_set_and_drops_privatisation() -> None:
    base = load_scenario("kazakhstan")
    cf = counterfactual(base, by_key("P1"))
    first = min((i for i in base.inputs if i.kind == "rule_set"), key=lambda i: (i.year, i.month))
    assert [i for i in cf.inputs if i.kind == "rule_set"] == [first]
    assert not [i for i in cf.inputs if i.kind == "privatisation"]


def test_every_proposition_is_specified() -> None:
    assert [p.key for p in PROPOSITIONS] == [f"P{i}" for i in range(1, 9)]
    for prop in PROPOSITIONS:
        assert prop.changes and prop.expected in (-1, 1) and prop.contradicts_if
        assert prop.source.startswith("seed:")
        first, last = (int(x) for x in prop.source[5:].split("-"))
        assert 4752 <= first <= last <= 4811


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
                       Indicator.of("defections:sum"), -1, "never")
    plan = design([prop])
    assert not plan.arms and "parties.no_such_switch" in plan.unavailable["PX"]
    results, per_run = run_propositions(plan, 3, 1, serial_map)
    assert results[0].verdict == NOT_AVAILABLE and per_run == []


def test_missing_indicator_is_not_available() -> None:
    prop = replace(by_key("P1"), outcome=Indicator.of("no_such_indicator:mean"))
    plan = design([prop], prepare=lambda ref, sets: _short(ref, sets))
    assert "no_such_indicator" in plan.unavailable["P1"]


def test_failed_runs_are_reported_not_dropped() -> None:
    plan = design([by_key("P1")], prepare=lambda ref, sets: _short(ref, sets))

    def failing(fn, calls, on_done):
        for i, _ in enumerate(calls):
            on_done(i, "InputError: district 4: no candidates")

    results, _ = run_propositions(plan, 4, 1, failing)
    assert results[0].verdict == NOT_AVAILABLE
    assert "4 of 4 baseline runs failed" in results[0].note


def _short(ref: str, sets: tuple[str, ...], end: int = 1999):
    sc = load_scenario(ref, list(sets))
    return sc.model_copy(update={"years": sc.years.model_copy(update={"end": end})})


def test_p1_is_reproducible_and_supported_on_a_short_span() -> None:
    plan = design([by_key("P1")], prepare=lambda ref, sets: _short(ref, sets))
    (first,), runs_a = run_propositions(plan, 8, 3, serial_map)
    (_,), runs_b = run_propositions(plan, 3, 3, serial_map)
    assert runs_b == runs_a[:3]  # same root: the same seeds and the same paired outcomes
    assert first.verdict == SUPPORTED and first.effect > 0


@pytest.mark.xfail(strict=True, reason="measured after the party system from mechanisms: effect "
                   "+0.029 (12 runs), supported; the flip tests of the restated propositions "
                   "replace this one")
def test_verdict_flips_to_contradicted_where_the_proposition_fails() -> None:
    """P7 (the dominant party legitimises the ruler) measured in a scenario built to break it:
    commissions fully loyal from the start, maximal falsification capacity, no administrative
    pull on voters, and legitimacy reacting strongly to the criticism falsification draws. The
    vehicle's wins are then manufactured at the count, and the model must find the ruler's
    legitimacy lower with his party than without it (seed:14944-14950: criticism)."""
    built = replace(by_key("P7"), baseline_sets=(
        "selective.falsification=1", "parties.legitimacy_feedback=2",
        "selective.admin_resources=0", "parties.initial_council_share=1"))
    (result,), _ = run_propositions(design([built]), 12, 3, serial_map)
    assert result.effect < 0 and result.ci_high < 0
    assert result.verdict == CONTRADICTED


def test_command_prints_eight_rows_and_writes_the_store(tmp_path: Path, invoke) -> None:
    store = tmp_path / "props.duckdb"
    code, out = invoke("propositions", "--runs", "2", "--years", "1990:1995", "--workers", "1",
                       "--format", "csv", "--out", str(store))
    assert code == 0, out
    rows = [line for line in out.splitlines() if line[:2] in {f"P{i}" for i in range(1, 10)}]
    assert [r.split(",")[0] for r in rows] == [f"P{i}" for i in range(1, 9)]
    con = duckdb.connect(str(store), read_only=True)
    try:
        table = con.execute("SELECT proposition, title, baseline, counterfactual, effect, "
                            "ci_low, ci_high, verdict, contradicts_if FROM propositions "
                            "ORDER BY proposition").fetchall()
        paired = con.execute("SELECT count(*) FROM proposition_runs WHERE proposition = 'P1'"
                             ).fetchone()[0]
    finally:
        con.close()
    assert [r[0] for r in table] == [f"P{i}" for i in range(1, 9)]
    assert all(r[7] in {SUPPORTED, CONTRADICTED, INCONCLUSIVE, NOT_AVAILABLE} for r in table)
    assert paired == 2


def test_command_refuses_bad_input(tmp_path: Path, invoke) -> None:
    assert invoke("propositions", "--runs", "1")[0] == 2
    code, msg = invoke("propositions", "--only", "P9")
    assert code == 2 and "P9" in msg
    foreign = tmp_path / "x.duckdb"
    duckdb.connect(str(foreign)).execute("CREATE TABLE t (a INTEGER)").close()
    code, msg = invoke("propositions", "--runs", "2", "--out", str(foreign))
    assert code == 2 and "not a neopat results store" in msg
