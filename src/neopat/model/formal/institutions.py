"""Endogenous institutions (schedule step 9; ODD §7.12): the legislature acts, the ruler
redesigns the rules by weighing each change's forecast benefit against its cost.

With ``institutions.endogenous`` on, the historical rule-set calendar is off (``model.py``
skips ``rule_set`` inputs) and this step runs every year after the elections:

1. **The legislature acts** when its hostile share times its constitutional power reaches
   ``assembly_majority``: a no-confidence vote and veto overrides, as in 1994 (seed:7297-7307).
2. **The ruler weighs his menu.** The threat he foresees (``threat.py``: disapproval, defection
   waves and the opposition's money, an assertive legislature) sets what a point of *hostile
   power* (the forecast hostile seat share times the legislature's power) is worth to him. An
   electoral change's benefit is the fall in hostile power it brings in his forecast of the next
   legislature (``forecast.py``, seats through :mod:`neopat.rules`), discounted by
   ``foresight`` per year until that election; a constitutional change's benefit is the power it
   takes from the legislature, a presidential one's the risk to his office it removes. Its cost
   is its legitimacy price, raised by international criticism, plus the seats it takes from his
   own camp (elite reaction). He enacts the change with the largest positive net benefit that
   leaves legitimacy above ``legitimacy_floor``, then weighs again (each change once a year).
3. **Gestures** under international criticism: a small list tier or a guaranteed second party,
   when the legitimacy they earn outweighs the hostile power they concede (seed:10029-10039,
   seed:9763-9776).

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
from neopat.model.formal.forecast import Forecast, forecast, legislature
from neopat.model.formal.in_force import party_law_in_force, rule_set_in_force, rule_set_named
from neopat.model.formal.management import criticism
from neopat.model.formal.threat import channels, threat
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
    "the ruler enacts the change whose forecast benefit (hostile power removed, weighted by the "
    "threat he foresees) most exceeds its cost (legitimacy, criticism, elite reaction)")
GESTURE = mechanism(
    "gesture", "seed:10029-10039",
    "under international criticism the ruler offers a gesture when the legitimacy it earns "
    "outweighs the hostile power it concedes: a small list tier or a guaranteed second party")

TERM_HORIZON = 3  # years ahead in which a presidential election makes a term referendum useful
MIN_HOSTILE = 0.01  # a forecast hostile share below this leaves nothing to remove


@dataclass
class InstitutionalState:
    """The formal institutions the ruler can redesign, and the record of his changes."""

    rule_set: str
    party_law: str
    derived: dict[str, RuleSet | PartyLaw] = field(default_factory=dict)
    legislative_power: float = 1.0  # the 1993 constitution's parliament (seed:7329-7333)
    sitting: bool = True  # the legislature of the start (Supreme Soviet) sits until dissolved
    decree_year: int | None = None
    senate: bool = False
    constitution_year: int | None = None  # a new constitution brings a term limit
    exempt: bool = False
    criticism: float = 0.0
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


# -- the legislature -----------------------------------------------------------------------------
def sitting_election(model: NeopatModel) -> dict | None:
    """The parliamentary election that chose the sitting legislature (None if none sits or the
    sitting one was not elected in the run)."""
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


def sitting_hostile(model: NeopatModel) -> float | None:
    election = sitting_election(model)
    return None if election is None else hostile_share(model, election)


def assertive(model: NeopatModel) -> bool:
    hostile = sitting_hostile(model)
    return hostile is not None and (hostile * model.institutions.legislative_power
                                    >= model.scenario.institutions.assembly_majority)


def amendable(model: NeopatModel) -> bool:
    """The constitution can be changed: no legislature sits, or the sitting one is not assertive
    (under the 1993 text a sitting parliament amends the constitution itself, seed:6834-6850)."""
    return not model.institutions.sitting or not assertive(model)


def next_election(model: NeopatModel, office: str) -> int | None:
    """Year of the next scheduled election to ``office`` after this one."""
    years = [i.year for i in [*model.scenario.inputs, *model.extra_inputs]
             if i.kind == "election" and i.office == office and i.year > model.year
             and i.name not in model.cancelled_inputs]
    return min(years, default=None)


def urgency(model: NeopatModel, year: int | None) -> float:
    """``foresight`` per year between now and ``year`` (1 for next year; 0 for none)."""
    if year is None:
        return 0.0
    return model.scenario.institutions.foresight ** max(0, year - model.year - 1)


# -- the menu ----------------------------------------------------------------------------------
@dataclass
class Outlook:
    """What the ruler weighs a change against this year."""

    forecast: Forecast
    threat: float
    channels: dict[str, float]
    hostile: float  # forecast hostile share of the next legislature under the rules in force
    loyal: float
    disapproval: float


@dataclass(frozen=True)
class Option:
    """One change on the ruler's menu. ``design`` (electoral changes) returns the rule set and
    party law it would put in force; ``gain`` (other changes) its benefit before the threat
    weight."""

    name: str
    price: Callable[[InstitutionsParams], float]
    available: Callable[[NeopatModel], bool]
    apply: Callable[[NeopatModel], dict[str, Any]]
    design: Callable[[NeopatModel], tuple[RuleSet, PartyLaw]] | None = None
    gain: Callable[[NeopatModel, Outlook], float] | None = None
    direction: str = "restrictive"


def _chamber_tiers(model: NeopatModel):
    rules = rule_set_in_force(model)
    return [] if rules is None else rules.chamber().tiers


def _has(model: NeopatModel, kind: type) -> bool:
    return any(isinstance(t, kind) for t in _chamber_tiers(model))


def _rules_with(model: NeopatModel, option: str, tiers=None, **candidates) -> RuleSet:
    """A rule set derived from the one in force (not yet in force)."""
    base = rule_set_in_force(model)
    chamber = base.chamber()
    new_chamber = chamber.model_copy(update={"tiers": list(tiers if tiers is not None
                                                           else chamber.tiers)})
    return base.model_copy(update={
        "name": f"{base.name}+{option}@{model.year}", "year": model.year, "election": "",
        "chambers": [new_chamber, *base.chambers[1:]],
        "candidates": base.candidates.model_copy(update=candidates)})


def _law_with(model: NeopatModel, option: str, **update) -> PartyLaw:
    base = party_law_in_force(model)
    return base.model_copy(update={"name": f"{base.name}+{option}@{model.year}",
                                   "year": model.year, "reregistration_on_change": True, **update})


def _rules(make: Callable[[NeopatModel], RuleSet]):
    return lambda m: (make(m), party_law_in_force(m))


def _law(make: Callable[[NeopatModel], PartyLaw]):
    return lambda m: (rule_set_in_force(m), make(m))


def _put(model: NeopatModel, design: Callable[[NeopatModel], tuple[RuleSet, PartyLaw]]):
    """Register a design and put it in force."""
    rules, law = design(model)
    state = model.institutions
    detail: dict[str, Any] = {}
    if rules.name != state.rule_set:
        detail.update(rule_set=rules.name, **{"from": state.rule_set})
        state.derived[rules.name] = rules
        model.rule_set = state.rule_set = rules.name
    if law.name != state.party_law:
        detail.update(party_law=law.name, **{"from": state.party_law})
        state.derived[law.name] = law
        state.party_law = law.name
    return detail


def _raise_threshold(model: NeopatModel) -> RuleSet:
    step = model.scenario.institutions.threshold_step
    tiers = [t.model_copy(update={"threshold": min(0.5, t.threshold + step)})
             if isinstance(t, ListTier) else t for t in _chamber_tiers(model)]
    return _rules_with(model, "threshold", tiers)


def _full_pr(model: NeopatModel) -> RuleSet:
    tiers = _chamber_tiers(model)
    smd = sum(t.districts for t in tiers if isinstance(t, SmdTier))
    kept = [t for t in tiers if not isinstance(t, SmdTier)]
    lists = [t for t in kept if isinstance(t, ListTier)]
    if lists:
        kept[kept.index(lists[0])] = lists[0].model_copy(update={"seats": lists[0].seats + smd})
    else:
        kept.append(ListTier(name="list", seats=smd,
                             threshold=model.scenario.institutions.list_threshold))
    return _rules_with(model, "full-pr", kept)


def _appointed(model: NeopatModel) -> RuleSet:
    tiers = _chamber_tiers(model)
    total = sum(t.districts if isinstance(t, SmdTier) else t.seats for t in tiers)
    n = max(1, round(model.scenario.institutions.appointed_share * total))
    return _rules_with(model, "appointed",
                       [*tiers, AppointedTier(name="appointed", seats=n, selector="president")])


def _small_list(model: NeopatModel) -> RuleSet:
    cfg = model.scenario.institutions
    tiers = [*_chamber_tiers(model),
             ListTier(name="list", seats=cfg.gesture_list_seats, threshold=cfg.list_threshold)]
    return _rules_with(model, "list-tier", tiers)


def _second_party(model: NeopatModel) -> RuleSet:
    tiers = [t.model_copy(update={"min_parties": 2}) if isinstance(t, ListTier) else t
             for t in _chamber_tiers(model)]
    return _rules_with(model, "second-party", tiers)


def _registration(model: NeopatModel) -> PartyLaw:
    law = party_law_in_force(model)
    factor = model.scenario.institutions.registration_factor
    return _law_with(model, "members", min_members=round((law.min_members or 600) * factor))


def _regional(model: NeopatModel) -> PartyLaw:
    law = party_law_in_force(model)
    n_regions = law.regional.n_regions if law.regional else model.scenario.clientelism.n_regions
    rule = RegionalRule(min_per_region=model.scenario.institutions.regional_min,
                        regions="all", n_regions=n_regions)
    return _law_with(model, "regions", regional=rule)


def _regional_open(model: NeopatModel) -> bool:
    law = party_law_in_force(model)
    cfg = model.scenario.institutions
    return (law.regional is None or law.regional.regions != "all"
            or law.regional.min_per_region < cfg.regional_min)


def _list_tier_without_guarantee(model: NeopatModel) -> bool:
    return any(isinstance(t, ListTier) and t.min_parties < 2 for t in _chamber_tiers(model))


def _rules_known(model: NeopatModel) -> bool:
    return rule_set_in_force(model) is not None


# structural and presidential changes: availability, effect, benefit
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


def removed(before: float, after: float) -> float:
    """Share of the hostile seats a change removes (0 when there are none to remove)."""
    return max(0.0, before - after) / before if before >= MIN_HOSTILE else 0.0


def _dissolution_gain(model: NeopatModel, o: Outlook) -> float:
    """A legislature more hostile than the one a new election would seat."""
    hostile = sitting_hostile(model)
    sitting = o.hostile if hostile is None else hostile
    return model.institutions.legislative_power * removed(sitting, o.hostile)


def _decree(model: NeopatModel) -> dict[str, Any]:
    model.institutions.decree_year = model.year
    return {"until": f"parliament elected after {model.year}"}


def _presidential_due(model: NeopatModel) -> set[str]:
    return {i.name for i in [*model.scenario.inputs, *model.extra_inputs]
            if i.kind == "election" and i.office == "president"
            and model.year < i.year <= model.year + TERM_HORIZON
            and i.name not in model.cancelled_inputs}


def _extend_term(model: NeopatModel) -> dict[str, Any]:
    due = _presidential_due(model)
    model.cancelled_inputs.update(due)
    return {"cancelled": sorted(due)}


def _term_gain(model: NeopatModel, o: Outlook) -> float:
    """The risk of a contested presidential election: disapproval, discounted to its year."""
    return o.disapproval * urgency(model, next_election(model, "president"))


def _constitution(model: NeopatModel) -> dict[str, Any]:
    power = model.scenario.institutions.constitution_power
    model.institutions.legislative_power = min(model.institutions.legislative_power, power)
    model.institutions.constitution_year = model.year
    return {"legislative_power": power}


def _constitution_gain(model: NeopatModel, o: Outlook) -> float:
    cut = model.institutions.legislative_power - model.scenario.institutions.constitution_power
    return max(0.0, cut) * (o.hostile >= MIN_HOSTILE)


def _senate(model: NeopatModel) -> dict[str, Any]:
    state = model.institutions
    state.senate = True
    state.legislative_power *= 1 - model.scenario.institutions.senate_check
    return {"legislative_power": state.legislative_power}


def _senate_gain(model: NeopatModel, o: Outlook) -> float:
    return model.institutions.legislative_power * model.scenario.institutions.senate_check \
        * (o.hostile >= MIN_HOSTILE)


def _terms_served(model: NeopatModel) -> int:
    since = model.institutions.constitution_year
    return sum(1 for e in getattr(model, "elections", [])
               if e.get("kind") == "president" and since is not None and e.get("year", 0) >= since)


def _term_ends(model: NeopatModel) -> int | None:
    held = [e["year"] for e in getattr(model, "elections", []) if e.get("kind") == "president"]
    return max(held) + model.scenario.institutions.presidential_term if held else None


def _exemption_available(model: NeopatModel) -> bool:
    state = model.institutions
    return (state.constitution_year is not None and not state.exempt and amendable(model)
            and _terms_served(model) >= model.scenario.institutions.term_limit)


def _exempt(model: NeopatModel) -> dict[str, Any]:
    model.institutions.exempt = True
    return {"terms_served": _terms_served(model)}


def _exemption_gain(model: NeopatModel, o: Outlook) -> float:
    """His office itself, discounted to the end of the last term the limit allows."""
    return urgency(model, _term_ends(model))


def _electoral(name: str, price, available, design, direction: str = "restrictive") -> Option:
    return Option(name, price, lambda m: _rules_known(m) and available(m),
                  lambda m, d=design: _put(m, d), design=design, direction=direction)


def _structural(name: str, price, available, apply, gain) -> Option:
    return Option(name, price, available, apply, gain=gain)


MENU: tuple[Option, ...] = (
    _structural("dissolution", lambda c: c.cost_dissolution,
                lambda m: m.institutions.sitting, _dissolve, _dissolution_gain),
    _structural("decree", lambda c: c.cost_decree,
                lambda m: not m.institutions.sitting and m.institutions.decree_year != m.year,
                _decree, lambda m, o: m.institutions.legislative_power
                * (o.hostile >= MIN_HOSTILE)),
    _structural("term_referendum", lambda c: c.cost_term_referendum,
                lambda m: amendable(m) and bool(_presidential_due(m)), _extend_term, _term_gain),
    _structural("constitution", lambda c: c.cost_constitution,
                lambda m: not m.institutions.sitting and m.institutions.legislative_power
                > m.scenario.institutions.constitution_power, _constitution, _constitution_gain),
    _structural("senate", lambda c: c.cost_senate,
                lambda m: amendable(m) and not m.institutions.senate, _senate, _senate_gain),
    _structural("term_exemption", lambda c: c.cost_term_exemption, _exemption_available,
                _exempt, _exemption_gain),
    _electoral("raise_threshold", lambda c: c.cost_threshold,
               lambda m: _has(m, ListTier), _rules(_raise_threshold)),
    _electoral("full_list_pr", lambda c: c.cost_full_pr,
               lambda m: _has(m, SmdTier), _rules(_full_pr)),
    _electoral("ban_blocs", lambda c: c.cost_bloc_ban,
               lambda m: rule_set_in_force(m).candidates.blocs_allowed,
               _rules(lambda m: _rules_with(m, "no-blocs", blocs_allowed=False))),
    _electoral("appointed_seats", lambda c: c.cost_appointed,
               lambda m: not _has(m, AppointedTier), _rules(_appointed)),
    _electoral("registration_minimum", lambda c: c.cost_registration,
               lambda m: True, _law(_registration)),
    _electoral("regional_requirement", lambda c: c.cost_regional,
               _regional_open, _law(_regional)),
)
GESTURES: tuple[Option, ...] = (
    _electoral("small_list_tier", lambda c: -c.gesture_gain,
               lambda m: not _has(m, ListTier), _rules(_small_list), "gesture"),
    _electoral("second_party", lambda c: -c.gesture_gain,
               _list_tier_without_guarantee, _rules(_second_party), "gesture"),
)
OPTIONS = {o.name: o for o in (*MENU, *GESTURES)}


# -- the choice ----------------------------------------------------------------------------------
def outlook(model: NeopatModel, fc: Forecast | None = None) -> Outlook:
    """The threat and the forecast legislature under the rules in force."""
    fc = forecast(model) if fc is None else fc
    values = channels(model, sitting_hostile(model))
    loyalty = model.scenario.institutions.independent_loyalty
    rules = rule_set_in_force(model)
    if rules is None:
        hostile = loyal = 0.0
    else:
        leg = legislature(model, fc, rules, party_law_in_force(model))
        hostile, loyal = leg.hostile(loyalty), leg.loyal(loyalty)
    return Outlook(forecast=fc, threat=threat(model, values), channels=values,
                   hostile=hostile, loyal=loyal,
                   disapproval=values["vote"])


def weigh(model: NeopatModel, option: Option, o: Outlook) -> tuple[float, float]:
    """(benefit, cost) of ``option`` in legitimacy units. An electoral change's benefit is the
    threat times the hostile power it removes from the next legislature, discounted to that
    election; its cost adds the loyal seats it takes (elite reaction). A gesture's benefit is the
    legitimacy it earns, its cost the hostile power it concedes."""
    cfg = model.scenario.institutions
    price = option.price(cfg)
    if option.design is None:
        benefit = o.threat * option.gain(model, o)
        return benefit, price * (1 + cfg.criticism_price * criticism(model))
    rules, law = option.design(model)
    leg = legislature(model, o.forecast, rules, law)
    power = model.institutions.legislative_power
    when = urgency(model, next_election(model, "parliament"))
    after = leg.hostile(cfg.independent_loyalty)
    reaction = cfg.elite_reaction * max(0.0, o.loyal - leg.loyal(cfg.independent_loyalty))
    if option.direction == "gesture":
        return -price, o.threat * power * when * removed(after, o.hostile)
    return (o.threat * power * when * removed(o.hostile, after),
            price * (1 + cfg.criticism_price * criticism(model)) + reaction)


def choose(model: NeopatModel, o: Outlook, done: set[str]) -> tuple[Option, float] | None:
    """The affordable change with the largest positive net benefit (None if there is none);
    gestures only while international criticism is at its threshold."""
    cfg = model.scenario.institutions
    room = model.ruler.legitimacy - cfg.legitimacy_floor
    menu = [*MENU, *(GESTURES if model.institutions.criticism >= cfg.criticism_threshold
                     else ())]
    best, best_net = None, 0.0
    for option in menu:
        if option.name in done or option.price(cfg) > room or not option.available(model):
            continue
        benefit, cost = weigh(model, option, o)
        if benefit - cost > best_net:
            best, best_net = option, benefit - cost
    return None if best is None else (best, best_net)


def enact(model: NeopatModel, option: Option, o: Outlook, net: float) -> None:
    cfg = model.scenario.institutions
    price = option.price(cfg)
    detail = option.apply(model)
    model.ruler.legitimacy = min(1.0, max(0.0, model.ruler.legitimacy - price))
    if option.direction == "restrictive":
        model.institutions.criticism += price
    else:
        model.institutions.criticism = 0.0
    mech = GESTURE if option.direction == "gesture" else INSTITUTIONAL_CHANGE
    model.log.emit(model.year, 12, mech, [model.ruler.key], option=option.name,
                   threat=round(o.threat, 4), net=round(net, 4), cost=price, **detail)
    model.institutions.changes.append({"year": model.year, "option": option.name,
                                       "direction": option.direction,
                                       "threat": round(o.threat, 4), "cost": price})
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
    model.log.emit(model.year, 12, LEGISLATURE_ACTS, [], acts=["no_confidence", "veto_override"],
                   hostile_share=round(sitting_hostile(model), 4),
                   legislative_power=model.institutions.legislative_power)
    return True


def redesign(model: NeopatModel) -> Outlook:
    """Enact changes while one has a positive net benefit (each at most once a year)."""
    o = outlook(model)
    first = o
    done: set[str] = set()
    while (pick := choose(model, o, done)) is not None:
        option, net = pick
        enact(model, option, o, net)
        done.add(option.name)
        o = outlook(model, o.forecast)
    return first


def step_institutions(model: NeopatModel) -> None:
    """9. Institutional design (only with ``institutions.endogenous``); international
    criticism decays every year."""
    cfg = model.scenario.institutions
    if not cfg.endogenous:
        model.institutions.criticism *= cfg.criticism_decay
        return
    note_elections(model)
    legislature_acts(model)
    o = redesign(model) if model.ruler.species.designs_rules else outlook(model)
    model.institutions.seen.append({"year": model.year, "threat": o.threat, **o.channels,
                                    "hostile_forecast": o.hostile,
                                    "sitting_hostile": sitting_hostile(model)})
    model.institutions.criticism *= cfg.criticism_decay
