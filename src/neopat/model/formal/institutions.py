"""Endogenous institutions (schedule step 9; ODD §7.12): the legislature acts, the ruler
redesigns the rules.

With ``institutions.endogenous`` on, the historical rule-set calendar is off (``model.py``
skips ``rule_set`` inputs) and this step runs every year after the elections:

1. **The legislature acts** when the seats outside the presidential camp, times the
   legislature's constitutional power, reach ``assembly_majority``: a no-confidence vote and
   veto overrides, as in 1994 (seed:7297-7307).
2. **The ruler answers threats** (an assertive legislature; seats outside his camp after an
   election; a defection wave) from a menu of changes, each with a legitimacy cost fixed in the
   catalogue. For each threat he takes the cheapest change that is available and affordable
   (legitimacy stays above ``legitimacy_floor``); ties are broken with ``model.rng``. An assertive
   legislature is answered until it is neutralised structurally: dissolution through the courts
   first (a sitting legislature amends the constitution itself, seed:6834-6850), then, with no
   legislature sitting, rule by decree, a term referendum and a new constitution (seed:7491-7530).
3. **Gestures**: restrictive changes accumulate international criticism; above a threshold, with
   no threat pending, the ruler offers a small list tier or a guaranteed second party
   (seed:10029-10039, seed:9763-9776).

Rule changes are new rule sets (``neopat.data.rule_sets.RuleSet``) or party laws derived from the
one in force and registered in ``InstitutionalState.derived``; ``rule_set_in_force`` and
``party_law_in_force`` are what the election and registration steps read. The institutionalist
species never redesigns rules (it applies them impartially, ODD §7.3).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from neopat.data.rule_sets import AppointedTier, ListTier, PartyLaw, RegionalRule, RuleSet, SmdTier
from neopat.model.events import mechanism
from neopat.model.formal.elections import PRO_KEYS
from neopat.model.formal.in_force import party_law_in_force, rule_set_in_force, rule_set_named
from neopat.scenarios.schema import Input

if TYPE_CHECKING:
    from neopat.model.model import NeopatModel
    from neopat.scenarios.schema import InstitutionsParams

LEGISLATURE_ACTS = mechanism(
    "legislature_acts", "seed:7297-7307",
    "a legislature where the seats outside the presidential camp (times its constitutional "
    "power) reach a majority passes no-confidence votes and overrides vetoes")
INSTITUTIONAL_CHANGE = mechanism(
    "institutional_change", "seed:8666-8676",
    "the ruler answers a threat with the cheapest affordable change from his menu "
    "(dissolution, decree, referendums, thresholds, party-law minimums, blocs, PR, appointees)")
GESTURE = mechanism(
    "gesture", "seed:10029-10039",
    "under international criticism the ruler offers a gesture: a small list tier or a "
    "guaranteed second party")

ASSERTIVE, SEATS, WAVE = "assertive legislature", "opposition seats", "defection wave"
TERM_HORIZON = 3  # years ahead in which a presidential election makes a term referendum useful
WAVE_MEMORY = 3  # years during which one defection wave is not answered twice (default)


@dataclass
class InstitutionalState:
    """The formal institutions the ruler can redesign, and the record of his changes."""

    rule_set: str
    party_law: str
    derived: dict[str, RuleSet | PartyLaw] = field(default_factory=dict)
    legislative_power: float = 1.0  # the 1993 constitution's parliament (seed:7329-7333)
    sitting: bool = False  # a legislature elected and not dissolved
    decree_year: int | None = None
    term_extended: bool = False
    criticism: float = 0.0
    last_wave_answer: int | None = None
    changes: list[dict[str, Any]] = field(default_factory=list)
    seen: list[dict[str, Any]] = field(default_factory=list)  # yearly threat diagnostics

    @classmethod
    def start(cls, model: NeopatModel) -> InstitutionalState:
        """The rules in force at the start: the initial ones in endogenous mode, else the
        calendar's inputs dated before the first year."""
        sc = model.scenario
        if sc.institutions.endogenous:
            rule_set, law = sc.initial("rule_set"), sc.initial("party_law")
        else:
            rule_set, law = (sc.in_force(kind, sc.years.start - 1) for kind in ("rule_set", "party_law"))
        model.rule_set = rule_set
        return cls(rule_set=rule_set, party_law=law)


# -- threats ------------------------------------------------------------------------------------
def sitting_election(model: NeopatModel) -> dict | None:
    """The parliamentary election that chose the sitting legislature (None if none sits)."""
    if not model.institutions.sitting:
        return None
    for election in reversed(getattr(model, "elections", [])):
        if election.get("kind") == "parliament":
            return election
    return None


def hostile_share(model: NeopatModel, election: dict) -> float:
    """Share of seats outside the presidential camp: opposition parties, plus independents
    not siding with the president; appointed tiers and self-nominated winners declared pro count
    as his (seed:7221-7225)."""
    by_tier = election.get("seats_by_tier") or {"all": election.get("seats", {})}
    rules = rule_set_named(model, election.get("rule_set", ""))
    appointed = set() if rules is None else {
        t.name for c in rules.chambers for t in c.tiers if isinstance(t, AppointedTier)}
    stance = {p.key: p.stance for p in getattr(model, "parties", [])}
    loyal = model.scenario.institutions.independent_loyalty
    total = hostile = 0.0
    for tier, seats in by_tier.items():
        for key, n in seats.items():
            total += n
            if tier in appointed or key in PRO_KEYS or stance.get(key) == "pro":
                continue
            hostile += n if stance.get(key) == "opposition" else (1 - loyal) * n
    return hostile / total if total else 0.0


def assertive(model: NeopatModel) -> bool:
    election = sitting_election(model)
    if election is None:
        return False
    power = model.institutions.legislative_power
    return hostile_share(model, election) * power >= model.scenario.institutions.assembly_majority


def threats(model: NeopatModel) -> list[str]:
    """The threats the ruler sees this year, in the order he answers them."""
    cfg = model.scenario.institutions
    found = []
    if assertive(model):
        found.append(ASSERTIVE)
    held = [e for e in getattr(model, "elections", [])
            if e.get("kind") == "parliament" and e.get("year") == model.year]
    if held and hostile_share(model, held[-1]) >= cfg.seat_threat:
        found.append(SEATS)
    last = model.institutions.last_wave_answer
    if model.fragmentation() >= cfg.wave_threat and (last is None or model.year - last >= WAVE_MEMORY):
        found.append(WAVE)
    return found


# -- the menu ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Option:
    """One change on the ruler's menu."""

    name: str
    answers: frozenset[str]
    cost: Callable[[InstitutionsParams], float]
    available: Callable[[NeopatModel], bool]
    apply: Callable[[NeopatModel], dict[str, Any]]
    direction: str = "restrictive"


def _chamber_tiers(model: NeopatModel):
    rules = rule_set_in_force(model)
    return [] if rules is None else rules.chamber().tiers


def _has(model: NeopatModel, kind: type) -> bool:
    return any(isinstance(t, kind) for t in _chamber_tiers(model))


def _derive_rules(model: NeopatModel, option: str, tiers=None, **candidates) -> dict[str, Any]:
    """Register a rule set derived from the one in force and put it in force."""
    base = rule_set_in_force(model)
    chamber = base.chamber()
    new_chamber = chamber.model_copy(update={"tiers": list(tiers if tiers is not None
                                                           else chamber.tiers)})
    new = base.model_copy(update={
        "name": f"{base.name}+{option}@{model.year}", "year": model.year, "election": "",
        "chambers": [new_chamber, *base.chambers[1:]],
        "candidates": base.candidates.model_copy(update=candidates)})
    model.institutions.derived[new.name] = new
    model.rule_set = model.institutions.rule_set = new.name
    return {"rule_set": new.name, "from": base.name}


def _derive_law(model: NeopatModel, option: str, **update) -> dict[str, Any]:
    base = party_law_in_force(model)
    new = base.model_copy(update={"name": f"{base.name}+{option}@{model.year}",
                                  "year": model.year, "reregistration_on_change": True, **update})
    model.institutions.derived[new.name] = new
    model.institutions.party_law = new.name
    return {"party_law": new.name, "from": base.name}


def _dissolve(model: NeopatModel) -> dict[str, Any]:
    state = model.institutions
    state.sitting = False
    scheduled = [i.name for i in [*model.scenario.inputs, *model.extra_inputs]
                 if i.office == "parliament"
                 and i.year == model.year + 1 and i.name not in model.cancelled_inputs]
    if scheduled:  # an election already due next year re-elects the legislature
        return {"early_election": scheduled[0]}
    name = f"parliament-early-{model.year + 1}"
    model.extra_inputs.append(Input(
        kind="election", office="parliament", name=name, year=model.year + 1,
        month=model.scenario.institutions.early_election_month,
        ends=["speaker", "deputy"], source=LEGISLATURE_ACTS.source))
    return {"early_election": name}


def _decree(model: NeopatModel) -> dict[str, Any]:
    model.institutions.decree_year = model.year
    return {"until": f"parliament elected after {model.year}"}


def _extend_term(model: NeopatModel) -> dict[str, Any]:
    model.institutions.term_extended = True
    due = _presidential_due(model)
    model.cancelled_inputs.update(due)
    return {"cancelled": sorted(due)}


def _presidential_due(model: NeopatModel) -> set[str]:
    return {i.name for i in [*model.scenario.inputs, *model.extra_inputs]
            if i.office == "president"
            and model.year < i.year <= model.year + TERM_HORIZON
            and i.name not in model.cancelled_inputs}


def _constitution(model: NeopatModel) -> dict[str, Any]:
    power = model.scenario.institutions.constitution_power
    model.institutions.legislative_power = min(model.institutions.legislative_power, power)
    return {"legislative_power": power}


def _raise_threshold(model: NeopatModel) -> dict[str, Any]:
    step = model.scenario.institutions.threshold_step
    tiers = [t.model_copy(update={"threshold": min(0.5, t.threshold + step)})
             if isinstance(t, ListTier) else t for t in _chamber_tiers(model)]
    return _derive_rules(model, "threshold", tiers)


def _full_pr(model: NeopatModel) -> dict[str, Any]:
    tiers = _chamber_tiers(model)
    smd = sum(t.districts for t in tiers if isinstance(t, SmdTier))
    kept = [t for t in tiers if not isinstance(t, SmdTier)]
    lists = [t for t in kept if isinstance(t, ListTier)]
    if lists:
        kept[kept.index(lists[0])] = lists[0].model_copy(update={"seats": lists[0].seats + smd})
    else:
        kept.append(ListTier(name="list", seats=smd,
                             threshold=model.scenario.institutions.list_threshold))
    return _derive_rules(model, "full-pr", kept)


def _appointed(model: NeopatModel) -> dict[str, Any]:
    tiers = _chamber_tiers(model)
    total = sum(t.districts if isinstance(t, SmdTier) else t.seats for t in tiers)
    n = max(1, round(model.scenario.institutions.appointed_share * total))
    return _derive_rules(model, "appointed",
                         [*tiers, AppointedTier(name="appointed", seats=n, selector="president")])


def _small_list(model: NeopatModel) -> dict[str, Any]:
    cfg = model.scenario.institutions
    tiers = [*_chamber_tiers(model),
             ListTier(name="list", seats=cfg.gesture_list_seats, threshold=cfg.list_threshold)]
    return _derive_rules(model, "list-tier", tiers)


def _second_party(model: NeopatModel) -> dict[str, Any]:
    tiers = [t.model_copy(update={"min_parties": 2}) if isinstance(t, ListTier) else t
             for t in _chamber_tiers(model)]
    return _derive_rules(model, "second-party", tiers)


def _registration(model: NeopatModel) -> dict[str, Any]:
    law = party_law_in_force(model)
    factor = model.scenario.institutions.registration_factor
    members = round((law.min_members or 600) * factor)
    return _derive_law(model, "members", min_members=members)


def _regional(model: NeopatModel) -> dict[str, Any]:
    law = party_law_in_force(model)
    n_regions = law.regional.n_regions if law.regional else model.scenario.clientelism.n_regions
    rule = RegionalRule(min_per_region=model.scenario.institutions.regional_min,
                        regions="all", n_regions=n_regions)
    return _derive_law(model, "regions", regional=rule)


def _regional_open(model: NeopatModel) -> bool:
    law = party_law_in_force(model)
    cfg = model.scenario.institutions
    return (law.regional is None or law.regional.regions != "all"
            or law.regional.min_per_region < cfg.regional_min)


def _list_tier_without_guarantee(model: NeopatModel) -> bool:
    return any(isinstance(t, ListTier) and t.min_parties < 2 for t in _chamber_tiers(model))


def _rules_known(model: NeopatModel) -> bool:
    return rule_set_in_force(model) is not None


def _no_legislature(model: NeopatModel) -> bool:
    return not model.institutions.sitting


MENU: tuple[Option, ...] = (
    Option("dissolution", frozenset({ASSERTIVE}), lambda c: c.cost_dissolution,
           lambda m: m.institutions.sitting, _dissolve),
    Option("decree", frozenset({ASSERTIVE}), lambda c: c.cost_decree,
           lambda m: _no_legislature(m) and m.institutions.decree_year != m.year, _decree),
    Option("term_referendum", frozenset({ASSERTIVE, WAVE}), lambda c: c.cost_term_referendum,
           lambda m: _no_legislature(m) and not m.institutions.term_extended
           and bool(_presidential_due(m)), _extend_term),
    Option("constitution", frozenset({ASSERTIVE}), lambda c: c.cost_constitution,
           lambda m: _no_legislature(m) and m.institutions.legislative_power
           > m.scenario.institutions.constitution_power, _constitution),
    Option("raise_threshold", frozenset({SEATS}), lambda c: c.cost_threshold,
           lambda m: _rules_known(m) and _has(m, ListTier), _raise_threshold),
    Option("full_list_pr", frozenset({SEATS, WAVE}), lambda c: c.cost_full_pr,
           lambda m: _rules_known(m) and _has(m, SmdTier), _full_pr),
    Option("ban_blocs", frozenset({SEATS, WAVE}), lambda c: c.cost_bloc_ban,
           lambda m: _rules_known(m) and rule_set_in_force(m).candidates.blocs_allowed,
           lambda m: _derive_rules(m, "no-blocs", blocs_allowed=False)),
    Option("appointed_seats", frozenset({SEATS}), lambda c: c.cost_appointed,
           lambda m: _rules_known(m) and not _has(m, AppointedTier), _appointed),
    Option("registration_minimum", frozenset({SEATS, WAVE}), lambda c: c.cost_registration,
           lambda m: True, _registration),
    Option("regional_requirement", frozenset({SEATS, WAVE}), lambda c: c.cost_regional,
           _regional_open, _regional),
)
GESTURES: tuple[Option, ...] = (
    Option("small_list_tier", frozenset(), lambda c: -c.gesture_gain,
           lambda m: _rules_known(m) and not _has(m, ListTier), _small_list, "gesture"),
    Option("second_party", frozenset(), lambda c: -c.gesture_gain,
           _list_tier_without_guarantee, _second_party, "gesture"),
)
OPTIONS = {o.name: o for o in (*MENU, *GESTURES)}


def choose(model: NeopatModel, threat: str) -> Option | None:
    """The cheapest available, affordable option answering ``threat`` (ties: ``model.rng``)."""
    cfg = model.scenario.institutions
    room = model.ruler.legitimacy - cfg.legitimacy_floor
    fits = [o for o in MENU if threat in o.answers and o.available(model) and o.cost(cfg) <= room]
    if not fits:
        return None
    cheapest = min(o.cost(cfg) for o in fits)
    tied = [o for o in fits if o.cost(cfg) == cheapest]
    return tied[int(model.rng.integers(len(tied)))] if len(tied) > 1 else tied[0]


def enact(model: NeopatModel, option: Option, threat: str) -> None:
    cfg = model.scenario.institutions
    cost = option.cost(cfg)
    detail = option.apply(model)
    model.ruler.legitimacy = min(1.0, max(0.0, model.ruler.legitimacy - cost))
    if option.direction == "restrictive":
        model.institutions.criticism += cost
    mech = GESTURE if option.direction == "gesture" else INSTITUTIONAL_CHANGE
    model.log.emit(model.year, 12, mech, [model.ruler.key], option=option.name,
                   threat=threat, cost=cost, **detail)
    model.institutions.changes.append({"year": model.year, "option": option.name,
                                       "direction": option.direction, "threat": threat,
                                       "cost": cost})
    model.contested_this_year = True


# -- the step --------------------------------------------------------------------------------
def note_elections(model: NeopatModel) -> None:
    """A parliamentary election held this year seats a new legislature."""
    if any(e.get("kind") == "parliament" and e.get("year") == model.year
           for e in getattr(model, "elections", [])):
        model.institutions.sitting = True


def legislature_acts(model: NeopatModel) -> bool:
    if not assertive(model):
        return False
    election = sitting_election(model)
    model.log.emit(model.year, 12, LEGISLATURE_ACTS, [], acts=["no_confidence", "veto_override"],
                   hostile_share=round(hostile_share(model, election), 4),
                   legislative_power=model.institutions.legislative_power)
    return True


def answer(model: NeopatModel, threat: str) -> None:
    """Answer one threat; an assertive legislature until it is structurally neutralised."""
    while True:
        option = choose(model, threat)
        if option is None:
            return
        enact(model, option, threat)
        if threat == WAVE:
            model.institutions.last_wave_answer = model.year
        if threat != ASSERTIVE:
            return
        cfg = model.scenario.institutions
        if model.institutions.legislative_power <= cfg.constitution_power:
            return


def gesture(model: NeopatModel) -> None:
    cfg = model.scenario.institutions
    if model.institutions.criticism < cfg.criticism_threshold:
        return
    for option in GESTURES:
        if option.available(model):
            enact(model, option, "international criticism")
            model.institutions.criticism = 0.0
            return


def step_institutions(model: NeopatModel) -> None:
    """9. Institutional design (only with ``institutions.endogenous``); international
    criticism decays every year."""
    if not model.scenario.institutions.endogenous:
        model.institutions.criticism *= model.scenario.institutions.criticism_decay
        return
    note_elections(model)
    legislature_acts(model)
    state = model.institutions
    pending = threats(model)
    election = sitting_election(model)
    state.seen.append({"year": model.year, "threats": list(pending),
                       "hostile_share": None if election is None
                       else hostile_share(model, election),
                       "fragmentation": model.fragmentation()})
    if model.ruler.species.designs_rules:
        for threat in pending:
            answer(model, threat)
        if not pending:
            gesture(model)
    state.criticism *= model.scenario.institutions.criticism_decay
