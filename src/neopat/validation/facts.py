"""Stylised facts of the record at three levels (elites, parties, votes), each a statistic of an
ensemble of runs compared with a number the thesis prints (or derives by stated arithmetic).

A fact's band contains the record and excludes the degenerate outcomes (an empty ballot, no
parties, no defections, a clean sweep); a run in which the fact's quantity cannot be computed
(no election, no vehicle, no opposition contestant) counts against it. A fact is *in-sample* when
every year it reads is 2000 or earlier and *held out* otherwise. ``direction`` gives, per
ablation (:mod:`neopat.scenarios.ablations`), the way the thesis says the statistic moves when
that mechanism is removed; only those predictions are tested (:mod:`neopat.validation.ablation`).
The record enters only here, as targets; the model never reads it.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from neopat.experiments.runner import RunResult
from neopat.model.formal.elections import APPOINTED, LOCAL_OPP, LOCAL_PRO

LEVELS = ("elites", "parties", "votes")
IN_SAMPLE_UNTIL = 2000  # facts reading only years up to this one are in-sample
LOCAL_KEYS = frozenset({LOCAL_PRO, LOCAL_OPP, APPOINTED})  # not parties: notables, appointees
REFUSALS = ("party_denial", "party_reregistration")
APPLICATIONS = ("party_registration", "party_denial", "party_reregistration",
                "party_reregistered")
LAW_FROM = 2002  # P13 compares applicants under the 2002 law and later (seed:10866-10874)

Quantity = Callable[[RunResult], Any]


@dataclass(frozen=True)
class Fact:
    """One fact: a per-run ``quantity`` reduced over runs by ``statistic`` into a number that
    must lie in ``[low, high]``. ``kind`` is ``median`` (of a per-run number), ``share`` (of runs
    where a per-run property holds) or ``pooled`` (``statistic`` reads every run's quantity)."""

    key: str
    name: str
    level: str
    years: tuple[int, ...]
    record: str
    low: float
    high: float
    source: str
    quantity: Quantity
    kind: str = "median"
    direction: dict[str, str] = field(default_factory=dict)
    note: str = ""
    statistic: Callable[[list[Any]], float] | None = None

    @property
    def sample(self) -> str:
        return "in" if max(self.years) <= IN_SAMPLE_UNTIL else "held_out"

    def values(self, runs: Sequence[RunResult]) -> list[Any]:
        return [self.quantity(r) for r in runs]

    def reduce(self, values: list[Any]) -> float:
        """The ensemble statistic; uncomputable runs count against the fact. For a median they
        are placed below every run and then above every run: the fact holds only if both
        medians are inside its band (then the median of the runs that computed it is returned,
        which lies between them); otherwise the outside one is returned. A run with no
        opposition on its ballot cannot pull an overshooting median into the band."""
        if self.statistic is not None:
            return self.statistic(values)
        if self.kind == "share":
            return float(np.mean([bool(v) for v in values])) if values else math.nan
        if not values:
            return math.nan
        low, high = (float(np.median([fill if v is None else float(v) for v in values]))
                     for fill in (-math.inf, math.inf))
        if not self.inside(low):
            return low
        if not self.inside(high):
            return high
        return float(np.median([float(v) for v in values if v is not None]))

    def inside(self, value: float) -> bool:
        return bool(self.low <= value <= self.high)

    def evaluate(self, runs: Sequence[RunResult]) -> dict[str, Any]:
        value = self.reduce(self.values(runs))
        return {"fact": self.key, "name": self.name, "level": self.level, "sample": self.sample,
                "simulated": value if math.isfinite(value) else None, "record": self.record,
                "band": [self.low, self.high], "inside": self.inside(value),
                "source": self.source, "summary": self.kind, "note": self.note}


# -- reading a run ----------------------------------------------------------------------------
def parliament(run: RunResult, year: int) -> dict | None:
    """The run's parliamentary election of ``year`` (the last, if several)."""
    held = [e for e in run.elections if e["kind"] == "parliament" and e["year"] == year]
    return held[-1] if held else None


def contestants(election: dict) -> list[str]:
    """Parties and blocs that got votes (one key each; notables and appointees excluded)."""
    return [k for k, v in election["votes"].items()
            if k != "against_all" and k not in LOCAL_KEYS and v > 0]


def stance(election: dict, key: str) -> str:
    """A contestant's stance at the vote (blocs of opposition parties are opposition)."""
    return election.get("stances", {}).get(key, "opposition" if key.startswith("bloc:") else "pro")


def rows(run: RunResult, year: int) -> list[dict]:
    return [p for p in run.parties if p["year"] == year]


def vehicle(run: RunResult, year: int) -> str | None:
    """The registered presidential party in ``year``."""
    return next((p["key"] for p in rows(run, year)
                 if p["motive"] == "presidential" and p["status"] == "registered"), None)


def indicator(run: RunResult, year: int, name: str) -> Any:
    return next((y.get(name) for y in run.years if y["year"] == year), None)


def defections(run: RunResult) -> dict[int, list[str]]:
    """Defectors' factions by year."""
    out: dict[int, list[str]] = defaultdict(list)
    for e in run.events:
        if e["mechanism"] == "defection":
            out[e["year"]].append(e["detail"]["faction"])
    return out


def waves(by_year: dict[int, list[str]]) -> list[int]:
    """Years with defections from at least two factions: a wave, not a person."""
    return sorted(y for y, f in by_year.items() if len(set(f)) >= 2)


def wave_years(run: RunResult) -> list[int]:
    return waves(defections(run))


def defection_profile(runs: Sequence[RunResult]) -> list[dict[str, float]]:
    """Per simulated year: defections a run and the share of runs with a wave, the yearly
    quantities the elite facts read."""
    years = sorted({y["year"] for r in runs for y in r.years})
    by_run = [defections(r) for r in runs]
    waved = [set(waves(d)) for d in by_run]
    n = max(len(runs), 1)
    return [{"year": y, "defections": sum(len(d.get(y, ())) for d in by_run) / n,
             "waves": sum(y in w for w in waved) / n} for y in years]


def defected(run: RunResult, years: range) -> int:
    by_year = defections(run)
    return sum(len(by_year.get(y, [])) for y in years)


def mergers_into_vehicle(run: RunResult, years: range) -> int:
    presidential = {p["key"] for p in run.parties if p["motive"] == "presidential"}
    return sum(1 for e in run.events if e["mechanism"] == "party_merger"
               and e["year"] in years and e["detail"].get("into") in presidential)


# -- elites ------------------------------------------------------------------------------------
def first_wave_only(run: RunResult) -> bool:
    waves = set(wave_years(run))
    return defected(run, range(1997, 2000)) >= 1 and not waves & {1995, 1996, 2000}


def wave_in(years: set[int]) -> Quantity:
    return lambda run: bool(set(wave_years(run)) & years)


def largest_in_2001(run: RunResult) -> bool:
    second = defected(run, range(2001, 2003))
    others = max(defected(run, range(1997, 2000)), defected(run, range(2004, 2006)))
    return second >= 3 and second >= 2 * others


def no_stray_waves(run: RunResult) -> bool:
    waves = set(wave_years(run))
    return not waves & {2003, 2006, 2007, 2008} and bool(waves & {2001, 2002, 2004, 2005})


# -- parties ------------------------------------------------------------------------------------
def standing(year: int) -> Quantity:
    def q(run: RunResult) -> int | None:
        e = parliament(run, year)
        return None if e is None else len(contestants(e))
    return q


def lists_passing(year: int) -> Quantity:
    def q(run: RunResult) -> int | None:
        e = parliament(run, year)
        return None if e is None else e.get("lists_passing")
    return q


def one_opposition_list(year: int) -> Quantity:
    def q(run: RunResult) -> bool | None:
        e = parliament(run, year)
        if e is None:
            return None
        won = [k for k, n in e.get("list_seats", {}).items() if n > 0 and k not in LOCAL_KEYS]
        return sum(stance(e, k) == "opposition" for k in won) == 1
    return q


def mergers(first: int, last: int) -> Quantity:
    return lambda run: mergers_into_vehicle(run, range(first, last + 1))


def registered(year: int) -> Quantity:
    return lambda run: indicator(run, year, "registered_parties")


def survivors(before: int, after: int) -> Quantity:
    def q(run: RunResult) -> int:
        then = {p["key"] for p in rows(run, before) if p["status"] == "registered"}
        return sum(1 for p in rows(run, after) if p["key"] in then and p["status"] == "registered")
    return q


def seated(year: int) -> Quantity:
    def q(run: RunResult) -> int | None:
        e = parliament(run, year)
        if e is None:
            return None
        return sum(1 for k, n in e["seats"].items() if n > 0 and k not in LOCAL_KEYS)
    return q


def applicants(run: RunResult) -> list[tuple[str, float, bool]]:
    """(stance, members / minimum, refused or liquidated) of every party that filed an
    application qualifying on paper under the 2002 law or a later one (first filing counts)."""
    liquidated = {e["actors"][0] for e in run.events if e["mechanism"] == "party_liquidation"}
    seen: dict[str, tuple[str, float, bool]] = {}
    refused: set[str] = set()
    for e in run.events:
        if e["mechanism"] not in APPLICATIONS or e["year"] < LAW_FROM:
            continue
        d, key = e["detail"], e["actors"][0]
        if e["mechanism"] in REFUSALS:
            refused.add(key)
        if key not in seen and d.get("qualifies"):
            seen[key] = (d["stance"], d["members"] / max(d.get("minimum") or 1, 1), False)
    return [(s, size, key in refused or key in liquidated) for key, (s, size, _) in seen.items()]


def risk_difference(filings: list[tuple[str, float, bool]]) -> float | None:
    """Refusal rate of opposition minus loyal applicants (crude, one run)."""
    opp = [r for s, _, r in filings if s == "opposition"]
    loyal = [r for s, _, r in filings if s != "opposition"]
    if not opp or not loyal:
        return None
    return float(np.mean(opp) - np.mean(loyal))


SIZE_STRATA = (1.0, 1.5, 3.0)  # members over the minimum: like is compared with like


def pooled_risk_difference(values: list[list[tuple[str, float, bool]]]) -> float:
    """Mantel-Haenszel risk difference over runs, stratified by size relative to the minimum;
    fewer than five qualifying applicants of either stance is not evaluable (outside)."""
    filings = [f for run in values for f in run]
    if sum(s == "opposition" for s, _, _ in filings) < 5 or \
            sum(s != "opposition" for s, _, _ in filings) < 5:
        return -math.inf
    num = den = 0.0
    for i, lo in enumerate(SIZE_STRATA):
        hi = SIZE_STRATA[i + 1] if i + 1 < len(SIZE_STRATA) else math.inf
        stratum = [(s, r) for s, size, r in filings if lo <= size < hi]
        opp = [r for s, r in stratum if s == "opposition"]
        loyal = [r for s, r in stratum if s != "opposition"]
        if opp and loyal:
            w = len(opp) * len(loyal) / (len(opp) + len(loyal))
            num += w * (np.mean(opp) - np.mean(loyal))
            den += w
    return float(num / den) if den else -math.inf


# -- votes --------------------------------------------------------------------------------------
def share_of_seats(year: int, key: str) -> Quantity:
    def q(run: RunResult) -> float | None:
        e = parliament(run, year)
        return None if e is None else e.get(key)
    return q


def vote_shares(e: dict) -> dict[str, float]:
    keys = contestants(e)
    total = sum(e["votes"][k] for k in keys)
    return {k: e["votes"][k] / total for k in keys} if total else {}


def single_qualifier(year: int) -> Quantity:
    """The vehicle alone passes, on a ballot like the record's (five lists, one opposition)."""
    def q(run: RunResult) -> bool:
        e = parliament(run, year)
        if e is None:
            return False
        on = contestants(e)
        passing = [k for k, n in e.get("list_seats", {}).items() if n > 0]
        return (len(on) >= 5 and any(stance(e, k) == "opposition" for k in on)
                and passing == [vehicle(run, year)] and passing[0] is not None)
    return q


def vehicle_vote_share(year: int) -> Quantity:
    def q(run: RunResult) -> float | None:
        e = parliament(run, year)
        if e is None:
            return None
        return vote_shares(e).get(vehicle(run, year), 0.0)
    return q


def opposition_vote_share(year: int) -> Quantity:
    """The opposition contestants' combined official share of the list vote (0 without one)."""
    def q(run: RunResult) -> float | None:
        e = parliament(run, year)
        if e is None:
            return None
        return sum(v for k, v in vote_shares(e).items() if stance(e, k) == "opposition")
    return q


def official_over_poll(year: int) -> Quantity:
    """The best-polling opposition contestant's official share over its poll share."""
    def q(run: RunResult) -> float | None:
        e = parliament(run, year)
        if e is None:
            return None
        polls = e.get("poll_shares", {})
        opp = [k for k in contestants(e) if stance(e, k) == "opposition" and polls.get(k, 0) > 0]
        if not opp:
            return None
        best = max(opp, key=lambda k: polls[k])
        return vote_shares(e)[best] / polls[best]
    return q


def commission_ratio(year: int) -> Quantity:
    """Opposition over loyal nominators' acceptance rate (the record's ``commission_seats``)."""
    def q(run: RunResult) -> float | None:
        e = parliament(run, year)
        seats = (e or {}).get("commission_seats")
        if not seats:
            return None
        rate = {k: v["elected"] / v["nominated"] for k, v in seats.items() if v["nominated"]}
        opp = [r for k, r in rate.items() if stance(e, k) == "opposition"]
        pro = [r for k, r in rate.items() if stance(e, k) != "opposition"]
        return float(np.mean(opp) / np.mean(pro)) if opp and pro and np.mean(pro) else None
    return q


def commission_opposition_share(year: int) -> Quantity:
    def q(run: RunResult) -> float | None:
        e = parliament(run, year)
        seats = (e or {}).get("commission_seats")
        if not seats:
            return None
        total = sum(v["elected"] for v in seats.values())
        opp = sum(v["elected"] for k, v in seats.items() if stance(e, k) == "opposition")
        return opp / total if total else None
    return q


def small_loyal_votes_per_member(years: tuple[int, ...]) -> Quantity:
    """Median over small loyal lists (office-seekers' vehicles, spoilers) and elections of votes
    over official members: lists enrolled on paper get far fewer votes than members."""
    def q(run: RunResult) -> float | None:
        ratios = []
        for year in years:
            e = parliament(run, year)
            if e is None:
                continue
            for p in rows(run, year):
                if p["motive"] in ("office_seeker", "spoiler") and p["stance"] == "pro" \
                        and p["members"] > 0 and e["votes"].get(p["key"], 0) > 0:
                    ratios.append(e["votes"][p["key"]] / p["members"])
        return float(np.median(ratios)) if ratios else None
    return q


def incumbent_wins(year: int, *, outright: bool) -> Quantity:
    """The incumbent tops the presidential election of ``year``: more votes than every
    challenger and than "against all"; ``outright``, over half of all the votes cast."""
    def q(run: RunResult) -> bool:
        held = [e for e in run.elections if e["kind"] == "president" and e["year"] == year]
        if not held:
            return False
        votes = held[-1]["votes"]
        incumbent = next(iter(votes))  # the ruler is entered first (elections.presidential)
        mine, total = votes[incumbent], sum(votes.values())
        tops = all(mine > v for k, v in votes.items() if k != incumbent)
        return tops and (not outright or mine > 0.5 * total)
    return q


def vehicle_membership_share(year: int) -> Quantity:
    def q(run: RunResult) -> float | None:
        live = [p for p in rows(run, year) if p["status"] == "registered"]
        total = sum(p["members"] for p in live)
        key = vehicle(run, year)
        if not total or key is None:
            return None
        return next(p["members"] for p in live if p["key"] == key) / total
    return q


# -- the catalogue ---------------------------------------------------------------------------------
UP, DOWN = "up", "down"


def facts() -> list[Fact]:
    """The catalogue: 6 elite, 13 party and 13 vote facts."""
    return [
        # elites: waves, not persons (a wave: defectors from two factions or more in a year)
        Fact("E1", "first wave 1997-99 (Kazhegeldin), no wave in 1995-96 or 2000", "elites",
             (1995, 2000), "1 defector in 1998", 0.5, 1.0, "seed:7933-7939",
             first_wave_only, "share",
             note="the record's first wave is one man, so a defection (not a wave) is asked"),
        Fact("E2", "a wave in 2001-02 (DVK)", "elites", (2001, 2002), "20 signatories",
             0.5, 1.0, "seed:8157-8196", wave_in({2001, 2002}), "share"),
        Fact("E3", "a wave in 2004-05 (Nurkadilov, Tuiakbai)", "elites", (2004, 2005),
             "two public figures", 0.5, 1.0, "seed:8300-8325", wave_in({2004, 2005}), "share"),
        Fact("E4", "2001-02 the largest wave", "elites", (1997, 2005), "20 against 1 and 2",
             0.5, 1.0, "seed:8077-8079", largest_in_2001, "share",
             note="at least 3 defections in 2001-02 and twice either other window"),
        Fact("E5", "no wave in 2003 or 2006-08", "elites", (2003, 2008),
             "three waves only", 0.5, 1.0, "seed:7933-7939", no_stray_waves, "share"),
        Fact("E6", "elites in opposition, exile or prison at the end of 2008", "elites",
             (2008,), "7-10 named", 5, 15, "seed:8030-8034",
             lambda r: indicator(r, 2008, "excluded_elites"),
             note="derived: Kazhegeldin, Aliev, Dosmukhamedov, Tuiakbai, Abilov, Zhukeev, "
                  "Abdil'din certain; Zhandosov, Zhakiianov, Abliazov not printed"),
        # parties
        Fact("P1", "parties standing in 1994", "parties", (1994,), "3 (SNEK, NKK, SPK)", 2, 4,
             "seed:9849-9859", standing(1994), direction={"informal": UP}),
        Fact("P2", "lists winning list seats, 1999", "parties", (1999,), "4", 3, 6,
             "seed:10082-10098", lists_passing(1999),
             direction={"informal": UP, "privatisation": DOWN}),
        Fact("P3", "exactly one opposition list wins list seats, 1999 (the KPK)", "parties",
             (1999,), "the KPK only", 0.5, 1.0, "seed:10084-10092", one_opposition_list(1999),
             "share", direction={"informal": DOWN}),
        Fact("P4", "mergers into the vehicle, 1998-99 (Otan)", "parties", (1998, 1999),
             "4 (PNEK, DPK, LDK, For Kazakhstan 2030)", 2, 6, "seed:8398-8406",
             mergers(1998, 1999), direction={"defections": DOWN}),
        Fact("P5", "registered parties at the end of 2001", "parties", (2001,), "19", 12, 28,
             "seed:10946-10961", registered(2001)),
        Fact("P6", "parties of 2001 still registered in 2003 (re-registration)", "parties",
             (2001, 2003), "7 re-registered", 5, 10, "seed:10957-10961", survivors(2001, 2003),
             direction={"informal": UP},
             note="the thesis names more failures than its 'four failed'"),
        Fact("P7", "registered parties, 2004", "parties", (2004,), "10 on 9 June", 6, 15,
             "seed:11007-11008", registered(2004), direction={"informal": UP}),
        Fact("P8", "registered parties, 2008", "parties", (2008,), "10 (Table 5.1)", 6, 15,
             "seed:11623-11639", registered(2008),
             direction={"informal": UP, "defections": DOWN}),
        Fact("P9", "list contestants, 2004 (blocs as one)", "parties", (2004,), "10", 6, 15,
             "seed:8525-8537", standing(2004),
             direction={"defections": DOWN, "privatisation": DOWN},
             note="derived from the glossary's 'participated' and Table 3.7"),
        Fact("P10", "contestants winning seats, 2004", "parties", (2004,),
             "5 (Otan, AIST, Asar, Adilet, Ak Zhol)", 3, 7, "seed:8525-8537", seated(2004),
             direction={"informal": UP, "defections": DOWN, "privatisation": DOWN}),
        Fact("P11", "list contestants, 2007", "parties", (2007,), "7", 5, 10,
             "seed:10374-10407", standing(2007),
             direction={"informal": UP, "defections": DOWN},
             note="derived from the glossary; Table 4.1's seven party rows agree"),
        Fact("P12", "mergers into the vehicle, 2005-07 (Nur Otan)", "parties", (2005, 2007),
             "3 (Asar, GPK, APK)", 2, 4, "seed:8474-8483", mergers(2005, 2007),
             direction={"defections": DOWN, "privatisation": DOWN}),
        Fact("P13", "opposition refused or liquidated more than comparable loyal applicants",
             "parties", (2002, 2008), "risk difference 0.33-0.57", 0.20, 0.90,
             "seed:10957-10999", applicants, "pooled",
             direction={"informal": DOWN, "defections": DOWN, "privatisation": DOWN},
             note="Mantel-Haenszel over runs, applicants qualifying on paper, strata by size "
                  "over the minimum", statistic=pooled_risk_difference),
        # votes
        Fact("V1", "pro-presidential core seat share, 1994 (SNEK + state list)", "votes",
             (1994,), "72/177 = 0.41", 0.30, 0.4999, "seed:7221-7249",
             share_of_seats(1994, "core_seat_share"), direction={"informal": DOWN}),
        Fact("V2", "pro-presidential seat share, 1995", "votes", (1995,), "56/66 = 0.85",
             0.78, 0.96, "seed:7631-7668",
             share_of_seats(1995, "pro_presidential_seat_share"), direction={"informal": DOWN}),
        Fact("V3", "pro-presidential seat share, 1999", "votes", (1999,), "0.75-0.88", 0.68,
             0.935, "seed:8428-8448", share_of_seats(1999, "pro_presidential_seat_share"),
             direction={"informal": DOWN}),
        Fact("V4", "pro-presidential seat share, 2004", "votes", (2004,), "76/77 = 0.99",
             0.92, 0.995, "seed:8490-8492", share_of_seats(2004, "pro_presidential_seat_share"),
             direction={"informal": DOWN, "defections": UP, "privatisation": UP}),
        Fact("V5", "2007: the vehicle the only list over the threshold, on a ballot of five or "
             "more lists with an opposition list", "votes", (2007,), "Nur Otan alone of 7",
             0.5, 1.0, "seed:272-279", single_qualifier(2007), "share",
             direction={"informal": DOWN, "defections": DOWN}),
        Fact("V6", "the vehicle's vote share, 2007", "votes", (2007,), "88%", 0.78, 0.95,
             "seed:272-279", vehicle_vote_share(2007), direction={"informal": DOWN}),
        Fact("V7", "best-polling opposition list, official share over poll share, 2004",
             "votes", (2004,), "3.4% / 12.5% = 0.27", 0.13, 0.55, "seed:10108-10112",
             official_over_poll(2004), direction={"informal": UP}),
        Fact("V8", "commission nominees elected, opposition over loyal nominators, 2004",
             "votes", (2004,), "(51+20)/(99+98) = 0.36", 0.18, 0.72, "seed:10342-10360",
             commission_ratio(2004), direction={"informal": UP},
             note="acceptance rates of the nomination step (ODD §7.11); a co-opted party "
                  "counts by its stance at the vote"),
        Fact("V9", "opposition share of party-nominated commission members, 2007", "votes",
             (2007,), "1,358 / 62,980 = 0.022", 0.01, 0.05, "seed:10374-10407",
             commission_opposition_share(2007),
             direction={"informal": UP, "defections": DOWN},
             note="Table 4.1; members elected by the nomination step (ODD §7.11)"),
        Fact("V10", "small loyal lists' votes per official member, 2004 and 2007", "votes",
             (2004, 2007), "Patriots, Rukhaniiat: 0.15-0.31", 0.07, 0.62, "seed:11846-11858",
             small_loyal_votes_per_member((2004, 2007)), direction={"informal": UP}),
        Fact("V11", "the vehicle's share of official party membership, 2008", "votes", (2008,),
             "607,557 / 1,529,720 = 0.40", 0.26, 0.60, "seed:11623-11639",
             vehicle_membership_share(2008),
             direction={"informal": DOWN, "defections": UP}),
        Fact("V12", "official membership of registered parties, 2008", "votes", (2008,),
             "1,529,720 (Table 5.1)", 0.9e6, 2.7e6, "seed:11623-11639",
             lambda r: indicator(r, 2008, "membership"), direction={"informal": DOWN}),
        Fact("V13", "the opposition lists' combined official vote share, 2004", "votes",
             (2004,), "12% + 3.4% = 0.154", 0.077, 0.31, "seed:10104-10112",
             opposition_vote_share(2004),
             direction={"informal": UP, "defections": DOWN, "privatisation": DOWN},
             note="derived: Ak Zhol's 12% announced by the CEC (seed:10584-10603) and the "
                  "KPK/DVK bloc's 3.4%; without its defectors' parties (Ak Zhol, DVK, "
                  "founded by big-business figures, seed:15921-15927) the record keeps only "
                  "the KPK's part of 3.4%, below the band"),
        Fact("V14", "the incumbent tops the 1999 presidential election (over every "
             "challenger and 'against all')", "votes", (1999,),
             "Nazarbaev in office after it", 0.5, 1.0, "seed:8381-8391",
             incumbent_wins(1999, outright=False), "share", direction={"informal": DOWN},
             note="derived: pro-Nazarbaev forces coalesced 'soon after the 1999 presidential "
                  "election' and founded Otan under him; the thesis prints no share"),
        Fact("V15", "the incumbent wins the 2005 presidential election outright (over half of "
             "the votes cast)", "votes", (2005,), "the president comfortably won", 0.5, 1.0,
             "seed:8505-8509", incumbent_wins(2005, outright=True), "share",
             direction={"informal": DOWN},
             note="'comfortably' read as a first-round win: over half of the votes cast"),
    ]


def score_facts(runs: Sequence[RunResult], catalogue: Sequence[Fact] | None = None
                ) -> tuple[list[dict], dict[str, int]]:
    """Every fact's row (of ``catalogue``, by default all) and the score per sample: facts
    inside their band, in-sample and held out."""
    rows_ = [f.evaluate(runs) for f in (facts() if catalogue is None else catalogue)]
    score = {"in": sum(r["inside"] for r in rows_ if r["sample"] == "in"),
             "held_out": sum(r["inside"] for r in rows_ if r["sample"] == "held_out"),
             "n_in": sum(r["sample"] == "in" for r in rows_),
             "n_held_out": sum(r["sample"] == "held_out" for r in rows_)}
    return rows_, score
