"""Elections inside the model (schedule steps 7-8, ODD §7.11): society, lists and candidates, the vote,
falsification at the count, seats for every tier in force, presidential elections.

The vote itself is one call, :func:`cast_votes`, so a faster engine can replace it. Formal feeds
back into informal here: local council seats (proxied by the loyal share of the last chamber)
set commission loyalty and with it falsification capacity and which parties' nominees the
councils elect to the commissions (``commissions.py``); legitimacy moves with the official
outcome, turnout and the criticism falsification draws.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np

from neopat.data.assumptions import load_assumptions
from neopat.data.party_types import Financier
from neopat.data.rule_sets import AppointedTier, CandidateRules, ListTier, SmdTier
from neopat.errors import InputError
from neopat.model.agents import EXILED, IMPRISONED
from neopat.model.electorate import society
from neopat.model.electorate.choice import ElectionResult, PartyOffer, VoteParams
from neopat.model.electorate.electorate import Electorate
from neopat.model.electorate.falsification import FalsificationParams, falsify
from neopat.model.electorate.voter_engine import vote
from neopat.model.events import mechanism
from neopat.model.formal.commissions import commission_seats
from neopat.model.formal.enforcement import bias, criticised, leeway, partisan
from neopat.model.formal.in_force import rule_set_in_force
from neopat.model.formal.management import polls, threshold
from neopat.model.formal.parties import (
    PARTY_SLOTS,
    Party,
    active_parties,
    election_due,
    members_by_region,
    stake,
    vehicle,
)
from neopat.rules import Candidate, DistrictVotes, allocate, allocate_smd, apportion

if TYPE_CHECKING:
    from neopat.model.model import NeopatModel

INCUMBENT_SLOT, LOCAL_PRO_SLOT, LOCAL_OPP_SLOT = PARTY_SLOTS, PARTY_SLOTS + 1, PARTY_SLOTS + 2
LOCAL_PRO, LOCAL_OPP, APPOINTED = "self-nominated:pro", "self-nominated:unaligned", "appointed"
PRO_KEYS = frozenset({LOCAL_PRO, APPOINTED})

PARLIAMENT = mechanism(
    "parliamentary_election", "seed:7219-7249",
    "lists and candidates registered, the vote, falsification, seats for every tier in force")
PRESIDENT = mechanism(
    "presidential_election", "seed:7978-7980",
    "the incumbent against registered challengers, with run-off when no majority")
DEREGISTRATION = mechanism(
    "list_deregistration", "seed:10285-10305",
    "an opposition list or candidate is struck off before the vote")
NOT_NOMINATED = mechanism(
    "nomination_refused", "seed:9849-9858",
    "a registered party short of the members, or of the regions they live in, that the rule set "
    "asks of a nominating party may not nominate candidates")
BLOC = mechanism(
    "party_bloc", "seed:10102-10112",
    "opposition parties foreseeing a poll below the list threshold join one list, each at "
    "parties.bloc_rate, where blocs are allowed")
BOYCOTT = mechanism(
    "party_boycott", "seed:13598-13608",
    "an opposition party stays out of an election it expects to be falsified")
COMMISSIONS = mechanism(
    "commission_loyalty", "seed:10422-10431",
    "commissions follow the akim and the local council majority; their loyalty bounds "
    "falsification at the count")
LEGITIMACY = mechanism(
    "legitimacy_feedback", "seed:14944-14950",
    "legitimacy moves with the official outcome, turnout and the criticism falsification draws")


@cache
def _assumptions():
    return load_assumptions()


def build_electorate(model: NeopatModel):
    """The sampled electorate, built once per run at ``scenario.scale`` (ODD §7.10)."""
    return Electorate.build(_assumptions(), model.scenario.scale, model.formal_rng)


def cast_votes(electorate, offer: PartyOffer, rng, params: VoteParams, by: str) -> ElectionResult:
    """The one vote call of the model (swappable for a faster engine)."""
    return vote(electorate, offer, rng, params, by=by)


# --- society ------------------------------------------------------------------------------------
def akim_favour(model: NeopatModel) -> np.ndarray:
    """Per region: how far the akim leans toward the ruler's side, the pressure behind
    clientelist ties (seed:14626-14640)."""
    out = np.array([max(0.0, -bias(model, model.akim_of(r), -1.0, vacant=0.5, graded=False))
                    for r in range(model.electorate.n_regions)])
    return np.clip(out, 0.0, 1.0)


def step_society(model: NeopatModel) -> None:
    """7. Media control homogenises approval; coverage drives recognition; ties follow akims;
    passiveness drifts with legitimacy."""
    el = model.ensure_electorate()
    sel = model.scenario.selective
    rng = model.formal_rng
    soc = model.scenario.society
    society.homogenise_approval(el, sel.media_control, float(np.clip(
        model.ruler.legitimacy, 0, 1)), rng, follow=soc.approval_follow, shrink=soc.media_shrink)
    live = [p for p in model.parties if p.active]
    if live:
        cover = np.array([reach_of(model, p) for p in live])
        settlement = np.array([soc.rural_coverage, soc.urban_coverage])[None, :, None]
        coverage = np.clip(np.broadcast_to(cover, (el.n_regions, 2, len(live))) * settlement,
                           0, 1)
        society.update_awareness(el, [p.slot for p in live], coverage, rng,
                                 learn=soc.learn_rate, forget=soc.forget_rate)
    society.update_ties(el, akim_favour(model), rng, rate=soc.tie_rate,
                        private_reach=soc.private_reach)
    disconnection = soc.disconnection_base - soc.disconnection_legitimacy * model.ruler.legitimacy
    society.drift_apathy(el, float(np.clip(disconnection, 0, 1)), rng, rate=soc.apathy_rate)


def reach_of(model: NeopatModel, party: Party) -> float:
    """The share of voters a party's name reaches this year: what its money buys, the state
    media's favour (the vehicle's and kept satellites' share of the machine) or their silence
    (an opposition party kept off the air), and its leader's appeal (seed:13423-13425,
    seed:12382-12384). Satellites are "mainly inactive outside of election periods"
    (seed:12227-12229)."""
    pp = model.scenario.parties
    media = model.scenario.selective.media_control * leeway(model)
    own = pp.coverage_funds * party.funds / (party.funds + pp.spend_half)
    if party.pro:
        reach = own + 0.5 * media * party.admin_access + 0.3 * party.appeal
        if party.motive != "presidential" and not election_due(model, 1, "parliament"):
            reach *= pp.dormant_coverage
    else:
        reach = (own + 0.3 * party.appeal) * (1.0 - media)
    return min(1.0, reach)


# --- offers -------------------------------------------------------------------------------------
def _vote_params(model: NeopatModel, year: int, kind: str) -> VoteParams:
    vote = model.scenario.vote
    admin = vote.admin_pressure * model.scenario.selective.admin_resources * leeway(model)
    return VoteParams.from_assumptions(
        _assumptions(), year, kind, b_admin=admin,
        aa_intercept=model.scenario.parties.against_all_intercept,
        b_distance=vote.b_distance, b_appeal=vote.b_appeal,
        unaware_penalty=vote.unaware_penalty, b_alignment=vote.b_alignment,
        aa_disapproval=vote.aa_disapproval, against_all=vote.against_all,
        turnout_apathy=vote.turnout_apathy, turnout_mobilisation=vote.turnout_mobilisation)


def commission_loyalty(model: NeopatModel) -> np.ndarray:
    """Per region: how far the akim leans against the opposition, mixed with the loyal council
    share that appoints the commissions (seed:10422-10431)."""
    if not partisan(model):
        return np.zeros(model.electorate.n_regions)
    w = model.scenario.parties.council_weight
    lean = np.array([max(0.0, bias(model, model.akim_of(r), 1.0, vacant=0.5, graded=False))
                     for r in range(model.electorate.n_regions)])
    return np.clip(w * lean + (1 - w) * model.council_share * leeway(model), 0, 1)


def _set_local_awareness(model: NeopatModel) -> None:
    el = model.electorate
    for slot in (LOCAL_PRO_SLOT, LOCAL_OPP_SLOT):
        el.set_aware(slot, model.formal_rng.random(el.size) < model.scenario.society.local_awareness)
    el.set_aware(INCUMBENT_SLOT, np.ones(el.size, dtype=bool))


def _offer(entries: list[dict[str, Any]], on_ballot=None, local=None) -> PartyOffer:
    return PartyOffer(
        ids=np.array([e["slot"] for e in entries]),
        position=np.array([e["position"] for e in entries]),
        coherence=np.array([e["coherence"] for e in entries]),
        leader_appeal=np.array([e["appeal"] for e in entries]),
        stance=np.array([e["stance"] for e in entries]),
        admin_access=np.array([e["access"] for e in entries]),
        on_ballot=on_ballot, local=local)


def _entry(party: Party) -> dict[str, Any]:
    return {"key": party.key, "slot": party.slot, "position": party.position,
            "coherence": party.coherence, "appeal": party.appeal,
            "stance": party.stance_value(), "access": party.admin_access, "pro": party.pro,
            "funded": party.financier is not Financier.NONE, "home": party.home}


def notable_access(model: NeopatModel) -> float:
    """The administrative access of a local notable declaring for the president: backed by the
    same akims' machine as the vehicle, so ``parties.notable_access_share`` of its access (none
    before the vehicle exists). Shared by the count and the ruler's forecast."""
    host = vehicle(model)
    share = model.scenario.parties.notable_access_share
    return share * host.admin_access if host is not None else 0.0


def _local(model: NeopatModel, pro: bool) -> dict[str, Any]:
    """A self-nominated local notable: one declaring for the president (:func:`notable_access`),
    one unaligned."""
    access = notable_access(model)
    return {"key": LOCAL_PRO if pro else LOCAL_OPP,
            "slot": LOCAL_PRO_SLOT if pro else LOCAL_OPP_SLOT,
            "position": 0.0, "coherence": 0.1, "appeal": 0.5,
            "stance": 0.5 if pro else 0.0, "access": access if pro else 0.0, "pro": pro,
            "funded": pro}


def boycotts(model: NeopatModel, party: Party, poll: float, barrier: float,
             noticed: float, capacity: float) -> bool:
    """An opposition party stays out when protesting a count loyal commissions control is worth
    more than its chance of seats (the share of the barrier its poll reaches, less what the
    commissions can take, ``capacity``): the RNPK's list in 1999 after its leader was barred
    (seed:10121-10122); the KPK in 2007, "a waste of time" (seed:12317-12323). A protest is
    worth as much as the public that notices it, so it scales with the party's recognition
    ``noticed``: the parties that boycotted were the best known, the rest "consistently"
    contest (seed:13598-13608)."""
    pp = model.scenario.parties
    chance = min(1.0, poll / barrier) * (1.0 - capacity)
    barred = party.leader is not None and party.leader.status in (EXILED, IMPRISONED)
    return pp.protest_value * capacity * noticed * (2.0 if barred else 1.0) > chance


def may_nominate(rules: CandidateRules, members: int, regions_with_members: int,
                 n_regions: int) -> bool:
    """The rule set's requirements of a nominating party: in 1994 "a list of 3000 members from
    at least 12 of the country's 19 Oblasts", which "only three parties" met (seed:9849-9858).
    The regions counted are the electorate's; a requirement of more regions than it has asks
    for all of them. Shared by the count and the ruler's forecast."""
    if rules.nominator_min_members is not None and members < rules.nominator_min_members:
        return False
    return not rules.nominator_min_regions or \
        regions_with_members >= min(rules.nominator_min_regions, n_regions)


def nominates(model: NeopatModel, party: Party, rules: CandidateRules | None) -> bool:
    """Whether ``party`` may nominate (:func:`may_nominate`): its official list read as filed,
    spread over the regions as its members are (a party founded on a region's ethnic or local
    interest fails the spread)."""
    if rules is None:
        return True
    n_regions = model.electorate.n_regions
    spread = members_by_region(party, model, n_regions) if rules.nominator_min_regions else {}
    return may_nominate(rules, party.members, sum(n > 0 for n in spread.values()), n_regions)


def contenders(model: NeopatModel, month: int, list_tier: ListTier | None,
               blocs_allowed: bool, rules: CandidateRules | None = None) -> list[dict[str, Any]]:
    """Registered parties that run: the rule set's requirements of nominating parties,
    boycotts, de-registration, blocs (in this order)."""
    pp = model.scenario.parties
    rng = model.formal_rng
    poll, barrier = polls(model, active_parties(model)), threshold(model)
    cec = model.office_holder("election_commission")
    # what loyal commissions can take from the count, the same for every party
    capacity = float(commission_loyalty(model).mean()) * model.scenario.selective.falsification
    out, small = [], []
    for party in active_parties(model):
        if not nominates(model, party, rules):
            model.log.emit(model.year, month, NOT_NOMINATED, [party.key], members=party.members)
            continue
        if not party.pro:
            recog = float(model.electorate.aware(party.slot).mean())
            if boycotts(model, party, poll.get(party, 0.0), barrier, recog, capacity):
                model.log.emit(model.year, month, BOYCOTT, [party.key])
                continue
            leader_gone = party.leader is not None and party.leader.status in (EXILED,
                                                                              IMPRISONED)
            p = (pp.deregistration_rate * model.scenario.selective.selective_enforcement
                 * max(0.0, bias(model, cec, stake(party, model)))
                 * (1.5 if leader_gone else 1.0))
            if rng.random() < p:
                criticised(model, model.scenario.institutions.criticism_per_exclusion)
                model.log.emit(model.year, month, DEREGISTRATION, [party.key])
                continue
            # a party that foresees passing the barrier runs alone (Ak Zhol in 2004); each
            # that does not joins the bloc at bloc_rate (KPK and DVK did, seed:10102-10112)
            if list_tier is not None and blocs_allowed and poll.get(party, 0.0) < barrier \
                    and rng.random() < pp.bloc_rate:
                small.append(party)
                continue
        out.append(_entry(party))
    if len(small) >= 2:
        members = sorted(small, key=lambda p: -p.members)
        head = _entry(members[0])
        head["key"] = "bloc:" + "+".join(p.key for p in members)
        head["appeal"] = max(p.appeal for p in members)
        head["members"] = [p.key for p in members]
        model.log.emit(model.year, month, BLOC, [p.key for p in members])
        out.append(head)
    else:
        out.extend(_entry(p) for p in small)
    return out


# --- tiers --------------------------------------------------------------------------------------
def _counted(result: ElectionResult, entries, model, favoured_key: str | None) -> ElectionResult:
    """Falsify the genuine count where commissions are loyal."""
    keys = [e["key"] for e in entries]
    if not partisan(model) or favoured_key not in keys:
        return result
    targets = np.array([not e["pro"] for e in entries])
    fav = keys.index(favoured_key)
    count = model.scenario.count
    params = FalsificationParams(sensitivity=model.scenario.selective.falsification,
                                 max_shift=count.max_shift, max_padding=count.max_padding,
                                 target_share=count.target_share,
                                 include_against_all=count.include_against_all)
    done = falsify(result, commission_loyalty(model), fav, targets, model.formal_rng, params)
    model.falsified_votes += float(done.shifted.sum() + done.padded.sum())
    return done.official


def _favoured(entries: list[dict[str, Any]], model: NeopatModel) -> str | None:
    host = vehicle(model)
    keys = [e["key"] for e in entries]
    if host is not None and host.key in keys:
        return host.key
    pro = [e for e in entries if e["pro"]]
    return max(pro, key=lambda e: e["access"])["key"] if pro else None


def list_tier(model, tier: ListTier, entries, month: int, year: int):
    if not entries:
        return {}, {}, 0.0, None
    result = cast_votes(model.electorate, _offer(entries), model.formal_rng,
                        _vote_params(model, year, "parliament"), "region")
    result = _counted(result, entries, model, _favoured(entries, model))
    totals = result.party_totals
    votes = {e["key"]: float(v) for e, v in zip(entries, totals, strict=False)}
    shift = model.scenario.formal.threshold_shift
    method = model.scenario.formal.list_method
    changes: dict[str, Any] = {"threshold": float(np.clip(tier.threshold + shift, 0, 0.99))}
    if method != "rule_set":
        changes["method"] = method
    tier = tier.model_copy(update=changes)
    blocs = [k for k in votes if k.startswith("bloc:")]
    alloc = allocate(tier, lists=votes, against_all=float(result.against_all.sum()),
                     blocs=blocs, lot=model.formal_rng)
    return votes, alloc.seats, float(result.against_all.sum()), result


def districts_per_region(model, n: int) -> np.ndarray:
    """Districts per region for ``n`` single-member districts: one each, the rest by registered
    voters (Hare); one each when ``n`` is smaller than the number of regions."""
    el = model.electorate
    shares = el.registered_by_region()
    per = np.asarray(apportion(shares, max(n - el.n_regions, 0), "hare"), dtype=np.int64) \
        if n > el.n_regions else np.zeros(el.n_regions, dtype=np.int64)
    return per + 1 if n >= el.n_regions else np.ones(el.n_regions, dtype=np.int64)


def standing(model, candidate: dict[str, Any], fee: float) -> float:
    """Probability that a candidate stands in a given constituency. The vehicle stands
    everywhere, local notables almost everywhere, parties where they are known; the registration
    fee keeps out candidates nobody finances, "smaller less well-financed parties, many ... of an
    oppositional nature" and self-nominees (seed:9905-9911, 10072-10076)."""
    host = vehicle(model)
    if host is not None and candidate["key"] == host.key:
        return 1.0
    if candidate["key"] in (LOCAL_PRO, LOCAL_OPP):
        p = 0.9
    else:
        p = 0.1 + 0.8 * float(model.electorate.aware(candidate["slot"]).mean())
    if candidate["funded"]:
        return p
    return p * float(np.exp(-model.scenario.parties.fee_deterrence * fee))


def smd_tier(model, tier: SmdTier, entries, month: int, year: int, rules):
    el = model.electorate
    rng = model.formal_rng
    per = districts_per_region(model, tier.districts)
    el.assign_districts(per, rng)
    cands = list(entries)
    if rules.candidates.self_nomination and tier.self_nomination:
        cands += [_local(model, True), _local(model, False)]
    if not cands:
        return {}, {}, 0.0, None
    n_units = el.n_districts
    fee = rules.candidates.candidate_fee_relative or 0.0
    presence = np.empty((n_units, len(cands)), dtype=bool)
    region = el.district_region.astype(np.int64)
    at_home = np.zeros(presence.shape, dtype=bool)  # founders' home regions (their clients)
    for j, c in enumerate(cands):
        if c.get("home") is not None:
            at_home[:, j] = c["home"][region]
        presence[:, j] = rng.random(n_units) < np.where(at_home[:, j], 1.0,
                                                        standing(model, c, fee))
    presence[~presence.any(axis=1), 0] = True  # every district has a candidate
    # each candidate's personal standing in the district (seed:14563-14568), higher where he
    # or his party's founders governed (seed:8305-8307)
    local = rng.normal(0.0, model.scenario.parties.local_standing_sd, presence.shape) \
        + model.scenario.parties.home_standing * at_home
    params = _vote_params(model, year, "parliament")
    offer = _offer(cands, presence, local)
    result = cast_votes(el, offer, rng, params, "district")
    result = _counted(result, cands, model, _favoured(cands, model))
    votes = result.votes
    names = [c["key"] for c in cands]
    ballots = {}
    for d in range(n_units):
        on = np.flatnonzero(presence[d])
        ballots[str(d)] = DistrictVotes(
            [Candidate(names[j], names[j], float(votes[d, j])) for j in on],
            against_all=float(result.against_all[d]))
    smd_tier_ = tier
    first = allocate_smd(ballots, smd_tier_, lot=rng)
    pending = [r for r in first.districts if r.status == "runoff-pending"]
    if pending:
        mask = np.zeros_like(presence)
        for r in pending:
            d = int(r.district)
            for name in r.runoff:
                mask[d, names.index(name)] = True
        if not params.against_all:  # a district without a run-off has no ballot; without
            idle = ~mask.any(axis=1)  # 'against all' its voters draw over the first one,
            mask[idle] = presence[idle]  # and only the run-off districts' votes are read
        second = cast_votes(el, _offer(cands, mask, local), rng, params, "district")
        second = _counted(second, cands, model, _favoured(cands, model))
        for r in pending:
            d = int(r.district)
            old = ballots[r.district]
            ballots[r.district] = DistrictVotes(
                [Candidate(c.name, c.party, c.votes,
                           float(second.votes[d, names.index(c.name)])
                           if c.name in r.runoff else None) for c in old.candidates],
                against_all=old.against_all,
                runoff_against_all=float(second.against_all[d]))
        first = allocate_smd(ballots, smd_tier_, lot=rng)
    totals = {n: float(v) for n, v in zip(names, result.party_totals, strict=False)}
    return totals, first.seats, float(result.against_all.sum()), result


def appointed_tier(model, tier: AppointedTier) -> dict[str, int]:
    """Appointed and indirect seats go to the ruler's side: his vehicle if registered."""
    seats = int(round(tier.seats * model.scenario.formal.appointed_scale))
    if seats <= 0:
        return {}
    host = vehicle(model)
    key = host.key if host is not None and host.status == "registered" else APPOINTED
    return {key: seats}


# --- elections ----------------------------------------------------------------------------------
def poll(model: NeopatModel, entries: list[dict[str, Any]], year: int) -> dict[str, float]:
    """Vote intention as an independent pre-election poll measures it: the same electorate and
    choice model, without administrative pressure or falsification, drawn from its own stream so
    the election is unchanged (the KPK/DVK bloc polled 12.5% and got 3.4%, seed:10108-10112)."""
    if not entries:
        return {}
    params = replace(_vote_params(model, year, "parliament"), b_admin=0.0)
    totals = cast_votes(model.electorate, _offer(entries), model.poll_rng, params,
                        "region").party_totals
    total = float(totals.sum())
    return {e["key"]: float(v) / total for e, v in zip(entries, totals, strict=True)} \
        if total > 0 else {}


def is_pro(key: str, model: NeopatModel) -> bool:
    if key in PRO_KEYS:
        return True
    if key.startswith("bloc:"):
        return False
    party = model.party_by_key.get(key)
    return party is not None and party.pro


def parliamentary(model: NeopatModel, inp) -> dict[str, Any]:
    rules = rule_set_in_force(model)  # packaged, or derived by the ruler (institutions.py)
    chamber = rules.chamber()
    model.falsified_votes = 0.0
    lists = next((t for t in chamber.tiers if isinstance(t, ListTier)), None)
    entries = contenders(model, inp.month, lists, rules.candidates.blocs_allowed,
                         rules.candidates)
    commissions = commission_seats(model, entries, commission_loyalty(model))
    votes: dict[str, float] = {}
    seats_by_tier: dict[str, dict[str, int]] = {}
    turnout, against, registered = [], 0.0, 0.0
    for tier in chamber.tiers:
        if isinstance(tier, ListTier):
            v, s, aa, res = list_tier(model, tier, entries, inp.month, model.year)
        elif isinstance(tier, SmdTier):
            v, s, aa, res = smd_tier(model, tier, entries, inp.month, model.year, rules)
        else:
            seats_by_tier[tier.name] = appointed_tier(model, tier)
            continue
        seats_by_tier[tier.name] = s
        if res is not None:
            turnout.append(res.turnout)
            registered = float(res.registered.sum())
            if isinstance(tier, ListTier) or not votes:
                votes = dict(v)
                against = aa
    seats: dict[str, int] = {}
    for tier_seats in seats_by_tier.values():
        for k, n in tier_seats.items():
            seats[k] = seats.get(k, 0) + int(n)
    total = sum(seats.values())
    pro = sum(n for k, n in seats.items() if is_pro(k, model))
    host = vehicle(model)
    core = seats.get(APPOINTED, 0) + (seats.get(host.key, 0) if host is not None else 0)
    list_seats = seats_by_tier.get(lists.name, {}) if lists is not None else {}
    n_list = sum(list_seats.values())
    record = {
        "year": model.year, "month": inp.month, "kind": "parliament", "name": inp.name,
        "rule_set": model.rule_set, "turnout": float(np.mean(turnout)) if turnout else None,
        "votes": {k: int(round(v)) for k, v in votes.items()},
        "seats": seats, "seats_by_tier": seats_by_tier,
        "pro_presidential_seat_share": pro / total if total else None,
        "core_seat_share": core / total if total else None,
        "opposition_seat_share": (total - pro) / total if total else None,
        "pro_presidential_list_share": (sum(n for k, n in list_seats.items()
                                            if is_pro(k, model)) / n_list) if n_list else None,
        "lists_passing": len([k for k, n in list_seats.items() if n > 0]) if lists else None,
        "list_seats": dict(list_seats),
        "stances": {e["key"]: "pro" if e["pro"] else "opposition" for e in entries},
        "commission_seats": commissions,
        "poll_shares": poll(model, entries, model.year),
        "falsified": model.falsified_votes / max(registered, 1.0),
    }
    if lists is not None or against:
        record["votes"]["against_all"] = int(round(against))
    _after(model, record, entries)
    model.council_share = record["pro_presidential_seat_share"] or model.council_share
    model.log.emit(model.year, inp.month, PARLIAMENT, list(seats), name=inp.name,
                   pro_share=record["pro_presidential_seat_share"])
    return record


def presidential(model: NeopatModel, inp) -> dict[str, Any]:
    model.falsified_votes = 0.0
    ruler = model.ruler
    access = min(1.0, 0.5 + model.scenario.selective.admin_resources) * leeway(model)
    incumbent = {"key": ruler.key, "slot": INCUMBENT_SLOT, "position": 0.0, "coherence": 0.2,
                 "appeal": float(np.clip(ruler.legitimacy, 0, 1)), "stance": 1.0,
                 "access": access, "pro": True}
    challengers = [e for e in contenders(model, inp.month, None, False) if not e["pro"]]
    challengers = sorted(challengers, key=lambda e: -e["appeal"])[:2] or [_local(model, False)]
    entries = [incumbent] + challengers
    params = _vote_params(model, model.year, "president")
    result = cast_votes(model.electorate, _offer(entries), model.formal_rng, params, "region")
    result = _counted(result, entries, model, ruler.key)
    shares = result.party_totals / max(result.valid_votes, 1e-300)
    votes = {e["key"]: int(round(v)) for e, v in zip(entries, result.party_totals, strict=False)}
    votes["against_all"] = int(round(float(result.against_all.sum())))
    record = {"year": model.year, "month": inp.month, "kind": "president", "name": inp.name,
              "rule_set": model.rule_set, "turnout": result.turnout, "votes": votes,
              "seats": {}, "seats_by_tier": {}, "incumbent_share": float(shares[0]),
              "runoff": bool(shares.max() <= 0.5),
              "falsified": model.falsified_votes / max(float(result.registered.sum()), 1.0)}
    _after(model, record, entries)
    model.log.emit(model.year, inp.month, PRESIDENT, [ruler.key], name=inp.name,
                   incumbent_share=record["incumbent_share"])
    return record


def _after(model: NeopatModel, record: dict[str, Any], entries) -> None:
    """Parties react to the official result; legitimacy moves (seed:14944-14950)."""
    keys = {e["key"] for e in entries}
    for party in model.parties:
        if party.key not in keys:
            continue
        if not partisan(model):  # no official could lean: the contest was even
            party.competitive_elections += 1
        if party.pro:
            party.endorsed = True
        elif not party.coopted:
            party.contests = True
    votes = {k: v for k, v in record["votes"].items() if k != "against_all"}
    valid = sum(record["votes"].values()) or 1
    pro_share = sum(v for k, v in votes.items() if is_pro(k, model) or k == model.ruler.key) \
        / valid
    criticised(model, model.scenario.institutions.criticism_per_falsified * record["falsified"])
    k = model.scenario.parties.legitimacy_feedback
    turnout = record["turnout"] or 0.0
    delta = k * (0.5 * (pro_share - 0.5) + 0.5 * (turnout - 0.6) - record["falsified"])
    model.ruler.legitimacy = float(np.clip(model.ruler.legitimacy + 0.2 * delta, 0, 1))
    model.log.emit(model.year, record["month"], LEGITIMACY, [model.ruler.key],
                   delta=round(0.2 * delta, 4))


def step_elections(model: NeopatModel) -> None:
    """8. Elections on the calendar, in month order."""
    model.ensure_electorate()
    elections = [i for i in model.inputs_this_year() if i.kind == "election"]
    if not elections:
        return
    _set_local_awareness(model)
    model.party_by_key = {p.key: p for p in model.parties}
    for inp in elections:
        if inp.office == "parliament" and not model.rule_set:  # refused by the scenario schema
            raise InputError(f"election {inp.name!r} ({inp.year}-{inp.month:02d}) has no rule "
                             "set in force", where="inputs")
        record = presidential(model, inp) if inp.office == "president" else parliamentary(model, inp)
        model.elections.append(record)
        model.log.emit(model.year, inp.month, COMMISSIONS, [],
                       loyalty=round(float(commission_loyalty(model).mean()), 4))
