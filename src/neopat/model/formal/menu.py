"""The ruler's menu of institutional changes (ODD §7.12): for each, when it is available, what
it does, and — for constitutional and presidential changes — its benefit before the threat
weight. Electoral changes give the rule set and party law they would put in force, whose benefit
``institutions.weigh`` reads from the forecast legislature."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from neopat.data.rule_sets import AppointedTier, ListTier, PartyLaw, RegionalRule, RuleSet, SmdTier
from neopat.model.formal.forecast import Forecast
from neopat.model.formal.in_force import party_law_in_force, rule_set_in_force
from neopat.model.formal.parliament import (
    LEGISLATURE_ACTS,
    amendable,
    next_election,
    rebels_ahead,
    sitting_hostile,
    urgency,
)
from neopat.scenarios.schema import Input

if TYPE_CHECKING:
    from neopat.model.model import NeopatModel
    from neopat.scenarios.schema import InstitutionsParams

TERM_HORIZON = 3  # years ahead in which a presidential election makes a term referendum useful
MIN_HOSTILE = 0.01  # a forecast hostile share below this leaves nothing to remove


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
    weighted: bool = True  # False: ``gain`` is already in legitimacy units, not times the threat


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
    """A new party law of the 2002 kind: every party re-registers, and a strictly read file is
    void for one invalid form (seed:10924-10932, seed:10946-10961)."""
    base = party_law_in_force(model)
    return base.model_copy(update={"name": f"{base.name}+{option}@{model.year}",
                                   "year": model.year, "reregistration_on_change": True,
                                   "void_on_invalid": True, **update})


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


# -- structural and presidential changes: availability, effect, benefit -------------------------
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
    """The referendum extends his mandate: each presidential election due is held
    ``institutions.mandate_extension`` years later (the 1995 referendum extended "Nazarbaev's
    tenure of office until 2000 (an election was scheduled for 1996)", seed:7522-7526), not
    never."""
    names = _presidential_due(model)
    due = [i for i in [*model.scenario.inputs, *model.extra_inputs] if i.name in names]
    years = model.scenario.institutions.mandate_extension
    model.cancelled_inputs.update(i.name for i in due)
    later = [i.model_copy(update={"name": f"{i.name}-extended-{i.year + years}",
                                  "year": i.year + years, "source": "seed:7522-7526"})
             for i in due]
    model.extra_inputs.extend(later)
    return {"cancelled": sorted(i.name for i in due), "postponed": sorted(i.name for i in later)}


def _term_gain(model: NeopatModel, o: Outlook) -> float:
    """The risk of a contested presidential election: disapproval, discounted to its year."""
    return o.disapproval * urgency(model, next_election(model, "president"))


def _constitution(model: NeopatModel) -> dict[str, Any]:
    """A superpresidential constitution; its term limit counts terms from its adoption: the
    1995 text's two terms counted the 1999 and 2005 elections (seed:8984-8996)."""
    cfg = model.scenario.institutions
    state = model.institutions
    state.legislative_power = min(state.legislative_power, cfg.constitution_power)
    state.term_limit, state.limit_since = cfg.term_limit, model.year
    return {"legislative_power": cfg.constitution_power, "term_limit": cfg.term_limit}


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


def _mandate(model: NeopatModel) -> dict[str, Any]:
    model.institutions.mandate = True
    return {"rebels": round(model.institutions.rebels, 4)}


def _mandate_gain(model: NeopatModel, o: Outlook) -> float:
    """The hostile power rebels would add if the recent defections came again; seats rebels
    already hold stay theirs (the mandate binds deputies who leave after it)."""
    hostile = sitting_hostile(model)
    return model.institutions.legislative_power * rebels_ahead(
        model, o.hostile if hostile is None else hostile)


def _terms_served(model: NeopatModel) -> int:
    """Presidential elections he has won since the term limit in force was set."""
    since = model.institutions.limit_since
    return sum(1 for e in getattr(model, "elections", [])
               if e.get("kind") == "president" and since is not None and e.get("year", 0) >= since)


def _term_ends(model: NeopatModel) -> int | None:
    held = [e["year"] for e in getattr(model, "elections", []) if e.get("kind") == "president"]
    return max(held) + model.scenario.institutions.presidential_term if held else None


def _exemption_available(model: NeopatModel) -> bool:
    """A term limit is in force (the start's constitution's or one he adopted), he is serving
    the last term it allows, and the constitution can be amended."""
    state = model.institutions
    return (state.term_limit > 0 and not state.exempt and amendable(model)
            and _terms_served(model) >= state.term_limit)


def _exempt(model: NeopatModel) -> dict[str, Any]:
    model.institutions.exempt = True
    return {"terms_served": _terms_served(model)}


def _exemption_gain(model: NeopatModel, o: Outlook) -> float:
    """His office for another term (``institutions.office_value``), discounted to the end of
    the last term the limit allows: the limit ends it whatever the threat, so the threat does
    not weigh it ("a constitutional dilemma if he wished to stand ... again in 2012",
    seed:8986-8996)."""
    return model.scenario.institutions.office_value * urgency(model, _term_ends(model))


def _electoral(name: str, price, available, design, direction: str = "restrictive") -> Option:
    return Option(name, price, lambda m: _rules_known(m) and available(m),
                  lambda m, d=design: _put(m, d), design=design, direction=direction)


def _structural(name: str, price, available, apply, gain, weighted: bool = True) -> Option:
    return Option(name, price, available, apply, gain=gain, weighted=weighted)


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
                _exempt, _exemption_gain, weighted=False),
    _structural("imperative_mandate", lambda c: c.cost_imperative_mandate,
                lambda m: amendable(m) and not m.institutions.mandate, _mandate, _mandate_gain),
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
