"""The ruler's forecast of the next legislature under a rule set and a party law (ODD §7.12).

What he can foresee is the electorate's mood, not the count his commissions will make: each voter
who approves of him (approval ≥ 6) and knows pro-presidential parties splits a vote among them,
each who disapproves (≤ 4) and knows opposition parties among those, as in the satellites' polls
(``management.polls``, "pro-power or oppositionist", seed:14143-14145), here region by region
and after the coming campaign: a party's money and the state media's favour reach voters who do
not know it yet (``elections.reach_of``), so the opposition's resources enter the forecast.
Voters committed to no party they know are *unaligned*. Those tied to the akim (with
probability tie/3) follow him as far as the candidate he urges has the akims' machine behind it,
as in the count (the pull ``b_admin·(tie/3)·access``): in single-member districts the akim's
notable, with the notable's access (``elections.notable_access``) — "local Akims would ensure
victory for pro-presidential candidates" (seed:10114-10129) — on a list the pro-presidential
list with the most access, with its access: the akims deliver a list vote to the ruler's vehicle
once its machine is built ("the amalgamation of the other pro-presidential parties into Nur Otan
ensured, with the use of administrative resources by state agencies and local executives, no
other party would surpass the 7 percent threshold", seed:10193-10200), not to a party they do
not work for. The rest elect local notables in districts (self-nominated deputies,
seed:10176-10177), of whom ``institutions.independent_loyalty`` side with him, and on lists
spread like the committed vote. The seats come from :mod:`neopat.rules`: list
tiers by :func:`neopat.rules.allocate` with the tier's threshold and the bloc rule (opposition
parties below the threshold run one bloc where blocs are allowed, seed:10102-10112), districts by
:func:`neopat.rules.smd.elect_district` region by region, appointed tiers to the president
(seed:7221-7225). A party the law would refuse on paper (members, members per region) is off
the ballot (seed:10886-10898). A new law that makes every party apply again and voids a file
for one invalid form (as the ruler's own laws do) puts each opposition party before the
registrar, who reads a threatening party's file strictly — "if just one signature is found to
be illegitimate then the whole registration process can be cancelled" (seed:10924-10932) —
with the chance ``parties.strict_chance`` (of 19 parties, seven
were re-registered, seed:10944-10961): in the ruler's forecast under such a law, a party's votes
count by its chance to pass (``Forecast.strict``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from neopat.data.rule_sets import (
    AppointedTier,
    CandidateRules,
    ListTier,
    PartyLaw,
    RuleSet,
    SmdTier,
)
from neopat.model.electorate.electorate import TIE_MAX
from neopat.model.formal.elections import (
    districts_per_region,
    may_nominate,
    notable_access,
    reach_of,
)
from neopat.model.formal.parties import active_parties, delegates, strict_chance
from neopat.model.formal.parties import threat as danger_of
from neopat.rules import Candidate, DistrictVotes, allocate
from neopat.rules.smd import SELF_NOMINATED, elect_district

if TYPE_CHECKING:
    from neopat.model.model import NeopatModel

INDEPENDENT, AKIM, BLOC = "independent", "akim", "bloc:opposition"


@dataclass(frozen=True)
class Forecast:
    """Vote intention by party, nationally and per region, and the unaligned share per region."""

    keys: tuple[str, ...]
    pro: tuple[bool, ...]
    members: tuple[float, ...]
    reach: tuple[np.ndarray | None, ...]  # share of a party's members per region
    weight: np.ndarray  # (regions,) share of voters
    national: np.ndarray  # (parties,)
    regional: np.ndarray  # (regions, parties)
    unaligned: np.ndarray  # (regions,) not tied to the akim
    tied: np.ndarray  # (regions,) unaligned and tied to the akim
    law: str = ""  # the party law in force when the poll was taken
    strict: tuple[float, ...] = ()  # chance the registrar reads a party's new file strictly
    danger: tuple[float, ...] = ()  # an opposition party's threat (its money or its leader's)
    delegates: tuple[int, ...] = ()  # members a party can bring to a founding congress
    access: tuple[float, ...] = ()  # a party's administrative access (0 where not given)
    notable_access: float = 0.0  # the administrative access of the akim's notable


@dataclass(frozen=True)
class Legislature:
    """A forecast chamber: seats of the president's camp, the opposition and independents."""

    pro: float
    opposition: float
    independent: float

    @property
    def total(self) -> float:
        return self.pro + self.opposition + self.independent

    def hostile(self, loyalty: float) -> float:
        """Share of seats outside his camp (independents by their loyalty)."""
        t = self.total
        return (self.opposition + (1 - loyalty) * self.independent) / t if t else 0.0

    def loyal(self, loyalty: float) -> float:
        t = self.total
        return (self.pro + loyalty * self.independent) / t if t else 0.0


def forecast(model: NeopatModel) -> Forecast:
    """The ruler's poll of every active party, by region, after the coming campaign: a voter
    who does not know a party yet learns of it with the reach its money and the state media buy
    (``elections.reach_of``)."""
    el = model.electorate
    parties = [p for p in active_parties(model) if p.slot is not None]
    n_regions = el.n_regions
    voters = np.bincount(el.region, minlength=n_regions).astype(float)
    regional = np.zeros((n_regions, len(parties)))
    committed = np.zeros(el.size)
    for side, mood in ((True, el.approval >= 6), (False, el.approval <= 4)):
        idx = [i for i, p in enumerate(parties) if p.pro == side]
        if not idx:
            continue
        known = []
        for i in idx:
            aware = el.aware(parties[i].slot)
            known.append(np.where(aware, 1.0, reach_of(model, parties[i])) * mood)
        count = np.sum(known, axis=0)
        committed += np.minimum(count, 1.0)
        for i, k in zip(idx, known, strict=True):
            regional[:, i] = np.bincount(el.region, weights=k / np.maximum(count, 1.0),
                                         minlength=n_regions)
    free = 1.0 - np.minimum(committed, 1.0)
    follow = el.tie / TIE_MAX
    tied = np.bincount(el.region, weights=free * follow, minlength=n_regions)
    unaligned = np.bincount(el.region, weights=free * (1 - follow), minlength=n_regions)
    safe = np.maximum(voters, 1.0)
    weight = voters / max(voters.sum(), 1.0)
    regional /= safe[:, None]
    return Forecast(keys=tuple(p.key for p in parties), pro=tuple(p.pro for p in parties),
                    members=tuple(float(p.members) for p in parties),
                    reach=tuple(p.reach for p in parties), weight=weight,
                    national=weight @ regional if parties else np.zeros(0),
                    regional=regional, unaligned=unaligned / safe, tied=tied / safe,
                    law=model.institutions.party_law,
                    strict=tuple(strict_chance(p, model) for p in parties),
                    danger=tuple(0.0 if p.pro else danger_of(p, model) for p in parties),
                    delegates=tuple(delegates(p, model) for p in parties),
                    access=tuple(p.admin_access for p in parties),
                    notable_access=notable_access(model))


def _per_region(fc: Forecast, i: int, n_regions: int) -> np.ndarray:
    """Party ``i``'s members per region (spread evenly where its reach is national)."""
    reach = fc.reach[i] if fc.reach[i] is not None else np.full(n_regions, 1 / n_regions)
    return fc.members[i] * np.asarray(reach)


def eligible(fc: Forecast, law: PartyLaw, n_regions: int) -> np.ndarray:
    """Parties that meet ``law``'s membership, regional and founding-congress minimums on
    paper."""
    ok = np.ones(len(fc.keys), dtype=bool)
    for i, members in enumerate(fc.members):
        short = law.min_members and members < law.min_members
        no_congress = law.min_founders and fc.delegates and fc.delegates[i] < law.min_founders
        if short or no_congress:
            ok[i] = False
        elif law.regional is not None:
            per_region = np.sort(_per_region(fc, i, n_regions))[::-1]
            need = n_regions if law.regional.regions == "all" else int(
                np.ceil(law.regional.fraction * n_regions))
            ok[i] = need == 0 or per_region[:need].min() >= law.regional.min_per_region
    return ok


def stands(fc: Forecast, law: PartyLaw, n_regions: int) -> np.ndarray:
    """Each party's chance to be on the ballot under ``law``: 0 if it fails on paper; under a new
    law that makes every party apply again and voids a strictly read file for one invalid form,
    its chance that the registrar reads it leniently."""
    chance = eligible(fc, law, n_regions).astype(float)
    if law.name != fc.law and law.reregistration_on_change and law.void_on_invalid and fc.strict:
        chance *= 1.0 - np.asarray(fc.strict)
    return chance


def nominating(fc: Forecast, rules: CandidateRules, n_regions: int) -> np.ndarray:
    """Parties the rule set lets nominate: the members and the regions they live in that it asks
    of a nominating party (``elections.nominates``)."""
    ok = np.ones(len(fc.keys), dtype=bool)
    for i, members in enumerate(fc.members):
        spread = int((np.floor(_per_region(fc, i, n_regions)) > 0).sum())
        ok[i] = may_nominate(rules, members, spread, n_regions)
    return ok


def refused(fc: Forecast, law: PartyLaw, n_regions: int) -> float:
    """The opposition's strength ``law`` would take off the register: each opposition party's
    threat times its chance to be refused, summed (at most 1)."""
    if not fc.danger:
        return 0.0
    lost = 1.0 - stands(fc, law, n_regions)
    return float(min(1.0, np.dot(np.asarray(fc.danger), lost)))


def _lists(fc: Forecast, ok: np.ndarray, tier: ListTier, blocs_allowed: bool):
    lists = {k: float(v) * good for k, v, good in zip(fc.keys, fc.national, ok, strict=True)
             if good > 0 and v > 0}
    access = dict(zip(fc.keys, fc.access or (0.0,) * len(fc.keys), strict=True))
    pro = [k for k, p in zip(fc.keys, fc.pro, strict=True) if p and k in lists]
    if pro:  # the akim's voters follow him to the list with the most access, as far as it has
        best = max(pro, key=lambda k: (access[k], lists[k]))
        lists[best] += float(fc.tied @ fc.weight) * access[best]
    small = [k for k, pro in zip(fc.keys, fc.pro, strict=True)
             if not pro and k in lists and lists[k] < tier.threshold]
    if blocs_allowed and len(small) >= 2:
        lists[BLOC] = sum(lists.pop(k) for k in small)
        return lists, [BLOC]
    return lists, []


def _district_winner(fc: Forecast, ok: np.ndarray, r: int, tier: SmdTier) -> str | None:
    runoff = tier.formula == "two_round"  # the run-off repeats the first round's intentions
    cands = [Candidate(k, k, float(v) * good, float(v) * good if runoff else None)
             for k, v, good in zip(fc.keys, fc.regional[r], ok, strict=True)
             if good > 0 and v > 0]
    if tier.self_nomination:  # the tied voters the notable's access does not pull are unaligned
        follow = float(fc.tied[r]) * fc.notable_access
        for key, share in ((AKIM, follow),
                           (INDEPENDENT, float(fc.unaligned[r] + fc.tied[r]) - follow)):
            if share > 0:
                cands.append(Candidate(key, SELF_NOMINATED, share, share if runoff else None))
    if not cands:
        return None
    result = elect_district(DistrictVotes(cands), tier)
    return None if result.winner is None else result.winner.name


def legislature(model: NeopatModel, fc: Forecast, rules: RuleSet, law: PartyLaw) -> Legislature:
    """The next legislature the ruler expects under ``rules`` and ``law``."""
    n_regions = model.electorate.n_regions
    ok = stands(fc, law, n_regions) * nominating(fc, rules.candidates, n_regions)
    pro = {k for k, p in zip(fc.keys, fc.pro, strict=True) if p}
    seats = {"pro": 0.0, "opposition": 0.0, "independent": 0.0}

    def add(key: str, n: float) -> None:
        side = "independent" if key == INDEPENDENT else "pro" if key in pro or key == AKIM \
            else "opposition"
        seats[side] += n

    for tier in rules.chamber().tiers:
        if isinstance(tier, AppointedTier):
            seats["pro"] += tier.seats
        elif isinstance(tier, ListTier):
            lists, blocs = _lists(fc, ok, tier, rules.candidates.blocs_allowed)
            if lists:
                for key, n in allocate(tier, lists=lists, blocs=blocs).seats.items():
                    add(key, n)
        else:
            per_region = districts_per_region(model, tier.districts)
            for r, n in enumerate(per_region):
                winner = _district_winner(fc, ok, r, tier)
                if winner is not None:
                    add(winner, float(n))
    return Legislature(**seats)
