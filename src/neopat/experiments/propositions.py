"""The thesis' eight tentative propositions (seed:4752-4781, 4782-4811) as paired experiments.

Each :class:`Proposition` names a baseline scenario, a counterfactual that changes only the
mechanism inputs it lists (catalogue parameters, or dated inputs dropped from the scenario), an
outcome reduced from each run, the direction the proposition predicts for
``baseline - counterfactual``, and the result that would have contradicted it. Both arms run
with the same seeds (paired); the effect is the mean paired difference with a t (or bootstrap)
interval, and the verdict follows from where that interval lies (:func:`verdict`).

A proposition whose inputs or outcome the model does not (yet) have — a catalogue parameter
missing, an indicator no run records — is reported ``not available``, never approximated.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from neopat.experiments.ensemble import fingerprint, settings_of
from neopat.experiments.outputs import Output
from neopat.experiments.runner import RunResult, run_one, spawn_seeds
from neopat.scenarios.catalogue import catalogue
from neopat.scenarios.loader import load_scenario, validate_scenario
from neopat.scenarios.schema import Scenario

SUPPORTED, CONTRADICTED = "supported", "contradicted"
INCONCLUSIVE, NOT_AVAILABLE = "inconclusive", "not available"
CONFIDENCE = 0.95
MAX_FAILED = 0.1  # above this share of failed runs in an arm, no verdict is given
BOOTSTRAP = 4000  # resamples, where a bootstrap interval is asked for
PRESIDENTIAL_SWITCH = "parties.presidential_vehicle"  # the parties submodel's switch (contract)


# -- counterfactual changes ----------------------------------------------------------------------
@dataclass(frozen=True)
class Setting:
    """Set a catalogue parameter (dotted name) to ``value``."""

    name: str
    value: Any

    @property
    def field(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        return f"{self.name}={self.value}"

    def apply(self, data: dict[str, Any]) -> None:
        *path, leaf = self.name.split(".")
        node = data
        for part in path:
            node = node.setdefault(part, {})
        node[leaf] = self.value


@dataclass(frozen=True)
class DropInputs:
    """Remove the scenario's dated inputs of the given kinds; with ``keep_first`` the earliest
    input of that kind stays (e.g. the first rule set stays in force, later changes go)."""

    kinds: tuple[str, ...]
    keep_first: bool = False

    @property
    def field(self) -> str:
        return "inputs"

    @property
    def label(self) -> str:
        return f"no {'/'.join(self.kinds)} inputs" + (" after the first" if self.keep_first
                                                        else "")

    def apply(self, data: dict[str, Any]) -> None:
        inputs = data.get("inputs", [])
        keep = set()
        if self.keep_first:
            for kind in self.kinds:
                dated = [(i["year"], i["month"], n) for n, i in enumerate(inputs)
                         if i["kind"] == kind]
                keep |= {min(dated)[2]} if dated else set()
        data["inputs"] = [i for n, i in enumerate(inputs)
                          if i["kind"] not in self.kinds or n in keep]


Change = Setting | DropInputs


# -- outcomes over party rows -----------------------------------------------------------------
@dataclass(frozen=True)
class _PartyColumn:
    """An outcome over party rows whose ``column`` is in ``values``, labelled ``name``."""

    name: str
    column: str
    values: tuple[str, ...]

    @property
    def label(self) -> str:
        return self.name

    @property
    def indicator(self) -> str:
        return f"parties.{self.column}"


@dataclass(frozen=True)
class PartyShare(_PartyColumn):
    """Share of party-year rows (parties with ``status``) whose ``column`` is in ``values``."""

    status: str = "registered"

    def value(self, result: RunResult) -> float:
        rows = [r for r in getattr(result, "parties", None) or [] if r.get("status") == self.status]
        if not rows:
            return math.nan
        return sum(1 for r in rows if r.get(self.column) in self.values) / len(rows)


@dataclass(frozen=True)
class PartyCount(_PartyColumn):
    """Number of distinct parties ever founded whose ``column`` is in ``values``."""

    def value(self, result: RunResult) -> float:
        rows = getattr(result, "parties", None)
        if rows is None:
            return math.nan
        return float(len({r["key"] for r in rows if r.get(self.column) in self.values}))


@dataclass(frozen=True)
class Indicator:
    """A yearly indicator reduced as in :mod:`neopat.experiments.outputs`."""

    output: Output

    @classmethod
    def of(cls, text: str) -> Indicator:
        return cls(Output.parse(text))

    @property
    def label(self) -> str:
        return self.output.label

    @property
    def indicator(self) -> str:
        return self.output.indicator

    def value(self, result: RunResult) -> float:
        return self.output.value(result.years)


Outcome = Indicator | PartyShare | PartyCount


# -- the propositions ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Proposition:
    """One proposition as an experiment. ``expected`` is the predicted sign of
    ``baseline - counterfactual`` in ``outcome``."""

    key: str
    title: str
    source: str
    counterfactual_name: str
    changes: tuple[Change, ...]
    outcome: Outcome
    expected: int
    contradicts_if: str
    baseline: str = "kazakhstan"
    baseline_sets: tuple[str, ...] = ()

    @property
    def named_inputs(self) -> set[str]:
        """The scenario fields the counterfactual may change (dotted names, or ``inputs``)."""
        return {c.field for c in self.changes}

    @property
    def counterfactual_label(self) -> str:
        return f"{self.counterfactual_name} ({'; '.join(c.label for c in self.changes)})"


def counterfactual(base: Scenario, prop: Proposition) -> Scenario:
    """``base`` with the proposition's changes applied (and nothing else)."""
    data = base.model_dump()
    for change in prop.changes:
        change.apply(data)
    data["name"] = f"{base.name}/{prop.key}-counterfactual"
    return validate_scenario(data, f"{prop.key} counterfactual")


PROPOSITIONS: tuple[Proposition, ...] = (
    Proposition(
        "P1", "transitional uncertainty raises reliance on informal relations", "seed:4758-4762",
        "settled transition",
        (DropInputs(("rule_set",), keep_first=True), DropInputs(("privatisation",))),
        Indicator.of("informal_reliance:mean"), +1,
        "informal reliance lower with the rule-set changes and "
        "privatisation stages of the transition than under the first rule set kept in force "
        "and no privatisation"),
    Proposition(
        "P2", "selective application of party law and electoral rules weakens competition",
        "seed:4764-4772",
        "impartial application",
        (Setting("selective.selective_enforcement", 0.0), Setting("selective.admin_resources", 0.0),
         Setting("selective.falsification", 0.0)),
        Indicator.of("enp_seats:mean"), -1,
        "the effective number of parliamentary parties higher under selective application "
        "than under impartial application"),
    Proposition(
        "P3", "a presidential party enhances elite stability", "seed:4774-4780",
        "no presidential party", (Setting(PRESIDENTIAL_SWITCH, False),),
        Indicator.of("defections:sum"), -1,
        "more elite defections with a presidential party than without one"),
    Proposition(
        "P4", "emerging parties are clientelistic and personalistic elite-based",
        "seed:4782-4786",
        "institutionalist ruler", (Setting("ruler.species", "institutionalist"),),
        PartyShare("clientelistic/personalistic share", "gd_species",
                   ("clientelistic_elite", "personalistic_electoralist")), +1,
        "the share of clientelistic-elite and personalistic-electoralist parties lower "
        "under the neopatrimonial ruler than under an institutionalist one"),
    Proposition(
        "P5", "parties are vehicles of factional elite conflict", "seed:4788-4792",
        "no factional raids", (Setting("arbitration.conflict_propensity", 0.0),),
        PartyCount("elite-vehicle parties", "motive", ("oligarch_front", "family", "defector")), +1,
        "fewer elite-vehicle parties (oligarch fronts, family and defectors' parties) founded "
        "with factional conflict than without it"),
    Proposition(
        "P6", "disconnection, passiveness and homogeneity of opinion on the president",
        "seed:4794-4801",
        "no informal pressure on society",
        (Setting("selective.media_control", 0.0), Setting("selective.admin_resources", 0.0)),
        Indicator.of("approval_sd:mean"), -1,
        "opinion of the president less homogeneous (approval dispersion higher) with media "
        "control and administrative pressure than without them"),
    Proposition(
        "P7", "the dominant pro-presidential party helps legitimise the president's informal "
        "power", "seed:4803-4805",
        "no presidential party", (Setting(PRESIDENTIAL_SWITCH, False),),
        Indicator.of("legitimacy:mean"), +1,
        "the ruler's legitimacy lower with a dominant presidential party than without one"),
    Proposition(
        "P8", "parties are weak on interest articulation and representation", "seed:4807-4811",
        "institutionalist ruler, impartial rules",
        (Setting("ruler.species", "institutionalist"),
         Setting("selective.selective_enforcement", 0.0), Setting("selective.admin_resources", 0.0),
         Setting("selective.falsification", 0.0)),
        Indicator.of("representation:mean"), -1,
        "representation stronger under the neopatrimonial regime than under an "
        "institutionalist ruler with impartial rules"),
)


def by_key(key: str) -> Proposition:
    for prop in PROPOSITIONS:
        if prop.key == key:
            return prop
    raise KeyError(key)


# -- statistics -----------------------------------------------------------------------------------
@dataclass
class Effect:
    """Paired comparison of one outcome: means, mean difference, interval, standardised size."""

    n: int
    baseline: float
    counterfactual: float
    effect: float
    ci_low: float
    ci_high: float
    d: float


def paired_effect(base: Sequence[float], cf: Sequence[float], *, root: int = 0,
                  confidence: float = CONFIDENCE, resamples: int = BOOTSTRAP,
                  interval: str = "t") -> Effect:
    """Mean of ``base - cf`` over pairs where both are numbers, its interval — Student t on the
    paired differences (default; honest at the small ensembles used here), or a percentile
    bootstrap seeded from ``SeedSequence(root)`` — and Cohen's d (mean difference over the
    pooled SD of the two arms; 0 when both are constant and equal)."""
    a, b = np.asarray(base, float), np.asarray(cf, float)
    keep = ~(np.isnan(a) | np.isnan(b))
    a, b = a[keep], b[keep]
    n = len(a)
    if n == 0:
        return Effect(0, *(math.nan,) * 6)
    diff = a - b
    mean = float(diff.mean())
    low = high = math.nan
    pooled = 0.0
    if n > 1:
        if interval == "bootstrap":
            rng = np.random.default_rng(np.random.SeedSequence(root))
            means = diff[rng.integers(0, n, size=(resamples, n))].mean(axis=1)
            tail = (1 - confidence) / 2 * 100
            low, high = (float(x) for x in np.percentile(means, [tail, 100 - tail]))
        else:
            from scipy.stats import t

            half = float(t.ppf(0.5 + confidence / 2, n - 1)) * float(diff.std(ddof=1)) / n ** 0.5
            low, high = mean - half, mean + half
        pooled = math.sqrt((a.var(ddof=1) + b.var(ddof=1)) / 2)
    d = mean / pooled if pooled > 0 else (0.0 if mean == 0 else math.copysign(math.inf, mean))
    return Effect(n, float(a.mean()), float(b.mean()), mean, low, high, d)


def verdict(effect: Effect, expected: int) -> str:
    """Supported when the interval lies strictly on the predicted side of zero, contradicted
    when strictly on the other side, else inconclusive (too few runs counts as inconclusive)."""
    if effect.n < 2 or math.isnan(effect.ci_low):
        return INCONCLUSIVE
    if expected * effect.ci_low > 0 and expected * effect.ci_high > 0:
        return SUPPORTED
    if expected * effect.ci_low < 0 and expected * effect.ci_high < 0:
        return CONTRADICTED
    return INCONCLUSIVE


# -- running ----------------------------------------------------------------------------------
def evaluate(scenario: Scenario, seed: int, outcomes: Sequence[Outcome]) -> list[float] | str:
    """Run ``scenario`` once and reduce it to each outcome (a worker task: small result); a run
    the model cannot complete returns its error message, so one failure does not end the
    ensemble and is reported with the proposition."""
    try:
        result = run_one(scenario, seed)
    except Exception as exc:  # noqa: BLE001 - reported per proposition, never hidden
        return f"{type(exc).__name__}: {exc}"
    return [o.value(result) for o in outcomes]


@dataclass
class Arm:
    """A distinct scenario to run, with the outcomes wanted from it."""

    scenario: Scenario
    outcomes: list[Outcome] = field(default_factory=list)


@dataclass
class Design:
    """What :func:`run_propositions` will do: the arms (deduplicated scenarios) and, per
    proposition, its baseline and counterfactual arm keys or the reason it is not available."""

    arms: dict[str, Arm]
    pairs: dict[str, tuple[str, str]]
    unavailable: dict[str, str]
    propositions: tuple[Proposition, ...]


def missing_input(prop: Proposition) -> str | None:
    """Why the counterfactual cannot be built (a parameter absent from the catalogue), or None."""
    names = {info.name for info in catalogue(Scenario)}
    for change in prop.changes:
        if isinstance(change, Setting) and change.name not in names:
            return f"needs catalogue parameter {change.name} (not in this model)"
    return None


def missing_outcome(prop: Proposition, pilot: RunResult) -> str | None:
    """Why the outcome cannot be measured on runs like ``pilot``, or None."""
    if isinstance(prop.outcome, Indicator):
        if not any(prop.outcome.indicator in rec for rec in pilot.years):
            return f"needs yearly indicator {prop.outcome.indicator} (no run records it)"
    elif getattr(pilot, "parties", None) is None:
        return "needs party rows in run results (parties submodel absent)"
    return None


def design(props: Sequence[Proposition] = PROPOSITIONS, *,
           prepare: Callable[[str, tuple[str, ...]], Scenario] | None = None) -> Design:
    """Build both arms of every available proposition; a pilot run (seed 0) of each baseline
    checks that the outcome is recorded."""
    prepare = prepare or (lambda ref, sets: load_scenario(ref, list(sets)))
    arms: dict[str, Arm] = {}
    pairs: dict[str, tuple[str, str]] = {}
    unavailable: dict[str, str] = {}
    pilots: dict[str, RunResult | str] = {}

    def arm(sc: Scenario, outcome: Outcome) -> str:
        key = fingerprint(settings_of(sc) | {"name": ""})
        entry = arms.setdefault(key, Arm(sc))
        if outcome not in entry.outcomes:
            entry.outcomes.append(outcome)
        return key

    for prop in props:
        base = prepare(prop.baseline, prop.baseline_sets)
        reason = missing_input(prop)
        if reason is None:
            bkey = fingerprint(settings_of(base))
            if bkey not in pilots:
                pilots[bkey] = _pilot(base)
            pilot = pilots[bkey]
            reason = pilot if isinstance(pilot, str) else missing_outcome(prop, pilot)
        if reason is not None:
            unavailable[prop.key] = reason
            continue
        pairs[prop.key] = (arm(base, prop.outcome), arm(counterfactual(base, prop), prop.outcome))
    return Design(arms, pairs, unavailable, tuple(props))


def _pilot(base: Scenario, tries: int = 3) -> RunResult | str:
    """A completed run of ``base`` (seeds 0, 1, ...), or why none completed."""
    error = ""
    for seed in range(tries):
        try:
            return run_one(base, seed)
        except Exception as exc:  # noqa: BLE001 - becomes the proposition's note
            error = f"{type(exc).__name__}: {exc}"
    return f"the baseline failed in {tries} pilot runs ({error})"


@dataclass
class PropositionResult:
    """One proposition's row of the report (and of the store's ``propositions`` table)."""

    proposition: str
    title: str
    source: str
    baseline: str
    counterfactual: str
    outcome: str
    expected: str
    runs: int
    baseline_mean: float
    counterfactual_mean: float
    effect: float
    ci_low: float
    ci_high: float
    effect_size: float
    verdict: str
    contradicts_if: str
    note: str = ""

    def as_row(self) -> dict[str, Any]:
        return {k: (None if isinstance(v, float) and not math.isfinite(v) else v)
                for k, v in self.__dict__.items()}


def run_propositions(plan: Design, runs: int, root: int, mapper: Callable[..., None], *,
                     on_run: Callable[[], None] | None = None, interval: str = "t"
                     ) -> tuple[list[PropositionResult], list[dict[str, Any]]]:
    """Run every arm for ``runs`` seeds spawned from ``SeedSequence(root)`` (the same seeds in
    every arm: pairs) through ``mapper`` (``DaskExecutor.map``'s signature); return one result
    per proposition and the per-run outcome values."""
    seeds = spawn_seeds(runs, root)
    keys = list(plan.arms)
    calls = [(plan.arms[k].scenario, s, plan.arms[k].outcomes) for k in keys for s in seeds]
    values: dict[tuple[str, int], list[float] | str] = {}

    def done(i: int, out: list[float] | str) -> None:
        values[(keys[i // len(seeds)], i % len(seeds))] = out
        if on_run is not None:
            on_run()

    if calls:
        mapper(evaluate, calls, done)

    def series(arm_key: str, outcome: Outcome) -> tuple[list[float], list[str]]:
        j = plan.arms[arm_key].outcomes.index(outcome)
        runs_ = [values[(arm_key, i)] for i in range(len(seeds))]
        errors = [r for r in runs_ if isinstance(r, str)]
        return [math.nan if isinstance(r, str) else r[j] for r in runs_], errors

    results, per_run = [], []
    for prop in plan.propositions:
        base_label = prop.baseline + (f" ({'; '.join(prop.baseline_sets)})"
                                      if prop.baseline_sets else "")
        common = dict(proposition=prop.key, title=prop.title, source=prop.source,
                      baseline=base_label, counterfactual=prop.counterfactual_label,
                      outcome=prop.outcome.label, expected="+" if prop.expected > 0 else "-",
                      contradicts_if=prop.contradicts_if)
        if prop.key in plan.unavailable:
            results.append(PropositionResult(
                **common, runs=0, baseline_mean=math.nan, counterfactual_mean=math.nan,
                effect=math.nan, ci_low=math.nan, ci_high=math.nan, effect_size=math.nan,
                verdict=NOT_AVAILABLE, note=plan.unavailable[prop.key]))
            continue
        bkey, ckey = plan.pairs[prop.key]
        (base, base_err), (cf, cf_err) = series(bkey, prop.outcome), series(ckey, prop.outcome)
        eff = paired_effect(base, cf, root=root, interval=interval)
        failed = max(len(base_err), len(cf_err)) / runs
        notes = [f"{len(err)} of {runs} {arm} runs failed ({err[0]})"
                 for arm, err in (("baseline", base_err), ("counterfactual", cf_err)) if err]
        if eff.n < runs and not notes:
            notes.append(f"{runs - eff.n} pairs without a value")
        results.append(PropositionResult(
            **common, runs=eff.n, baseline_mean=eff.baseline, counterfactual_mean=eff.counterfactual,
            effect=eff.effect, ci_low=eff.ci_low, ci_high=eff.ci_high, effect_size=eff.d,
            verdict=NOT_AVAILABLE if failed > MAX_FAILED else verdict(eff, prop.expected),
            note="; ".join(notes)))
        for i, seed in enumerate(seeds):
            per_run.append({"proposition": prop.key, "seed": seed, "baseline": base[i],
                            "counterfactual": cf[i]})
    return results, per_run


def serial_map(fn: Callable[..., Any], calls: Sequence[tuple],
               on_done: Callable[[int, Any], None]) -> None:
    """In-process stand-in for ``DaskExecutor.map`` (tests, one worker)."""
    for i, args in enumerate(calls):
        on_done(i, fn(*args))


# -- the results store ---------------------------------------------------------------------------
PROPOSITIONS_DDL = """
CREATE TABLE IF NOT EXISTS propositions (
    proposition VARCHAR, title VARCHAR, source VARCHAR, baseline VARCHAR,
    counterfactual VARCHAR, outcome VARCHAR, expected VARCHAR, runs INTEGER,
    baseline_mean DOUBLE, counterfactual_mean DOUBLE, effect DOUBLE, ci_low DOUBLE,
    ci_high DOUBLE, effect_size DOUBLE, verdict VARCHAR, contradicts_if VARCHAR, note VARCHAR,
    root_seed BIGINT, created TIMESTAMP);
CREATE TABLE IF NOT EXISTS proposition_runs (
    proposition VARCHAR, seed BIGINT, baseline DOUBLE, counterfactual DOUBLE);
"""


def write_store(path: Any, results: Sequence[PropositionResult],
                per_run: Sequence[dict[str, Any]], root: int) -> None:
    """Replace the ``propositions`` and ``proposition_runs`` tables of a neopat results store
    (created if new; its other tables are left as they are), in one transaction."""
    import pandas as pd

    from neopat.experiments.store import writing

    with writing(path) as store, store.transaction() as con:
        con.execute(PROPOSITIONS_DDL)
        con.execute("DELETE FROM propositions")
        con.execute("DELETE FROM proposition_runs")
        rows = pd.DataFrame([r.as_row() | {"root_seed": root} for r in results])
        con.register("_rows", rows)
        con.execute("INSERT INTO propositions SELECT *, now() FROM _rows")
        con.unregister("_rows")
        if per_run:
            con.register("_runs", pd.DataFrame(per_run))
            con.execute("INSERT INTO proposition_runs SELECT * FROM _runs")
            con.unregister("_runs")
