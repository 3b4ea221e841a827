"""Parties as Mesa agents and their life cycle (schedule step 6, ODD §7.11).

Founding by motive, recruitment, registration under the party law in force with selective
application, liquidation, mergers ordered by the ruler, splits, co-optation into regime bodies,
the presidential party as a patronage channel, and the yearly party type (``rules.typology``).
Every rate is a ``parties.*`` catalogue parameter; the thesis gives directions, not magnitudes.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import mesa
import numpy as np

from neopat.data.party_types import Financier, LeaderGeneration
from neopat.data.rule_sets import PartyLaw
from neopat.model.agents import (
    COALITION,
    EXILED,
    IMPRISONED,
    IN_OFFICE,
    INACTIVE,
    OPPOSITION,
    Elite,
)
from neopat.model.electorate.electorate import IDEAL_STEPS, TIE_MAX
from neopat.model.electorate.society import introduce_party
from neopat.model.events import mechanism
from neopat.model.formal.enforcement import bias, criticised, leeway, partisan
from neopat.model.formal.in_force import party_law_in_force
from neopat.rules.party_law import Application, Leniency, verdict
from neopat.rules.typology import PartyProfile, classify

if TYPE_CHECKING:
    from neopat.model.model import NeopatModel

MOTIVES = ("presidential", "oligarch_front", "family", "spoiler", "defector", "office_seeker",
           "movement")
ACTIVE = frozenset({"forming", "registered"})
TERMINAL = frozenset({"denied", "liquidated", "merged", "dissolved"})
PARTY_SLOTS = 60  # technical: awareness slots parties may take (the mask holds 64), the rest for
# candidates without one

FOUNDING = mechanism(
    "party_founding", "seed:12124-12150",
    "a party is founded by one of five rationales (presidential vehicle, oligarch or family "
    "front, spoiler, defector's party, office-seeker's vehicle)")
REGISTRATION = mechanism(
    "party_registration", "seed:11101-11115",
    "the registrar checks an application under the party law in force, leniently for loyal "
    "parties and strictly for the opposition")
DENIAL = mechanism(
    "party_denial", "seed:10926-10932",
    "registration refused: a requirement unmet, or one invalid form under strict application")
REREGISTRATION = mechanism(
    "party_reregistration", "seed:10946-10961",
    "a new party law makes every registered party re-register; failures lose registration")
REREGISTERED = mechanism(
    "party_reregistered", "seed:10946-10961",
    "a registered party passes re-registration under a new party law")
LAPSE = mechanism(
    "party_lapse", "seed:10957-10961",
    "a registered party whose list falls short of a new law's minimum never re-applies and "
    "loses registration")
LIQUIDATION = mechanism(
    "party_liquidation", "seed:10988-10999",
    "a registered opposition party is liquidated for a minor infringement")
DISSOLUTION = mechanism(
    "party_dissolution", "seed:12041-12050",
    "a forming party that never qualifies, or whose leader is gone, dissolves")
MERGER = mechanism(
    "party_merger", "seed:12489-12501",
    "a loyal party merges into the ruler's vehicle: he offered, its leader accepted")
SPLIT = mechanism(
    "party_split", "seed:8218-8232",
    "an opposition party splits over its strategy toward the president")
REGIME_BODY = mechanism(
    "party_cooptation", "seed:13507-13517",
    "a party accepts a seat in a regime body in exchange for acquiescence")
VEHICLE_PATRONAGE = mechanism(
    "vehicle_patronage", "seed:12596-12611",
    "office-holders join the presidential party; its members gain loyalty (patronage)")


class Party(mesa.Agent):
    """A party: the shared contract's fields plus what its life cycle and typology need."""

    def __init__(self, model: NeopatModel, *, key: str, name: str, slot: int, motive: str,
                 stance: str, position: float, coherence: float, leader: Elite | None,
                 faction=None, target: Party | None = None, appeal: float = 0.3,
                 admin_access: float = 0.0, reach: np.ndarray | None = None):
        super().__init__(model)
        if motive not in MOTIVES:
            raise ValueError(f"unknown motive {motive!r}")
        self.key = key
        self.name = name
        self.slot = slot
        self.motive = motive
        self.stance = stance
        self.position = float(np.clip(position, -1.0, 1.0))
        self.coherence = float(np.clip(coherence, 0.0, 1.0))
        self.leader = leader
        self.faction = faction
        self.target = target
        self.appeal = float(np.clip(appeal, 0.0, 1.0))
        self.admin_access = float(np.clip(admin_access, 0.0, 1.0))
        self.reach = reach  # share of members per region
        self.founded = model.year
        self.status = "forming"
        self.members = 0  # official (listed) members, national
        self.real_members = 0.0
        self.elites: set[Elite] = set() if leader is None else {leader}
        self.ptype: dict[str, str] = {}
        self.registered_year: int | None = None
        self.applications = 0
        self.coopted = False
        self.endorsed = False
        self.contests = False
        self.competitive_elections = 0
        self.absorbed: list[str] = []
        self.sponsored = 0.0  # the ruler's favour for a satellite he keeps (share of his machine)
        self.funds = 0.0  # money to spend this year (wealth units)
        self.home: np.ndarray | None = None  # regions its founders governed (their clients)
        self.refused: int | None = None  # year its leader refused a merger the ruler offered
        self.forgotten = False
        self.ended: int | None = None

    @property
    def active(self) -> bool:
        return self.status in ACTIVE

    @property
    def pro(self) -> bool:
        return self.stance == "pro"

    def stance_value(self) -> float:
        if self.motive == "presidential":
            return 1.0
        return 0.5 if self.pro else -0.8

    @property
    def financier(self) -> Financier:
        """Who pays: the state, a business group or the family by motive, else a wealthy leader."""
        return {
            "presidential": Financier.STATE, "spoiler": Financier.STATE,
            "oligarch_front": Financier.BUSINESS_GROUP,
            "family": Financier.PRESIDENTIAL_FAMILY,
        }.get(self.motive, Financier.SELF if self.funds > 0 or self.leader is not None
              and self.leader.wealth > 0 else Financier.NONE)

    def profile(self) -> PartyProfile:
        """What the typology rules read: derived from the party's state, never its name."""
        leader = self.leader
        conflict = leader is not None and (
            leader.status in (OPPOSITION, EXILED, IMPRISONED) or leader.grievance > 1.0)
        generation = (LeaderGeneration.POST_SOVIET if leader is not None
                      and leader.generation == "post_soviet" else LeaderGeneration.SOVIET_ERA)
        personal = 1.0 - 0.5 * self.coherence
        return PartyProfile(
            is_presidential_vehicle=self.motive == "presidential",
            financier=self.financier,
            administration_sanctioned=self.motive in ("presidential", "spoiler"),
            has_spoiler_target=self.target is not None,
            leader_generation=generation,
            benefited_from_patronage=leader is not None and (leader.wealth > 0
                                                             or leader.last_rank > 0),
            in_conflict_with_president_or_family=conflict,
            leader_dependency=personal,
            personalism=personal,
            pragmatism=1.0 - self.coherence,
            stance_to_president=self.stance_value(),
            has_doctrine=self.coherence >= 0.8,
            declares_ideological_family=self.coherence >= 0.5,
            distinct_policy_commitments=int(self.coherence * 3),
            joined_regime_bodies=self.coopted,
            endorsed_official_results=self.endorsed,
            contests_unfair_process=self.contests,
            admin_resource_access=self.admin_access,
            competitive_elections_faced=self.competitive_elections,
        )

    def as_row(self, year: int) -> dict:
        return {"year": year, "key": self.key, "name": self.name, "motive": self.motive,
                "stance": self.stance, "status": self.status, "members": int(self.members),
                "rationale": self.ptype.get("rationale"),
                "gd_species": self.ptype.get("gd_species"),
                "ideology": self.ptype.get("ideology"), "behaviour": self.ptype.get("behaviour")}


# --- helpers ------------------------------------------------------------------------------------
def law_in_force(model: NeopatModel) -> PartyLaw:
    """The party law in force (a dated input, or the ruler's in endogenous mode), its minimums
    scaled by ``formal.registration_scale``."""
    law = party_law_in_force(model)
    scale = model.scenario.formal.registration_scale
    if scale == 1.0:
        return law
    changes = {}
    if law.min_members is not None:
        changes["min_members"] = int(round(law.min_members * scale))
    if law.min_founders is not None:
        changes["min_founders"] = int(round(law.min_founders * scale))
    if law.regional is not None:
        changes["regional"] = law.regional.model_copy(
            update={"min_per_region": int(round(law.regional.min_per_region * scale))})
    return law.model_copy(update=changes)


def active_parties(model: NeopatModel) -> list[Party]:
    return [p for p in model.parties if p.status == "registered"]


def vehicle(model: NeopatModel) -> Party | None:
    """The ruler's party (forming or registered), if any."""
    return next((p for p in model.parties if p.motive == "presidential" and p.active), None)


def free_slot(model: NeopatModel) -> int | None:
    used = {p.slot for p in model.parties if p.status not in TERMINAL}
    return next((s for s in range(PARTY_SLOTS) if s not in used), None)


def _vehicle_access(model: NeopatModel) -> float:
    """The akims' machine behind the ruler's party, as far as officials may favour it."""
    return min(1.0, 0.5 + model.scenario.selective.admin_resources) * leeway(model)


def found(model: NeopatModel, motive: str, stance: str, *, leader: Elite | None = None,
          faction=None, target: Party | None = None, month: int = 6) -> Party | None:
    """Found a party of ``motive``; its traits follow the motive (ODD: party founding)."""
    slot = free_slot(model)
    if slot is None:
        return None
    rng = model.formal_rng
    access = _vehicle_access(model)
    if motive == "presidential":
        position, coherence, appeal, access_ = rng.normal(0.0, 0.1), 0.2, model.ruler.legitimacy, access
        reach = None
    elif stance == "pro":
        position = rng.normal(0.05, 0.25)
        coherence = rng.uniform(0.1, 0.45)
        appeal = leader.popularity if leader is not None else 0.2
        share = {"oligarch_front": 0.4, "family": 0.4, "spoiler": 0.2}.get(motive, 0.05)
        access_ = share * access
        reach = None
    else:
        base = target.position if target is not None else rng.normal(0.2, 0.45)
        position = base + rng.normal(0.0, 0.1)
        coherence = rng.uniform(0.35, 0.85)
        appeal = leader.popularity if leader is not None else 0.2
        access_ = 0.0
        reach = None  # national until founders bring home regions (founders.bring)
    if motive == "spoiler" and target is not None:
        coherence = rng.uniform(0.1, 0.4)
    n = sum(1 for p in model.parties if p.motive == motive)
    party = Party(model, key=f"{motive}-{n + 1}", name=f"{motive.replace('_', ' ')} {n + 1}",
                  slot=slot, motive=motive, stance=stance, position=position,
                  coherence=coherence, leader=leader, faction=faction, target=target,
                  appeal=appeal, admin_access=access_, reach=reach)
    model.parties.append(party)
    introduce_party(model.electorate, slot, 0.3 * party.appeal, rng)
    model.log.emit(model.year, month, FOUNDING, [party.key] + ([leader.key] if leader else []),
                   motive=motive, stance=stance)
    return party


def election_due(model: NeopatModel, years_ahead: int = 1, office: str | None = None) -> bool:
    """Whether an election (of ``office``, if given) is on the calendar this year or within
    ``years_ahead``."""
    return any(i.kind == "election" and model.year <= i.year <= model.year + years_ahead
               and office in (None, i.office) for i in model.scenario.inputs)


# --- founding -----------------------------------------------------------------------------------
def found_parties(model: NeopatModel) -> None:
    """Founding by motive (seed:12124-12150)."""
    pp = model.scenario.parties
    rng = model.formal_rng
    ruler = model.ruler
    # the draw comes before the switch, so that a run without the vehicle
    # (``presidential_vehicle`` off: P3's and P7's counterfactual) draws the same numbers as its
    # paired baseline until the baseline founds it (common random numbers)
    if vehicle(model) is None and election_due(model) and rng.random() < pp.vehicle_rate \
            and pp.presidential_vehicle:
        found(model, "presidential", "pro")
    for faction in model.factions:
        if not faction.members or faction.key == ruler.faction_key and not faction.kinship:
            continue
        motive = "family" if faction.kinship else (
            "oligarch_front" if faction.kind == "business" else None)
        if motive is None or faction.loyalty < model.scenario.selective.loyal_threshold:
            continue
        total = sum(f.assets for f in model.factions) or 1.0
        if faction.assets / total < pp.front_min_share:
            continue
        if any(p.faction is faction and p.status not in TERMINAL for p in model.parties):
            continue
        if rng.random() < pp.front_rate:
            leader = max(faction.active_members, key=lambda e: e.wealth, default=None)
            found(model, motive, "pro", leader=leader, faction=faction)
    leading = {p.leader for p in model.parties if p.status not in TERMINAL}
    half = model.scenario.loyalty.autonomy_half
    for elite in model.elites:  # an elite without a post founds a vehicle of his own if he can
        # pay for it: "huge financial and human capital" (seed:10940-10942)
        if elite.status in (IN_OFFICE, IMPRISONED, INACTIVE) or elite in leading \
                or rng.random() >= pp.office_seeker_rate * elite.autonomy(half):
            continue
        if model.ruler.species.loyalty_pays == 0:  # loyalty buys no office: seats are won
            # from the incumbent's party
            stance = "pro" if rng.random() < pp.impartial_seeker_loyalty else "opposition"
        else:  # office comes through the president's favour (seed:12173-12196)
            stance = "pro" if elite.status in COALITION else "opposition"
        found(model, "office_seeker", stance, leader=elite, faction=elite.faction)
    # activists found small parties on ideological, ethnic or national principles, without an
    # elite's money or clients (seed:7044-7068)
    for _ in range(rng.poisson(pp.movement_rate)):
        found(model, "movement", "opposition")


# --- recruitment and dead souls ---------------------------------------------------------------
def recruit(model: NeopatModel) -> None:
    """Clientelist enrolment for loyal parties, voluntary joining for the opposition and paid
    drives for a financed opposition (seed:11090-11107). Real membership decays: a member
    stops being one with probability ``dead_soul_decay`` a year while the official list keeps
    him, a "dead soul" (seed:11775-11785), and he may join or be enrolled into another party —
    "even members of Auyl, when they get jobs in the public sector, they get to hear 'why
    don't you join Nur Otan?'" (seed:11710-11714). A voter really belongs to one party at most
    (the thesis is silent on dual membership): enrolment and joining draw on the voters who
    belong to none and are not on the recruiting party's list already, so parties of the same
    camp compete for them."""
    pp = model.scenario.parties
    el = model.electorate
    rng = model.formal_rng
    members = np.flatnonzero(el.member >= 0)
    el.member[members[rng.random(members.size) < pp.dead_soul_decay]] = -1
    state_employed = el.state_employed
    pool = float(el.national(state_employed.sum()))
    disapprove, approve = el.approval <= 4, el.approval >= 6
    sorting = leeway(model)
    sorts = rng.random(el.size) < sorting if 0.0 < sorting < 1.0 else None
    free = el.member < 0  # in no party
    for party in model.parties:
        if not party.active:
            continue
        if party.motive == "presidential":  # its network of akims and employers grows
            age = model.year - party.founded + 1
            built = 1.0 - np.exp(-age / pp.build_years)
            party.admin_access = _vehicle_access(model) * built
            party.appeal = float(np.clip(model.ruler.legitimacy, 0, 1)) * built

        # citizens sort parties as "pro-power or oppositionist" (seed:14140-14147) as far as
        # officials visibly take sides; otherwise programmes decide
        if sorting == 0.0:
            sympathetic = np.abs(el.ideal / IDEAL_STEPS - party.position) <= pp.programme_reach
        elif sorting == 1.0:
            sympathetic = approve if party.pro else disapprove
        else:
            by_power = approve if party.pro else disapprove
            by_programme = np.abs(el.ideal / IDEAL_STEPS - party.position) <= pp.programme_reach
            sympathetic = np.where(sorts, by_power, by_programme)
        # the aware and sympathetic in no party and not on its list join at the voluntary rate;
        # a voter tied to an akim or employer fears for his job in an anti-government party
        # (seed:11702-11710), in proportion to his tie
        eligible = free & ~el.on_list(party.slot)
        willing = np.flatnonzero(el.aware(party.slot) & sympathetic & eligible)
        chance = np.full(willing.size, min(1.0, pp.voluntary_rate * (0.5 + party.appeal)))
        if not party.pro:
            chance *= 1.0 - el.tie[willing] / TIE_MAX
        joining = willing[rng.random(willing.size) < chance]
        eligible[joining] = False
        if party.pro:  # akims and employers enrol the state-employed in no party
            clients = np.flatnonzero(state_employed & eligible)
            wanted = pp.enrolment_rate * party.admin_access * float(state_employed.sum()) \
                * max(0.0, 1.0 - party.real_members / max(pool, 1.0))
            enrolled = clients[rng.random(clients.size) < min(1.0, wanted / max(clients.size, 1))]
            joining = np.concatenate([joining, enrolled])
        free[joining] = False
        el.enlist(joining, party.slot)
        joined = float(el.national(joining.size))
        if party.leader is not None:
            joined += 10 + 1500 * party.leader.popularity  # the leader's own entourage
            if not party.pro:
                joined += pp.forms_per_fund * party.funds  # a paid drive
        party.real_members = party.real_members * (1.0 - pp.dead_soul_decay) + joined
        party.members = int(party.members + joined)


def members_by_region(party: Party, model: NeopatModel, n_regions: int) -> dict[str, int]:
    shares = model.electorate.registered_by_region()
    shares = shares / shares.sum()
    if party.reach is not None:
        shares = party.reach * shares
        shares = shares / shares.sum()
    names = model.electorate.region_names[:n_regions]
    counts = np.floor(party.members * shares[:n_regions])
    return {name: int(c) for name, c in zip(names, counts, strict=False)}


def strict_chance(party: Party, model: NeopatModel, office: str = "justice_registration") -> float:
    """The chance ``office`` reads ``party``'s file strictly: selective enforcement times the
    holder's lean against a threatening opposition party; none for the ruler's side or a party
    he holds a pact with (seed:11101-11115)."""
    if party.pro or party.coopted or not partisan(model):  # a pact buys registration
        return 0.0
    lean = bias(model, model.office_holder(office), stake(party, model))
    return model.scenario.selective.selective_enforcement * max(0.0, lean)


def strictness(party: Party, model: NeopatModel, office: str = "justice_registration") -> str:
    """Who applies the law decides how: strict with :func:`strict_chance`, lenient otherwise."""
    if party.pro or party.coopted or not partisan(model):  # no draw: nothing to bend
        return "lenient"
    return "strict" if model.formal_rng.random() < strict_chance(party, model, office) \
        else "lenient"


def stake(party: Party, model: NeopatModel) -> float:
    """The ruler's stake against a party, which loyal office-holders act on: none in his own
    side's parties or those he holds a pact with; for an opposition party, a floor plus its
    threat; for a satellite whose leader refused a merger, its power base (a rival now)."""
    if party.coopted:
        return 0.0
    if party.pro:
        return min(1.0, risk(party, model)) if party.refused is not None else 0.0
    floor = model.scenario.parties.strict_floor
    return floor + (1.0 - floor) * threat(party, model)


def threat(party: Party, model: NeopatModel) -> float:
    """How much an opposition party threatens the ruler (0..1): its leader's autonomous
    resources or its own money; the thesis' strict cases are defectors' parties with money
    (RNPK, DVK, Alga), while a party without resources is tolerated (seed:10988-10999)."""
    half = model.scenario.loyalty.autonomy_half
    own = party.funds / (party.funds + half)
    return max(own, party.leader.autonomy(half)) if party.leader is not None else own


def delegates(party: Party, model: NeopatModel) -> int:
    """Members a party can bring to its founding congress. From every region only if it can pay
    for the journey (the founding cost) or the akims lend a loyal party their venues and
    machine; otherwise from its largest region alone: "getting together 1000 people from all
    regions of the country requires huge financial and human capital which is not always at the
    disposal of the opposition", and "the most suitable venues require permission from the
    Akimats" (seed:10930-10942)."""
    gathered = party.members
    if party.funds < model.scenario.parties.founding_cost and party.admin_access == 0.0:
        spread = members_by_region(party, model, model.electorate.n_regions)
        gathered = max(spread.values(), default=0)
    return int(min(party.members, 50 + gathered * 0.05))


def filed_list(party: Party, model: NeopatModel, law: PartyLaw) -> Application:
    """The membership file as filed, before the registrar reads it (no invalid forms)."""
    n_regions = law.regional.n_regions if law.regional else model.electorate.n_regions
    return Application(members=members_by_region(party, model, n_regions),
                       founders=delegates(party, model), name=party.name)


def application(party: Party, model: NeopatModel, law: PartyLaw, how: str) -> Application:
    """The membership file as the registrar reads it: clerical errors always; "dead souls"
    only where the registrar checks the list, i.e. under strict application."""
    dead = 1.0 - min(1.0, party.real_members / max(party.members, 1))
    invalid = model.formal_rng.uniform(0.0, 0.01) + (0.05 * dead if how == "strict" else 0.0)
    return replace(filed_list(party, model, law), invalid_share=min(1.0, invalid))


def filing(party: Party, model: NeopatModel, law: PartyLaw, banned) -> dict:
    """What the record of an application states: the official list, the law's minimum and
    whether the list as filed meets every requirement on paper (read by the validation)."""
    paper = verdict(filed_list(party, model, law), law, strictness="lenient", banned_names=banned)
    return {"members": int(party.members), "minimum": law.min_members,
            "qualifies": paper.registered}


def _qualifies_on_paper(party: Party, law: PartyLaw, model: NeopatModel) -> bool:
    """Whether the party can file: its founding congress gathers the delegates the law asks
    (:func:`delegates`) and its list is long enough, where a satellite the ruler keeps may fall
    short by his favour (such parties were "registered in time for the election without any
    signatures being questioned", seed:11212-11214)."""
    if law.min_founders is not None and delegates(party, model) < law.min_founders:
        return False
    return law.min_members is None or party.members >= law.min_members * (1 - party.sponsored)


def _leniency(party: Party) -> Leniency:
    return Leniency(shortfall=party.sponsored) if party.sponsored else Leniency()


def register(model: NeopatModel) -> None:
    """Forming parties apply once their list is long enough; the verdict comes from the
    rules engine, applied as strictly as the registrar chooses."""
    law = law_in_force(model)
    pp = model.scenario.parties
    banned = {p.name for p in model.parties if p.status == "liquidated"}
    for party in list(model.parties):
        if party.status != "forming":
            continue
        if party.elites and all(e.status == IMPRISONED for e in party.elites) \
                and party.funds < pp.founding_cost:  # nobody free to run it, nothing to pay
            _end(party, model, "dissolved", DISSOLUTION, reason="founders imprisoned")
            continue
        if not _qualifies_on_paper(party, law, model):
            if model.year - party.founded >= pp.forming_years:
                _end(party, model, "dissolved", DISSOLUTION, reason="never qualified")
            continue
        how = strictness(party, model)
        filed = filing(party, model, law, banned)
        v = verdict(application(party, model, law, how), law, strictness=how, banned_names=banned,
                    leniency=_leniency(party))
        party.applications += 1
        if v.registered:
            party.status = "registered"
            party.registered_year = model.year
            model.log.emit(model.year, 6, REGISTRATION, [party.key], law=law.name,
                           strictness=how, stance=party.stance, **filed)
        else:
            _end(party, model, "denied", DENIAL, law=law.name, strictness=how,
                 reasons=list(v.reasons), stance=party.stance, **filed)
    model.law_name = law.name


def reregistration_due(model: NeopatModel) -> bool:
    """Whether a new party law this year makes every registered party apply again."""
    law = law_in_force(model)
    previous = getattr(model, "law_name", None)
    return previous is not None and previous != law.name and law.reregistration_on_change


def reregister(model: NeopatModel) -> None:
    """A new law with re-registration: every registered party must apply again (seed:10946-10961).
    As for a forming party, only a list long enough on paper is filed: a party short of the new
    minimum never re-applies (seed:10957-10961) — the ruler has weighed his satellites first
    (:mod:`.management`). The filed applications are checked as strictly as the registrar
    chooses (:func:`strictness`)."""
    if not reregistration_due(model):
        return
    law = law_in_force(model)
    banned = {p.name for p in model.parties if p.status == "liquidated"}
    for party in active_parties(model):
        if not _qualifies_on_paper(party, law, model):
            _end(party, model, "dissolved", LAPSE, law=law.name, stance=party.stance)
            continue
        how = strictness(party, model)
        filed = filing(party, model, law, banned)
        v = verdict(application(party, model, law, how), law, strictness=how, banned_names=banned,
                    leniency=_leniency(party))
        if v.registered:
            model.log.emit(model.year, 6, REREGISTERED, [party.key], law=law.name,
                           strictness=how, stance=party.stance, **filed)
        else:
            _end(party, model, "denied", REREGISTRATION, law=law.name, strictness=how,
                 reasons=list(v.reasons), stance=party.stance, **filed)


def liquidate(model: NeopatModel) -> None:
    """Registered opposition parties risk liquidation for minor infringements, through the
    prosecutor and courts as far as the prosecutor leans against them (seed:10988-10999)."""
    if not partisan(model):
        return
    pp = model.scenario.parties
    prosecutor = model.office_holder("prosecutor")
    for party in active_parties(model):
        if party.pro and party.refused is None or party.coopted:
            continue
        lean = max(0.0, bias(model, prosecutor, stake(party, model)))
        hazard = pp.liquidation_rate * model.scenario.selective.selective_enforcement * lean
        if party.leader is not None and party.leader.status in (EXILED, IMPRISONED):
            hazard *= 2.0
        if model.formal_rng.random() < hazard:
            _end(party, model, "liquidated", LIQUIDATION, stance=party.stance)


def _end(party: Party, model: NeopatModel, status: str, mech, **detail) -> None:
    party.status = status
    party.ended = model.year
    if status in ("denied", "liquidated") and not party.pro:
        criticised(model, model.scenario.institutions.criticism_per_exclusion)
    model.log.emit(model.year, 6, mech, [party.key], **detail)


# --- mergers, splits, co-optation, the vehicle as patronage ----------------------------------
def absorb(host: Party, party: Party, model: NeopatModel, **detail) -> None:
    """``party`` merges into ``host``: its members and elites pass to the host."""
    model.electorate.move_members(party.slot, host.slot)
    host.members += party.members
    host.real_members += party.real_members
    host.elites |= party.elites
    host.absorbed.append(party.key)
    _end(party, model, "merged", MERGER, into=host.key, **detail)


def risk(party: Party, model: NeopatModel) -> float:
    """How far a satellite is a power base the ruler does not control: its leader's autonomy
    and its backers' asset share, times their disloyalty (seed:12491-12501)."""
    leader = party.leader
    out = leader.autonomy(model.scenario.loyalty.autonomy_half) * (1.0 - leader.loyalty) \
        if leader is not None else 0.0
    faction = party.faction
    if faction is not None and party.motive in ("oligarch_front", "family"):
        total = sum(f.assets for f in model.factions) or 1.0
        out += faction.assets / total * (1.0 - faction.loyalty)
    return out


def split(model: NeopatModel) -> None:
    """An opposition party splits: a compliant wing leaves with part of the members."""
    pp = model.scenario.parties
    for party in active_parties(model):
        if party.pro or len(party.elites) < 2 or model.formal_rng.random() >= pp.split_rate:
            continue
        leader = max((e for e in party.elites if e is not party.leader),
                     key=lambda e: (e.wealth, -e.unique_id))  # no set-order dependence
        wing = found(model, "defector", "opposition", leader=leader, faction=leader.faction)
        if wing is None:
            continue
        party.elites.discard(leader)
        model.electorate.move_members(party.slot, wing.slot, 0.5, model.formal_rng)
        wing.members = party.members // 2
        wing.real_members = party.real_members / 2
        party.members -= wing.members
        party.real_members /= 2
        wing.position = party.position
        model.log.emit(model.year, 6, SPLIT, [party.key, wing.key])


def coopt(model: NeopatModel) -> None:
    """Seats in regime bodies are the ruler's to give (seed:13507-13517, seed:13743-13747): a
    satellite he keeps that endorsed the last results gets one for acquiescence; an opposition
    party led by a free former office-holder — "business people who were created by
    Nazarbaev" (seed:9687-9689) — is offered a pact: registration in exchange for not
    attacking the president (seed:9695-9721), which its leader takes when what the ruler can
    promise outweighs his grudge (his grievance, and whether he or his fellow founders were
    punished)."""
    value = model.scenario.parties.office_value * model.ruler.species.loyalty_pays
    if value == 0:
        return
    for party in active_parties(model):
        if party.motive == "presidential" or party.coopted:
            continue
        if party.pro:
            if party.sponsored and party.endorsed:
                party.coopted = True
                model.log.emit(model.year, 6, REGIME_BODY, [party.key], reward="endorsed")
            continue
        leader = party.leader
        if leader is None or leader.status != OPPOSITION or leader.last_rank == 0:
            continue
        punished = any(e.status in (EXILED, IMPRISONED) for e in party.elites)
        if value > min(1.0, leader.grievance) + punished:
            party.coopted = True
            party.contests = False
            model.log.emit(model.year, 6, REGIME_BODY, [party.key], reward="pact")


def vehicle_patronage(model: NeopatModel) -> None:
    """Office-holders join the registered vehicle; membership channels patronage and lowers
    the defection hazard through loyalty (seed:12596-12611): each year the vehicle's patronage
    closes ``vehicle_loyalty_bonus`` of a member's gap to full loyalty at the speed loyalty
    adjusts, so a member whose own target is t settles near (t + bonus) / (1 + bonus)."""
    host = vehicle(model)
    if host is None or host.status != "registered":
        return
    pp = model.scenario.parties
    joined = []
    for elite in model.elites:
        if elite.status == IN_OFFICE and elite not in host.elites \
                and model.formal_rng.random() < pp.vehicle_join_rate:
            host.elites.add(elite)
            joined.append(elite.key)
    pull = model.scenario.loyalty.loyalty_rate * pp.vehicle_loyalty_bonus
    for elite in list(host.elites):
        if elite.status in COALITION:
            elite.loyalty += pull * (1.0 - elite.loyalty)
        else:
            host.elites.discard(elite)
    if joined:
        model.log.emit(model.year, 6, VEHICLE_PATRONAGE, [host.key], joined=len(joined))


def classify_parties(model: NeopatModel) -> None:
    """Party type every year by the explicit rules of ``rules.typology`` (never by name)."""
    cut_offs = model.scenario.typology.rules()
    for party in model.parties:
        if party.status in TERMINAL and party.ptype:
            continue
        t = classify(party.profile(), cut_offs)
        party.ptype = {"rationale": str(t.rationale), "gd_species": str(t.gd_species),
                       "ideology": str(t.ideology_category), "behaviour": str(t.behaviour)}
