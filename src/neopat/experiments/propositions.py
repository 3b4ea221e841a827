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

import hashlib
import json
import math
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from neopat.experiments.outputs import RECORDED, Output
from neopat.experiments.runner import RunFailure, RunResult, preflight, run, spawn_seeds
from neopat.scenarios.ablations import ABLATIONS
from neopat.scenarios.catalogue import catalogue
from neopat.scenarios.schema import Scenario
from neopat.scenarios.spec import RunSpec, prepare

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


@dataclass(frozen=True)
class Ablate:
    """Remove a mechanism as the validation does (``neopat.scenarios.ablations``): ``informal``
    means the same settings everywhere."""

    name: str

    @property
    def field(self) -> str:
        return f"ablation:{self.name}"

    @property
    def label(self) -> str:
        return f"without the {self.name} mechanism ({ABLATIONS[self.name].doc})"

    def apply(self, data: dict[str, Any]) -> None:
        ABLATIONS[self.name].edit(data)


@dataclass(frozen=True)
class Flip:
    """One input or parameter changed within its range in the baseline (and so in both arms),
    the measure and counterfactual kept: the verdict it should turn to, and why."""

    sets: tuple[str, ...]
    verdict: str
    reason: str


Change = Setting | DropInputs | Ablate


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
    """One proposition as an experiment. ``higher`` says what a higher value of the outcome
    means; ``claim`` names the arm the proposition expects higher (``baseline`` or
    ``counterfactual``), from which the predicted sign of ``baseline - counterfactual``
    follows, so a verdict cannot disagree with the direction of its own measure. A ``check``
    restates a rule of the model (reported apart, never as a test); a ``test`` has flips."""

    key: str
    title: str
    source: str
    counterfactual_name: str
    changes: tuple[Change, ...]
    outcome: Outcome
    higher: str
    claim: str
    contradicts_if: str
    kind: str = "test"
    flips: tuple[Flip, ...] = ()
    note: str = ""
    baseline: str = "kazakhstan"
    baseline_sets: tuple[str, ...] = ()

    @property
    def expected(self) -> int:
        return +1 if self.claim == "baseline" else -1

    @property
    def named_inputs(self) -> set[str]:
        """The scenario fields the counterfactual may change (dotted names, or ``inputs``)."""
        return {c.field for c in self.changes}

    @property
    def counterfactual_label(self) -> str:
        return f"{self.counterfactual_name} ({'; '.join(c.label for c in self.changes)})"


def counterfactual(base: RunSpec, prop: Proposition) -> RunSpec:
    """``base`` with the proposition's changes applied (and nothing else)."""
    def name(data: dict[str, Any]) -> None:
        data["name"] = f"{base.name}/{prop.key}-counterfactual"
    return prepare(base, edits=[c.apply for c in prop.changes] + [name],
                   label=f"{prop.key} counterfactual")


INFORMAL = Ablate("informal")

PROPOSITIONS: tuple[Proposition, ...] = (
    Proposition(
        "P1a", "reliance on informal relations follows transitional uncertainty",
        "seed:4758-4762", "settled rules", (DropInputs(("rule_set",), keep_first=True),),
        Indicator.of("informal_reliance:mean"), "more reliance on informal relations",
        "baseline", "informal reliance lower with the rule-set changes of the transition",
        kind="check",
        note="the model adds uncertainty in every year with a rule-set change (ODD §7.7): this "
             "restates that rule"),
    Proposition(
        "P1b", "the contingencies of transition (privatisation) raise reliance on informal "
        "relations", "seed:3161-3167", "no privatisation", (DropInputs(("privatisation",)),),
        Indicator.of("informal_reliance:mean"), "more reliance on informal relations",
        "baseline", "informal reliance lower with the privatisation stages than without them",
        flips=(Flip(("ruler.fragmentation_uncertainty=0",), INCONCLUSIVE,
                    "the ruler's uncertainty then does not answer to fragmentation, so the "
                    "independent elites privatisation makes and the waves they leave in do not "
                    "reach his reliance on informal relations"),)),
    Proposition(
        "P2", "selective application of party law and electoral rules weakens competition",
        "seed:4764-4772", "informal tier cut", (INFORMAL,),
        Indicator.of("opposition_seat_share:mean"), "more competition (opposition seats)",
        "counterfactual",
        "the opposition's seat share higher with the informal tier's hold than without it",
        flips=(Flip(("ruler.species=institutionalist",), INCONCLUSIVE,
                    "officials who gain nothing by bending a rule leave the informal tier no "
                    "hold to cut"),)),
    Proposition(
        "P3", "a presidential party enhances elite stability", "seed:4774-4780",
        "no presidential party", (Setting(PRESIDENTIAL_SWITCH, False),),
        Indicator.of("defections:sum"), "less elite stability (more defections)",
        "counterfactual", "more elite defections with a presidential party than without one",
        flips=(Flip(("parties.vehicle_loyalty_bonus=1",), SUPPORTED,
                    "the vehicle's patronage then closes all of a member's gap to full "
                    "loyalty each year, so the party holds back the defections a member's "
                    "grievance would bring"),
               Flip(("parties.vehicle_loyalty_bonus=0",), INCONCLUSIVE,
                    "membership then adds nothing to a member's loyalty, so the party holds "
                    "back no defection"))),
    Proposition(
        "P4", "emerging parties are clientelistic and personalistic elite-based",
        "seed:4782-4786", "informal tier cut", (INFORMAL,),
        PartyShare("clientelistic/personalistic share", "gd_species",
                   ("clientelistic_elite", "personalistic_electoralist")),
        "more clientelistic and personalistic parties", "baseline",
        "the share of clientelistic-elite and personalistic-electoralist parties lower with "
        "the informal tier's hold than without it", kind="check",
        note="a party's type follows its founding motive and coherence draws (ODD §7.9), not how "
             "its members arrive: this compares party mixes, it does not test the claim"),
    Proposition(
        "P5", "parties are vehicles of factional elite conflict", "seed:4788-4792",
        "no factional raids", (Setting("arbitration.conflict_propensity", 0.0),),
        PartyCount("elite-vehicle parties", "motive", ("oligarch_front", "family", "defector")),
        "more parties founded as elite vehicles", "baseline",
        "fewer elite-vehicle parties (oligarch fronts, family and defectors' parties) founded "
        "with factional conflict than without it",
        flips=(Flip(("arbitration.appeal_probability=0",), INCONCLUSIVE,
                    "a raid's victims then never appeal, so no appeal the ruler upholds drives "
                    "them out of the coalition to found a party of their own"),
               Flip(("arbitration.conflict_propensity=1",), SUPPORTED,
                    "a faction holding coercive offices then raids a rival every year, so "
                    "more of the raids' victims leave the coalition to found parties of their "
                    "own"))),
    Proposition(
        "P6a", "homogeneity of opinion on the president", "seed:4794-4801", "no media control",
        (Setting("selective.media_control", 0.0),), Indicator.of("approval_sd:mean"),
        "more dispersed opinion", "counterfactual",
        "approval less dispersed without media control than with it", kind="check",
        note="the model homogenises approval by a share of media control (ODD §7.10): this "
             "restates that rule"),
    Proposition(
        "P6b", "disconnection and passiveness of society as the informal tier's effect",
        "seed:4794-4801", "informal tier cut", (INFORMAL,), Indicator.of("apathy_mean:mean"),
        "more passive society", "baseline",
        "society less passive with the informal tier's hold than without it",
        flips=(Flip(("society.apathy_rate=0",), INCONCLUSIVE,
                    "apathy then never moves from where it starts, so nothing the informal "
                    "tier does can make society more passive"),)),
    Proposition(
        "P7", "the dominant pro-presidential party helps legitimise the president's informal "
        "power", "seed:4803-4805", "no presidential party", (Setting(PRESIDENTIAL_SWITCH, False),),
        Indicator.of("legitimacy:mean"), "more legitimacy", "baseline",
        "the ruler's legitimacy lower with a dominant presidential party than without one",
        flips=(Flip(("parties.legitimacy_feedback=0",), INCONCLUSIVE,
                    "legitimacy then does not follow an election's official outcome, so the "
                    "vehicle's victories add nothing to the ruler's legitimacy"),)),
    Proposition(
        "P8", "parties are weak on interest articulation and representation", "seed:4807-4811",
        "informal tier cut", (INFORMAL,), Indicator.of("incongruence:mean"),
        "worse representation (the chamber further from the citizens' distribution)",
        "baseline",
        "the chamber's incongruence with the citizens lower with the informal tier's hold than "
        "without it",
        flips=(Flip(("selective.falsification=1",), SUPPORTED,
                    "counts falsified in full then hand the ruler's side seats the citizens "
                    "did not give it, so the informal tier's hold moves the chamber further "
                    "from their distribution"),
               Flip(("ruler.species=institutionalist",), INCONCLUSIVE,
                    "officials who gain nothing by bending a rule leave the informal tier no "
                    "hold on the chamber to cut"))),
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
@dataclass(frozen=True)
class Outcomes:
    """A reducer for the runner: a run's result to the value of each outcome (on the worker:
    only these numbers travel back)."""

    outcomes: tuple[Outcome, ...]

    def __call__(self, result: RunResult) -> list[float]:
        return [o.value(result) for o in self.outcomes]


@dataclass
class Arm:
    """A distinct spec to run (the design of one arm), with the outcomes wanted from it."""

    spec: RunSpec
    outcomes: list[Outcome] = field(default_factory=list)


@dataclass
class Design:
    """What :func:`run_propositions` will do: the arms (deduplicated specs) and, per
    proposition, its baseline and counterfactual arm keys or the reason it is not available."""

    arms: dict[str, Arm]
    pairs: dict[str, tuple[str, str]]
    unavailable: dict[str, str]
    propositions: tuple[Proposition, ...]

    def outcomes(self) -> tuple[Outcome, ...]:
        """Every outcome any arm wants, once (each run is reduced to all of them)."""
        return tuple(dict.fromkeys(o for arm in self.arms.values() for o in arm.outcomes))


def missing_input(prop: Proposition) -> str | None:
    """Why the counterfactual cannot be built (a parameter absent from the catalogue), or None."""
    names = {info.name for info in catalogue(Scenario)}
    for change in prop.changes:
        if isinstance(change, Setting) and change.name not in names:
            return f"needs catalogue parameter {change.name} (not in this model)"
    return None


def missing_outcome(prop: Proposition) -> str | None:
    """Why the outcome cannot be measured (an indicator runs do not declare), or None: party
    outcomes read the party rows every run records."""
    if isinstance(prop.outcome, Indicator) and prop.outcome.indicator not in RECORDED:
        return f"needs yearly indicator {prop.outcome.indicator} (no run records it)"
    return None


def _arm_key(spec: RunSpec) -> str:
    """Identity of an arm: its spec without seed and name (equal arms run once)."""
    data = spec.with_seed(0).as_dict()
    data["scenario"]["name"] = ""
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def design(props: Sequence[Proposition] = PROPOSITIONS, *, scale: float | None = None,
           years: str | None = None) -> Design:
    """Build both arms of every available proposition (specs through ``scenarios.prepare``);
    outcomes are checked against the indicators runs declare, without a pilot run."""
    arms: dict[str, Arm] = {}
    pairs: dict[str, tuple[str, str]] = {}
    unavailable: dict[str, str] = {}

    def arm(spec: RunSpec, outcome: Outcome) -> str:
        key = _arm_key(spec)
        entry = arms.setdefault(key, Arm(spec))
        if outcome not in entry.outcomes:
            entry.outcomes.append(outcome)
        return key

    for prop in props:
        base = preflight(prepare(prop.baseline, prop.baseline_sets, scale=scale, years=years))
        reason = missing_input(prop) or missing_outcome(prop)
        if reason is not None:
            unavailable[prop.key] = reason
            continue
        pairs[prop.key] = (arm(base, prop.outcome), arm(counterfactual(base, prop), prop.outcome))
    return Design(arms, pairs, unavailable, tuple(props))


@dataclass
class PropositionResult:
    """One proposition's row of the report (and of the store's ``propositions`` table)."""

    proposition: str
    title: str
    source: str
    kind: str
    baseline: str
    counterfactual: str
    outcome: str
    higher: str
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


def run_propositions(plan: Design, runs: int, root: int, executor: Executor | None = None, *,
                     on_run: Callable[[], None] | None = None, interval: str = "t"
                     ) -> tuple[list[PropositionResult], list[dict[str, Any]]]:
    """Run every arm for ``runs`` seeds spawned from ``SeedSequence(root)`` (the same seeds in
    every arm: pairs) through the runner on ``executor``; return one result per proposition
    and the per-run outcome values. A run the model cannot complete is counted against its
    arm, not raised."""
    seeds = spawn_seeds(runs, root)
    keys = list(plan.arms)
    outcomes = plan.outcomes()
    specs = [plan.arms[k].spec.with_seed(s) for k in keys for s in seeds]
    found = run(specs, executor, reduce=Outcomes(outcomes), failures=True,
                on_done=lambda *_: on_run and on_run())
    values = {(keys[i // len(seeds)], i % len(seeds)): v for i, v in enumerate(found)}

    def series(arm_key: str, outcome: Outcome) -> tuple[list[float], list[str]]:
        j = outcomes.index(outcome)
        runs_ = [values[(arm_key, i)] for i in range(len(seeds))]
        errors = [r.message for r in runs_ if isinstance(r, RunFailure)]
        return [math.nan if isinstance(r, RunFailure) else r[j] for r in runs_], errors

    results, per_run = [], []
    for prop in plan.propositions:
        base_label = prop.baseline + (f" ({'; '.join(prop.baseline_sets)})"
                                      if prop.baseline_sets else "")
        common = dict(proposition=prop.key, title=prop.title, source=prop.source,
                      kind=prop.kind, baseline=base_label,
                      counterfactual=prop.counterfactual_label, outcome=prop.outcome.label,
                      higher=prop.higher, expected="+" if prop.expected > 0 else "-",
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
        if prop.note:
            notes.append(prop.note)
        results.append(PropositionResult(
            **common, runs=eff.n, baseline_mean=eff.baseline, counterfactual_mean=eff.counterfactual,
            effect=eff.effect, ci_low=eff.ci_low, ci_high=eff.ci_high, effect_size=eff.d,
            verdict=NOT_AVAILABLE if failed > MAX_FAILED else verdict(eff, prop.expected),
            note="; ".join(notes)))
        for i, seed in enumerate(seeds):
            per_run.append({"proposition": prop.key, "seed": seed, "baseline": base[i],
                            "counterfactual": cf[i]})
    return results, per_run


def flipped(props: Sequence[Proposition]) -> tuple[Proposition, ...]:
    """Each test's flips as propositions of their own: the same measure and counterfactual on
    a baseline with the flip's inputs changed (keys ``P2~1``, ...)."""
    return tuple(replace(prop, key=f"{prop.key}~{i}", flips=(),
                         baseline_sets=prop.baseline_sets + flip.sets)
                 for prop in props if prop.kind == "test"
                 for i, flip in enumerate(prop.flips, start=1))


def flip_rows(results: Sequence[PropositionResult], flip_results: Sequence[PropositionResult]
              ) -> list[dict[str, Any]]:
    """Per flip: the proposition's verdict, the flip's, the one expected and whether it
    turned. A flip applies only where the proposition's verdict is not the one it expects (a
    flip towards "supported" cannot turn a supported verdict); ``turned`` is None otherwise."""
    by_key = {r.proposition: r for r in results}
    rows = []
    for r in flip_results:
        key, index = r.proposition.split("~")
        prop, flip = by_key[key], by_key_flip(key, int(index))
        applies = prop.verdict != flip.verdict
        rows.append({"proposition": key, "flip": "; ".join(flip.sets), "verdict": prop.verdict,
                     "flipped": r.verdict, "expected": flip.verdict, "applies": applies,
                     "turned": r.verdict == flip.verdict if applies else None,
                     "effect": r.effect, "ci_low": r.ci_low, "ci_high": r.ci_high,
                     "reason": flip.reason})
    return rows


def by_key_flip(key: str, index: int) -> Flip:
    return by_key(key).flips[index - 1]


def write_store(path: Any, results: Sequence[PropositionResult],
                per_run: Sequence[dict[str, Any]], root: int) -> None:
    """Replace the ``propositions`` and ``proposition_runs`` tables of a neopat results store
    (created if new; its other tables are left as they are), in one transaction."""
    import pandas as pd

    from neopat.experiments.store import writing

    with writing(path) as store:
        store.write_propositions(
            pd.DataFrame([r.as_row() | {"root_seed": root} for r in results]),
            pd.DataFrame(per_run, columns=["proposition", "seed", "baseline", "counterfactual"]))
