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
from neopat.model.agents import COALITION, EXILED, IMPRISONED, IN_OFFICE, LOYAL, OPPOSITION, Elite
from neopat.model.electorate.electorate import IDEAL_STEPS
from neopat.model.electorate.society import introduce_party
from neopat.model.events import mechanism
from neopat.model.formal.in_force import party_law_in_force
from neopat.rules.party_law import Application, verdict
from neopat.rules.typology import PartyProfile, classify

if TYPE_CHECKING:
    from neopat.model.model import NeopatModel

MOTIVES = ("presidential", "oligarch_front", "family", "spoiler", "defector", "office_seeker")
ACTIVE = frozenset({"forming", "registered"})
TERMINAL = frozenset({"denied", "liquidated", "merged", "dissolved"})
PARTY_SLOTS = 60  # awareness slots parties may take; the rest are kept for candidates without one
BUILD_YEARS = 4.0  # default: years for the vehicle to build its clientelist network

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
    "the ruler orders a loyal party to merge into his vehicle")
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
        }.get(self.motive, Financier.SELF if self.leader is not None and self.leader.wealth > 0
              else Financier.NONE)

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


def impartial(model: NeopatModel) -> bool:
    """Rules applied to everyone alike (the institutionalist counterfactual)."""
    return bool(getattr(model.ruler.species, "impartial", False))


def active_parties(model: NeopatModel) -> list[Party]:
    return [p for p in model.parties if p.status == "registered"]


def vehicle(model: NeopatModel) -> Party | None:
    """The ruler's party (forming or registered), if any."""
    return next((p for p in model.parties if p.motive == "presidential" and p.active), None)


def free_slot(model: NeopatModel) -> int | None:
    used = {p.slot for p in model.parties if p.status not in TERMINAL}
    return next((s for s in range(PARTY_SLOTS) if s not in used), None)


def _vehicle_access(model: NeopatModel) -> float:
    return 0.0 if impartial(model) else min(1.0, 0.5 + model.scenario.selective.admin_resources)


def found(model: NeopatModel, motive: str, stance: str, *, leader: Elite | None = None,
          faction=None, target: Party | None = None, month: int = 6) -> Party | None:
    """Found a party of ``motive``; its traits follow the motive (ODD: party founding)."""
    slot = free_slot(model)
    if slot is None:
        return None
    rng = model.formal_rng
    access = _vehicle_access(model)
    n_regions = model.electorate.n_regions
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
        reach = rng.dirichlet(np.full(n_regions, 1.5))
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


def _election_due(model: NeopatModel, years_ahead: int = 1) -> bool:
    return any(i.kind == "election" and model.year <= i.year <= model.year + years_ahead
               for i in model.scenario.inputs)


# --- founding -----------------------------------------------------------------------------------
def found_parties(model: NeopatModel) -> None:
    """Founding by motive (seed:12124-12150)."""
    pp = model.scenario.parties
    rng = model.formal_rng
    ruler = model.ruler
    if pp.presidential_vehicle and vehicle(model) is None and _election_due(model) \
            and rng.random() < pp.vehicle_rate:
        found(model, "presidential", "pro")
    for faction in model.factions:
        if not faction.members or faction.key == ruler.faction_key and not faction.kinship:
            continue
        motive = "family" if faction.kinship else (
            "oligarch_front" if faction.kind == "business" else None)
        if motive is None or faction.loyalty < LOYAL:
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
    for ev in model.log_this_year():
        if ev.mechanism != "defection":
            continue
        elite = next((e for e in model.elites if e.key == ev.actors[0]), None)
        if elite is None or elite in leading or elite.status == IMPRISONED:
            continue
        autonomy = elite.autonomy(model.scenario.loyalty.autonomy_half)
        if rng.random() < pp.defector_party_rate * (0.3 + autonomy):
            party = found(model, "defector", "opposition", leader=elite, faction=elite.faction,
                          month=ev.month)
            if party is not None and not impartial(model) \
                    and rng.random() < pp.spoiler_rate * ruler.informal_reliance:
                found(model, "spoiler", "pro", target=party, month=ev.month)
    seekers = [e for e in model.elites if e.status not in (IN_OFFICE, IMPRISONED)
               and e.entered_year is not None and e not in leading]
    approval = float(model.electorate.approval.mean()) / 10
    for _ in range(rng.poisson(pp.office_seeker_rate)):
        leader = seekers.pop(int(rng.integers(len(seekers)))) \
            if seekers and rng.random() < 0.5 else None
        if impartial(model):  # loyalty buys no office: seats are won from the incumbent's party
            stance = "pro" if rng.random() < pp.impartial_seeker_loyalty else "opposition"
        elif leader is not None:  # office comes through the president's favour (seed:12173-12196)
            stance = "pro" if leader.status in COALITION else "opposition"
        else:  # a public figure outside the modelled elite takes the side voters lean to
            stance = "pro" if rng.random() < approval else "opposition"
        if leader is not None:
            found(model, "office_seeker", stance, leader=leader, faction=leader.faction)
            continue
        party = found(model, "office_seeker", stance)
        if party is not None:
            party.appeal = float(rng.uniform(0.2, 0.6))


# --- recruitment and dead souls ---------------------------------------------------------------
def recruit(model: NeopatModel) -> None:
    """Clientelist enrolment for loyal parties, voluntary joining for the opposition and paid
    drives for a financed opposition (seed:11090-11107); real membership decays while the
    official list keeps its "dead souls" (seed:11775-11785)."""
    pp = model.scenario.parties
    el = model.electorate
    pool = float(el.national(el.state_employed.sum()))
    disapprove, approve = el.approval <= 4, el.approval >= 6
    for party in model.parties:
        if not party.active:
            continue
        if party.motive == "presidential":  # its network of akims and employers grows
            age = model.year - party.founded + 1
            built = 1.0 - np.exp(-age / BUILD_YEARS)
            party.admin_access = _vehicle_access(model) * built
            party.appeal = float(np.clip(model.ruler.legitimacy, 0, 1)) * built
        if impartial(model):  # no pro-power/oppositionist sorting: programmes decide
            sympathetic = np.abs(el.ideal / IDEAL_STEPS - party.position) <= pp.programme_reach
        else:  # citizens sort parties as "pro-power or oppositionist" (seed:14140-14147)
            sympathetic = approve if party.pro else disapprove
        aware = el.aware(party.slot)
        joined = pp.voluntary_rate * float(el.national((aware & sympathetic).sum())) \
            * (0.5 + party.appeal)
        if party.pro:
            clientelist = pp.enrolment_rate * party.admin_access * pool
            joined += clientelist * max(0.0, 1.0 - party.real_members / max(pool, 1.0))
        joined = float(model.formal_rng.poisson(max(joined, 0.0)))
        if party.leader is not None:
            joined += 10 + 1500 * party.leader.popularity  # the leader's own entourage
            if not party.pro and party.financier is not Financier.NONE:
                joined += pp.membership_drive * threat(party, model)  # a paid drive
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


def strictness(party: Party, model: NeopatModel, office: str = "justice_registration") -> str:
    """Who applies the law decides how: strict for a threatening opposition party when the
    office-holder is loyal and enforcement selective; lenient otherwise (seed:11101-11115)."""
    if impartial(model):
        return "lenient"
    if party.pro:
        return "lenient"
    holder = model.office_holder(office)
    loyalty = holder.loyalty if holder is not None else 1.0
    p = model.scenario.selective.selective_enforcement * min(1.0, loyalty / LOYAL) \
        * (0.3 + 0.7 * threat(party, model))
    return "strict" if model.formal_rng.random() < p else "lenient"


def threat(party: Party, model: NeopatModel) -> float:
    """How much an opposition party threatens the ruler (0..1): its leader's autonomous
    resources; the thesis' strict cases are defectors' parties with money (RNPK, DVK, Alga),
    while a leader without resources is tolerated (seed:10988-10999)."""
    if party.leader is None:
        return 0.0
    return party.leader.autonomy(model.scenario.loyalty.autonomy_half)


def filed_list(party: Party, model: NeopatModel, law: PartyLaw) -> Application:
    """The membership file as filed, before the registrar reads it (no invalid forms)."""
    n_regions = law.regional.n_regions if law.regional else model.electorate.n_regions
    founders = int(min(party.members, 50 + party.members * 0.05))
    return Application(members=members_by_region(party, model, n_regions), founders=founders,
                       name=party.name)


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


def _qualifies_on_paper(party: Party, law: PartyLaw) -> bool:
    return law.min_members is None or party.members >= law.min_members


def register(model: NeopatModel) -> None:
    """Forming parties apply once their list is long enough; the verdict comes from the
    rules engine, applied as strictly as the registrar chooses."""
    law = law_in_force(model)
    pp = model.scenario.parties
    banned = {p.name for p in model.parties if p.status == "liquidated"}
    for party in list(model.parties):
        if party.status != "forming":
            continue
        if party.leader is not None and party.leader.status == IMPRISONED:
            _end(party, model, "dissolved", DISSOLUTION, reason="leader imprisoned")
            continue
        if not _qualifies_on_paper(party, law):
            if model.year - party.founded >= pp.forming_years:
                _end(party, model, "dissolved", DISSOLUTION, reason="never qualified")
            continue
        how = strictness(party, model)
        filed = filing(party, model, law, banned)
        v = verdict(application(party, model, law, how), law, strictness=how, banned_names=banned)
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


def reregister(model: NeopatModel) -> None:
    """A new law with re-registration: every registered party must apply again (seed:10946-10961).
    As for a forming party, only a list long enough on paper is filed: the ruler first orders
    each loyal party short of the new minimum into his vehicle (at ``parties.merger_rate``,
    seed:9258-9266), and a party still short never re-applies (seed:10957-10961). The filed
    applications are checked as strictly as the registrar chooses (:func:`strictness`)."""
    law = law_in_force(model)
    previous = getattr(model, "law_name", None)
    if previous is None or previous == law.name or not law.reregistration_on_change:
        return
    banned = {p.name for p in model.parties if p.status == "liquidated"}
    host = vehicle(model)
    ordering = host is not None and host.status == "registered" and not impartial(model)
    p_merge = model.scenario.parties.merger_rate
    for party in active_parties(model):
        if not _qualifies_on_paper(party, law):
            if ordering and party.pro and party is not host \
                    and model.formal_rng.random() < p_merge:
                _absorb(host, party, model)
            else:
                _end(party, model, "dissolved", LAPSE, law=law.name, stance=party.stance)
            continue
        how = strictness(party, model)
        filed = filing(party, model, law, banned)
        v = verdict(application(party, model, law, how), law, strictness=how, banned_names=banned)
        if v.registered:
            model.log.emit(model.year, 6, REREGISTERED, [party.key], law=law.name,
                           strictness=how, stance=party.stance, **filed)
        else:
            _end(party, model, "denied", REREGISTRATION, law=law.name, strictness=how,
                 reasons=list(v.reasons), stance=party.stance, **filed)


def liquidate(model: NeopatModel) -> None:
    """Registered opposition parties risk liquidation for minor infringements, through the
    loyal prosecutor and courts (seed:10988-10999); never under impartial rules."""
    if impartial(model):
        return
    pp = model.scenario.parties
    holder = model.office_holder("prosecutor")
    loyalty = holder.loyalty if holder is not None else 1.0
    for party in active_parties(model):
        if party.pro:
            continue
        hazard = pp.liquidation_rate * model.scenario.selective.selective_enforcement \
            * min(1.0, loyalty / LOYAL)
        if party.leader is not None and party.leader.status in (EXILED, IMPRISONED):
            hazard *= 2.0
        if model.formal_rng.random() < hazard:
            _end(party, model, "liquidated", LIQUIDATION, stance=party.stance)


def _end(party: Party, model: NeopatModel, status: str, mech, **detail) -> None:
    party.status = status
    party.ended = model.year
    model.log.emit(model.year, 6, mech, [party.key], **detail)


# --- mergers, splits, co-optation, the vehicle as patronage ----------------------------------
def merge(model: NeopatModel) -> None:
    """Before an election the ruler orders loyal parties into his vehicle, the better known the
    surer: "no strong political rivals were to be permitted" (seed:12489-12501)."""
    host = vehicle(model)
    if host is None or host.status != "registered" or impartial(model) \
            or not _election_due(model, 1):
        return
    rate = model.scenario.parties.merger_rate
    for party in active_parties(model):
        if party is host or not party.pro:
            continue
        recognition = float(model.electorate.aware(party.slot).mean())
        if model.formal_rng.random() >= rate * (1.0 + 4.0 * recognition):
            continue
        _absorb(host, party, model)


def _absorb(host: Party, party: Party, model: NeopatModel) -> None:
    """``party`` merges into ``host``: its members and elites pass to the host."""
    host.members += party.members
    host.real_members += party.real_members
    host.elites |= party.elites
    host.absorbed.append(party.key)
    _end(party, model, "merged", MERGER, into=host.key)


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
        wing.members = party.members // 2
        wing.real_members = party.real_members / 2
        party.members -= wing.members
        party.real_members /= 2
        wing.position = party.position
        model.log.emit(model.year, 6, SPLIT, [party.key, wing.key])


def join_opposition(model: NeopatModel) -> None:
    """Defectors without a party of their own join the largest opposition party."""
    opposition = [p for p in model.parties if p.active and not p.pro]
    if not opposition:
        return
    leaders = {p.leader for p in model.parties if p.status not in TERMINAL}
    for ev in model.log_this_year():
        if ev.mechanism != "defection":
            continue
        elite = next((e for e in model.elites if e.key == ev.actors[0]), None)
        if elite is not None and elite not in leaders:
            max(opposition, key=lambda p: p.members).elites.add(elite)


def coopt(model: NeopatModel) -> None:
    """Parties accept seats in regime bodies for acquiescence (seed:13507-13517)."""
    if impartial(model):
        return
    rate = model.scenario.parties.regime_body_rate
    for party in active_parties(model):
        if party.motive == "presidential" or party.coopted:
            continue
        if model.formal_rng.random() < rate * (1.0 if party.pro else 0.5):
            party.coopted = True
            party.stance = "pro"
            party.contests = False
            model.log.emit(model.year, 6, REGIME_BODY, [party.key])


def vehicle_patronage(model: NeopatModel) -> None:
    """Office-holders join the registered vehicle; membership channels patronage and lowers
    the defection hazard through loyalty (seed:12596-12611)."""
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
    for elite in list(host.elites):
        if elite.status in COALITION:
            elite.loyalty = min(1.0, elite.loyalty + pp.vehicle_loyalty_bonus)
        else:
            host.elites.discard(elite)
    if joined:
        model.log.emit(model.year, 6, VEHICLE_PATRONAGE, [host.key], joined=len(joined))


def classify_parties(model: NeopatModel) -> None:
    """Party type every year by the explicit rules of ``rules.typology`` (never by name)."""
    for party in model.parties:
        if party.status in TERMINAL and party.ptype:
            continue
        t = classify(party.profile())
        party.ptype = {"rationale": str(t.rationale), "gd_species": str(t.gd_species),
                       "ideology": str(t.ideology_category), "behaviour": str(t.behaviour)}


def step_parties(model: NeopatModel) -> None:
    """6. Parties: founding, recruitment, registration, liquidation, mergers, splits, blocs
    are formed at elections; co-optation; the vehicle as patronage; typology."""
    model.ensure_electorate()
    found_parties(model)
    join_opposition(model)
    recruit(model)
    reregister(model)
    register(model)
    liquidate(model)
    merge(model)
    split(model)
    coopt(model)
    vehicle_patronage(model)
    classify_parties(model)
    for party in model.parties:
        if party.status in TERMINAL and not party.forgotten:
            party.forgotten = True
            if not any(q.slot == party.slot and q.status not in TERMINAL for q in model.parties):
                model.electorate.forget_slot(party.slot)
