"""Patronage: rents through offices, cadre rotation, threat dismissal, appointments under the
balance cap, and terms that end at elections (M8, M9, M10, M12, M17)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from neopat.model.agents import Elite, Faction
from neopat.model.events import mechanism
from neopat.model.informal.offices import Office
from neopat.scenarios.schema import Input

if TYPE_CHECKING:
    from neopat.model.model import NeopatModel

RENTS = mechanism("patronage_rents", "seed:2521-2537",
                  "the patronage budget flows to office-holders in proportion to office rank")
ROTATION = mechanism("rotation", "seed:7676-7697",
                     "officials are shifted from post to post (cadre rotation)")
DISMISSAL = mechanism("dismissal", "seed:7942-7950",
                      "a balancer dismisses a top official whose autonomy and disloyalty "
                      "make him a threat")
APPOINTMENT = mechanism("appointment", "seed:7697-7719",
                        "the ruler fills vacant posts by his species' rule, within the balance cap")
TERM_END = mechanism("term_end", "seed:8321-8339",
                     "an election ends legislative terms; holders need a new post")
STATUS_LOSS = mechanism("status_loss", "seed:8321-8339",
                        "an office ends with no comparable new one: grievance")


def distribute_rents(model: NeopatModel) -> None:
    """Office-holders receive rents by rank; factions compare receipts with expectations."""
    holders = [o for o in model.offices if o.holder is not None]
    total_rank = sum(o.rank for o in holders) or 1
    for faction in model.factions:
        faction.received = 0.0
    keep = model.scenario.economy.office_enrichment
    for office in holders:
        rent = model.ruler.budget * office.rank / total_rank
        office.holder.faction.received += rent
        office.holder.wealth += keep * rent
    update_expectations(model)
    model.log.emit(model.year, 1, RENTS, [], budget=round(model.ruler.budget, 3))


def update_expectations(model: NeopatModel) -> None:
    """Received and expected patronage as shares of the budget. A faction feels entitled to
    half its share of active elites plus half its share of elite assets (weight grows with
    wealth, seed:7864-7866); expectations adapt (default rule, thesis silent)."""
    active = [f for f in model.factions if f.active_members]
    members = sum(len(f.active_members) for f in active) or 1
    assets = sum(f.assets for f in active)
    memory = model.scenario.patronage.expectation_memory
    budget = model.ruler.budget or 1.0
    for faction in active:
        faction.received /= budget
        share = 0.5 * len(faction.active_members) / members
        share += 0.5 * (faction.assets / assets if assets > 0 else len(faction.active_members)
                        / members)
        faction.expected = memory * faction.expected + (1 - memory) * share \
            if faction.expected > 0 else max(faction.received, 1e-3)


def _vacate(model: NeopatModel, elite: Elite, month: int, mech, **detail) -> None:
    office = elite.leave_office()
    if office is not None:
        model.lost_office[elite] = (office.rank, month)
        model.log.emit(model.year, month, mech, [elite.key], office=office.kind, **detail)


def enforce_cap(model: NeopatModel) -> None:
    """A capping ruler trims any faction above the cap, least loyal holders first."""
    if not model.ruler.species.caps_offices:
        return
    limit = model.scenario.patronage.balance_cap * len(model.offices)
    for faction, count in sorted(office_shares(model).items(), key=lambda kv: kv[0].unique_id):
        holders = sorted((e for e in faction.members if e.office is not None),
                         key=lambda e: (e.loyalty, e.unique_id))
        for elite in holders[: max(0, int(count - limit + 0.999999))]:
            _vacate(model, elite, 1, ROTATION, reason="balance cap")


def rotate(model: NeopatModel) -> None:
    """Rotation (rate scaled by informal reliance) and dismissal of threatening officials."""
    enforce_cap(model)
    species = model.ruler.species
    if not species.rotates:
        return
    pat = model.scenario.patronage
    half = model.scenario.loyalty.autonomy_half
    rate = pat.rotation_rate * (0.5 + model.ruler.informal_reliance)
    movers: list[Office] = []
    for office in list(model.offices):
        elite = office.holder
        if elite is None:
            continue
        threat = elite.autonomy(half, elite.seen_wealth)
        if office.rank >= pat.top_rank and threat > pat.threat_dismissal:
            month = int(model.rng.integers(1, 13))
            _vacate(model, elite, month, DISMISSAL, threat=round(threat, 3))
        elif model.rng.random() < rate:
            movers.append(office)
    swap(model, movers)


def swap(model: NeopatModel, movers: list[Office]) -> None:
    """Rotation shifts officials between posts of comparable rank: dependence, not demotion."""
    order = [movers[i] for i in model.rng.permutation(len(movers))]
    while len(order) >= 2:
        a = order.pop()
        gap = model.scenario.patronage.comparable_gap
        partner = next((b for b in order if abs(b.rank - a.rank) <= gap), None)
        if partner is None:
            continue
        order.remove(partner)
        x, y = a.holder, partner.holder
        x.leave_office()
        y.leave_office()
        x.take_office(partner, model.year)
        y.take_office(a, model.year)
        model.log.emit(model.year, 1, ROTATION, [x.key, y.key], offices=[a.kind, partner.kind])


def end_terms(model: NeopatModel, election: Input) -> None:
    """An election (dated input) ends the terms of the office kinds it names."""
    for office in model.offices:
        if office.kind in election.ends and office.holder is not None \
                and office.holder.entered_year != model.year:  # this year's entrants won seats
            _vacate(model, office.holder, election.month, TERM_END, election=election.name)


def office_shares(model: NeopatModel) -> dict[Faction, int]:
    counts: dict[Faction, int] = {}
    for office in model.offices:
        if office.holder is not None:
            counts[office.holder.faction] = counts.get(office.holder.faction, 0) + 1
    return counts


def fill_offices(model: NeopatModel) -> None:
    """Fill vacancies, highest rank first, by the species' score and (if it caps) the cap;
    none before ``population.appointments_from``, while the posts are held by people the
    population does not list (the few elites dated earlier keep their entry offices)."""
    first = model.scenario.population.appointments_from
    if first is not None and model.year < first:
        settle_status_losses(model)
        return
    species = model.ruler.species
    cap = model.scenario.patronage.balance_cap
    n_offices = len(model.offices)
    counts = office_shares(model)
    min_score = species.min_appointment_score(model)
    pool = [e for e in model.elites if e.in_coalition and
            (e.office is None or e.office.rank < model.scenario.patronage.top_rank)]
    scores = {e: species.appointment_score(e, model) for e in pool}
    tried: set[Office] = set()
    while True:
        vacant = [o for o in model.offices if o.holder is None and o not in tried]
        if not vacant:
            break
        office = max(vacant, key=lambda o: o.rank)
        tried.add(office)
        candidates = [e for e in pool if (e.office is None or e.office.rank < office.rank)
                      and scores[e] >= min_score
                      and not (species.caps_offices and e.office is None
                               and counts.get(e.faction, 0) + 1 > cap * n_offices)]
        if not candidates:
            continue
        best = max(candidates, key=lambda e: (scores[e] + 0.05 * e.last_rank, -e.unique_id))
        if best.office is not None:
            best.office.holder = None
            best.office = None
        else:
            counts[best.faction] = counts.get(best.faction, 0) + 1
        best.take_office(office, model.year)
        model.log.emit(model.year, 1, APPOINTMENT, [best.key], office=office.kind)
    settle_status_losses(model)


def settle_status_losses(model: NeopatModel) -> None:
    """Whoever lost an office this year and got no comparable one takes a grievance."""
    weight = model.scenario.loyalty.status_grievance
    for elite, (rank, month) in model.lost_office.items():
        new_rank = elite.office.rank if elite.office is not None else 0
        if elite.in_coalition and new_rank < rank - model.scenario.patronage.comparable_gap:
            elite.shock(weight * rank / 8, month)
            model.log.emit(model.year, month, STATUS_LOSS, [elite.key], lost_rank=rank,
                           new_rank=new_rank)
    model.lost_office.clear()


def cap_respected(model: NeopatModel) -> bool:
    """True if no faction's share of offices exceeds the balance cap."""
    limit = model.scenario.patronage.balance_cap * len(model.offices)
    return all(n <= limit for n in office_shares(model).values())


def under_cap(model: NeopatModel, faction: Faction) -> bool:
    """True if ``faction`` may take one more office without exceeding the cap."""
    limit = model.scenario.patronage.balance_cap * len(model.offices)
    return office_shares(model).get(faction, 0) + 1 <= limit
