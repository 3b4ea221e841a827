"""Validation against the record (ODD §1, patterns): stylised facts, each a statistic of an ensemble
of runs compared with the thesis' figure and a tolerance band.

The record enters only here, as targets; the model never reads it. Each :class:`Fact` names the
seed lines of its record value.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from neopat.experiments.runner import RunResult

# Pro-presidential seat share per parliamentary election on its stated base (the thesis'
# seat tables): 1994 ≈41% "core" (SNEK 30 + state list 42 of 177, loyal independents not
# counted), 1995 ≈85%, 1999 75-88%, 2004 ≈99%, 2007 100% of list seats.
BASE_KEYS = {"all seats": "pro_presidential_seat_share", "list seats": "pro_presidential_list_share",
             "core seats": "core_seat_share"}
SEAT_SHARE_TARGETS: dict[int, tuple[float, str, str]] = {
    1994: (0.41, "core seats", "seed:7233-7249"),
    1995: (0.85, "all seats", "seed:9871-9898"),
    1999: (0.815, "all seats", "seed:10084-10098"),
    2004: (0.99, "all seats", "seed:10102-10126"),
    2007: (1.0, "list seats", "seed:10190-10212"),
}
SEAT_TOLERANCE = 0.10


@dataclass(frozen=True)
class Fact:
    """A stylised fact: ``statistic`` maps the runs to one number compared with ``record``."""

    name: str
    record: str
    low: float
    high: float
    source: str
    statistic: Callable[[Sequence[RunResult]], float]
    summary: str = "median"

    def evaluate(self, runs: Sequence[RunResult]) -> dict:
        value = float(self.statistic(runs))
        return {"fact": self.name, "simulated": value, "record": self.record,
                "band": (self.low, self.high), "inside": bool(self.low <= value <= self.high),
                "source": self.source, "summary": self.summary}


def parliamentary(run: RunResult, year: int) -> dict | None:
    return next((e for e in run.elections if e["kind"] == "parliament" and e["year"] == year),
                None)


def pro_share(run: RunResult, year: int, base: str) -> float:
    e = parliamentary(run, year)
    if e is None:
        return float("nan")
    value = e.get(BASE_KEYS[base])
    return float("nan") if value is None else float(value)


def median_pro_share(year: int, base: str) -> Callable[[Sequence[RunResult]], float]:
    return lambda runs: float(np.nanmedian([pro_share(r, year, base) for r in runs]))


def single_list_2007(runs: Sequence[RunResult]) -> float:
    """Share of runs in which exactly one list wins list seats in the last list election."""
    hits = []
    for r in runs:
        e = parliamentary(r, max(SEAT_SHARE_TARGETS))
        hits.append(e is not None and e.get("lists_passing") == 1)
    return float(np.mean(hits))


def registered_ratio(runs: Sequence[RunResult], law_year: int = 2002) -> float:
    """Median registered parties after the law came into force over the number before it."""
    before, after = [], []
    for r in runs:
        by_year = {y["year"]: y["registered_parties"] for y in r.years}
        before.append(by_year.get(law_year - 1, 0))
        after.append(by_year.get(law_year, 0))
    return float(np.median(after) / max(np.median(before), 1))


def denial_ratio(runs: Sequence[RunResult]) -> float:
    """Rate at which opposition parties are denied or liquidated over the loyal parties' rate."""
    counts = {"opposition": [0, 0], "pro": [0, 0]}
    for r in runs:
        founded = {}
        for e in r.events:
            if e["mechanism"] == "party_founding":
                founded[e["actors"][0]] = e["detail"]["stance"]
        for stance in founded.values():
            counts[stance][1] += 1
        hit = set()
        for e in r.events:
            if e["mechanism"] in ("party_denial", "party_reregistration", "party_liquidation"):
                hit.add(e["actors"][0])
        for key in hit:
            counts[founded.get(key, "pro")][0] += 1
    opp = counts["opposition"][0] / max(counts["opposition"][1], 1)
    pro = counts["pro"][0] / max(counts["pro"][1], 1)
    if pro == 0:
        return float("inf") if opp > 0 else float("nan")
    return opp / pro


def merger_share(runs: Sequence[RunResult]) -> float:
    """Share of runs in which one presidential party absorbs at least two others by merger."""
    hits = []
    for r in runs:
        into: dict[str, int] = {}
        for e in r.events:
            if e["mechanism"] == "party_merger":
                into[e["detail"]["into"]] = into.get(e["detail"]["into"], 0) + 1
        hits.append(max(into.values(), default=0) >= 2)
    return float(np.mean(hits))


def simulated_mix(runs: Sequence[RunResult], year: int = 2007) -> float:
    """Share of runs whose registered parties in ``year`` show the thesis' mix: one
    proto-hegemonic presidential vehicle, defectors' and oligarchs' vehicles (where present)
    clientelistic-elite, small loyal parties personalistic-electoralist."""
    hits = []
    for r in runs:
        rows = [p for p in r.parties if p["year"] == year and p["status"] == "registered"]
        vehicles = [p for p in rows if p["rationale"] == "presidential_vehicle"]
        ok = len(vehicles) == 1 and vehicles[0]["behaviour"] == "proto_hegemonic"
        for p in rows:
            if p["motive"] in ("defector", "oligarch_front", "family") \
                    and p["rationale"] not in ("charismatic_office_seeking", "spoiler"):
                ok &= p["gd_species"] == "clientelistic_elite"
            if p["motive"] in ("office_seeker", "spoiler") and p["stance"] == "pro":
                ok &= p["gd_species"] == "personalistic_electoralist"
        hits.append(ok)
    return float(np.mean(hits))


def facts() -> list[Fact]:
    out = [Fact(f"pro-presidential seat share {y} ({base})", f"{target:.0%}",
                max(0.0, target - SEAT_TOLERANCE), min(1.0, target + SEAT_TOLERANCE), src,
                median_pro_share(y, base))
           for y, (target, base, src) in SEAT_SHARE_TARGETS.items()]
    out += [
        Fact("one list passes the threshold in 2007", "1 list (Nur Otan)", 0.7, 1.0,
             "seed:272-279", single_list_2007, "share of runs"),
        Fact("registered parties after / before the 2002 law", "7 / 19", 0.0, 0.5,
             "seed:10946-10961", registered_ratio, "ratio of medians"),
        Fact("opposition vs loyal denial/liquidation rate", "opposition denied, loyal fast",
             3.0, float("inf"), "seed:10988-10999", denial_ratio, "ratio of rates"),
        Fact("presidential party absorbs >= 2 parties by merger", "Otan 1999, Nur Otan 2006",
             0.5, 1.0, "seed:12489-12501", merger_share, "share of runs"),
        Fact("simulated parties show the thesis' type mix in 2007", "ch. 5 §7.6", 0.5, 1.0,
             "seed:12641-12649", simulated_mix, "share of runs"),
    ]
    return out


def score_facts(runs: Sequence[RunResult]) -> tuple[list[dict], float]:
    """Every fact's row and the overall score (share of facts inside their band)."""
    rows = [f.evaluate(runs) for f in facts()]
    return rows, float(np.mean([r["inside"] for r in rows]))
