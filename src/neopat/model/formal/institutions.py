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
   ``foresight`` per year until that election, and a party law's adds the opposition's strength
   it takes off the register (re-registration before a strict registrar, ``forecast.refused``);
   a constitutional change's benefit is the power it takes from the legislature, a presidential
   one's the risk to his office it removes — for the exemption from the term limit in force (the
   start's rule set's or his own constitution's) his office at the last term's end, whatever the
   threat. Its cost
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

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from neopat.data.rule_sets import PartyLaw, RuleSet
from neopat.model.events import mechanism
from neopat.model.formal.forecast import Forecast, forecast, legislature, refused
from neopat.model.formal.in_force import party_law_in_force, rule_set_in_force
from neopat.model.formal.management import criticism
from neopat.model.formal.menu import GESTURES, MENU, Option, Outlook, removed
from neopat.model.formal.parliament import (
    legislature_acts,
    next_election,
    note_elections,
    rebellion,
    sitting_hostile,
    urgency,
)
from neopat.model.formal.threat import channels, threat

if TYPE_CHECKING:
    from neopat.model.model import NeopatModel

INSTITUTIONAL_CHANGE = mechanism(
    "institutional_change", "seed:8666-8676",
    "the ruler enacts the change whose forecast benefit (hostile power removed, weighted by the "
    "threat he foresees) most exceeds its cost (legitimacy, criticism, elite reaction)")
GESTURE = mechanism(
    "gesture", "seed:10029-10039",
    "under international criticism the ruler offers a gesture when the legitimacy it earns "
    "outweighs the hostile power it concedes: a small list tier or a guaranteed second party")


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
    term_limit: int = 0  # presidential terms the constitution in force allows (0: none): at
    # the start its rule set's ``presidential_term_limit``, later a constitution's of the run
    limit_since: int | None = None  # elections from this year on count towards the limit
    exempt: bool = False
    mandate: bool = False  # the imperative mandate: a deputy who leaves his party loses his seat
    rebels: float = 0.0  # share of the sitting legislature's seats held by deputies who left
    # the presidential camp after it was elected (deputy_rebellion)
    criticism: float = 0.0
    changes: list[dict[str, Any]] = field(default_factory=list)
    seen: list[dict[str, Any]] = field(default_factory=list)  # yearly threat diagnostics

    @classmethod
    def start(cls, model: NeopatModel) -> InstitutionalState:
        """The rules in force at the start: the initial ones in endogenous mode, else the
        calendar's inputs dated before the first year; the term limit of the rule set in force
        (its constitution's), counting presidential elections from the start."""
        sc = model.scenario
        if sc.institutions.endogenous:
            rule_set, law = sc.initial("rule_set"), sc.initial("party_law")
        else:
            rule_set, law = (sc.in_force(kind, sc.years.start - 1) for kind in ("rule_set", "party_law"))
        model.rule_set = rule_set
        rules = sc.formal_items("rule_set").get(rule_set)
        limit = (rules.presidential_term_limit or 0) if isinstance(rules, RuleSet) else 0
        return cls(rule_set=rule_set, party_law=law, term_limit=limit,
                   limit_since=sc.years.start if limit else None)


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
    election, plus — for a party law — the threat times the opposition's strength it takes off
    the register (``forecast.refused``; "to remove from the political life of the country those
    political parties that have offended the current administration", seed:10907-10911); its
    cost adds the loyal seats it takes (elite reaction). A gesture's benefit is the legitimacy it
    earns, its cost the hostile power it concedes."""
    cfg = model.scenario.institutions
    price = option.price(cfg)
    if option.design is None:
        benefit = option.gain(model, o) * (o.threat if option.weighted else 1.0)
        return benefit, price * (1 + cfg.criticism_price * criticism(model))
    rules, law = option.design(model)
    leg = legislature(model, o.forecast, rules, law)
    power = model.institutions.legislative_power
    when = urgency(model, next_election(model, "parliament"))
    after = leg.hostile(cfg.independent_loyalty)
    reaction = cfg.elite_reaction * max(0.0, o.loyal - leg.loyal(cfg.independent_loyalty))
    if option.direction == "gesture":
        return -price, o.threat * power * when * removed(after, o.hostile)
    n_regions = model.electorate.n_regions
    purge = max(0.0, refused(o.forecast, law, n_regions)
                - refused(o.forecast, party_law_in_force(model), n_regions))
    return (o.threat * (power * when * removed(o.hostile, after) + purge),
            price * (1 + cfg.criticism_price * criticism(model)) + reaction)


def weights(model: NeopatModel, o: Outlook) -> dict[str, tuple[float, float]]:
    """Benefit and cost of every available change on the menu (gestures aside)."""
    return {option.name: weigh(model, option, o) for option in MENU if option.available(model)}


def choose(model: NeopatModel, o: Outlook, done: set[str],
           weighed: dict[str, tuple[float, float]] | None = None) -> tuple[Option, float] | None:
    """The affordable change with the largest positive net benefit (None if there is none);
    gestures only while international criticism is at its threshold. ``weighed``: the
    :func:`weights` of ``o`` when already computed."""
    cfg = model.scenario.institutions
    room = model.ruler.legitimacy - cfg.legitimacy_floor
    menu = [*MENU, *(GESTURES if model.institutions.criticism >= cfg.criticism_threshold
                     else ())]
    best, best_net = None, 0.0
    for option in menu:
        if option.name in done or option.price(cfg) > room or not option.available(model):
            continue
        benefit, cost = weighed[option.name] if weighed and option.name in weighed \
            else weigh(model, option, o)
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


def strongest(weighed: dict[str, tuple[float, float]]) -> dict[str, Any]:
    """The available change with the largest benefit and its cost (the yearly diagnostics: why
    the ruler acted or did not)."""
    name, (benefit, cost) = max(weighed.items(), key=lambda r: r[1][0], default=(None, (0.0, 0.0)))
    return {"best": name, "benefit": benefit, "cost": cost}


# -- the step --------------------------------------------------------------------------------
def redesign(model: NeopatModel, o: Outlook, weighed: dict[str, tuple[float, float]]) -> None:
    """Enact changes while one has a positive net benefit (each at most once a year), starting
    from ``weighed``, the menu weighed on ``o``."""
    done: set[str] = set()
    while (pick := choose(model, o, done, weighed)) is not None:
        option, net = pick
        enact(model, option, o, net)
        done.add(option.name)
        o, weighed = outlook(model, o.forecast), None


def step_institutions(model: NeopatModel) -> None:
    """9. Institutional design (only with ``institutions.endogenous``); international
    criticism decays every year."""
    cfg = model.scenario.institutions
    if not cfg.endogenous:
        model.institutions.criticism *= cfg.criticism_decay
        return
    note_elections(model)
    rebellion(model)
    legislature_acts(model)
    o = outlook(model)
    weighed = weights(model, o)  # once a year: the diagnostics and the first choice
    seen = {"year": model.year, "threat": o.threat, **o.channels, "hostile_forecast": o.hostile,
            "sitting_hostile": sitting_hostile(model), **strongest(weighed)}
    if model.ruler.species.designs_rules:
        redesign(model, o, weighed)
    model.institutions.seen.append(seen)
    model.institutions.criticism *= cfg.criticism_decay
