"""``neopat seats`` (seat calculator) and ``neopat register`` (party-law checker).

Input files are read here; every problem is an :class:`~neopat.errors.InputError` naming the
file, row and column (exit code 2, one line).
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import typer
from pydantic import ValidationError

from neopat.cli._common import (
    COUNT,
    SEED_RANGE,
    UNIT,
    OutputFormat,
    console,
    dumps_json,
    emit_rows,
    in_range,
    say,
)
from neopat.data.rule_sets import (
    MAX_SEATS,
    Chamber,
    ListTier,
    Method,
    SmdTier,
    load_party_law,
    load_rule_set,
)
from neopat.errors import InputError
from neopat.files import csv_errors, read_text
from neopat.rules import Allocation, Application, Leniency, allocate, verdict
from neopat.rules.indices import summary
from neopat.rules.smd import Candidate, DistrictVotes

METHODS = ", ".join(m.value for m in Method)
BASES = ("valid", "valid+against")
AGAINST_ALL = "against all"
MAX_COUNT = 1e12  # votes or members in one cell: more than any electorate, sums stay exact


@dataclass
class Ballots:
    """Votes read from a ``party,votes[,district,round,order,kind,candidate]`` file."""

    lists: dict[str, int | float] = field(default_factory=dict)
    against_all: int | float = 0
    blocs: list[str] = field(default_factory=list)
    districts: dict[str, DistrictVotes] = field(default_factory=dict)
    order: dict[str, float] = field(default_factory=dict)


def _rows(path: Path, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    with csv_errors(path):
        return _parse_rows(read_text(path, encoding="utf-8-sig"), path, required)


def _parse_rows(text: str, path: Path, required: tuple[str, ...]
                ) -> list[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(text.splitlines())
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    if not header:
        raise InputError("the file is empty", file=path)
    missing = [c for c in required if c not in header]
    if missing:
        shown = ",".join(header)
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        raise InputError(f"missing column(s) {', '.join(missing)}; header is {shown}",
                         file=path, where="header")
    if len(set(header)) != len(header):
        raise InputError("a column name repeats", file=path, where="header")
    rows = []
    for i, raw in enumerate(reader, start=2):
        if None in raw:
            raise InputError("more fields than columns", file=path, where=f"row {i}")
        row = {k.strip().lower(): (v or "").strip() for k, v in raw.items()}
        if any(row.values()):
            rows.append((i, row))
    if not rows:
        raise InputError("the file has no data rows", file=path)
    return rows


def number(text: str, path: Path, where: str, *, integer: bool = False) -> int | float:
    """A non-negative finite number of at most ``MAX_COUNT`` (an int when it is whole)."""
    try:
        value = float(text)
    except ValueError:
        raise InputError(f"{text!r} is not a number", file=path, where=where) from None
    if not math.isfinite(value) or value < 0:
        raise InputError(f"{text!r} must be a non-negative number", file=path, where=where)
    if value > MAX_COUNT:
        raise InputError(f"{text!r} is more than {MAX_COUNT:.0e}, more than any electorate",
                         file=path, where=where)
    if value.is_integer():
        return int(value)
    if integer:
        raise InputError(f"{text!r} must be a whole number", file=path, where=where)
    return value


def read_ballots(path: Path) -> Ballots:
    """List votes (rows without ``district``) and district ballots (rows with one)."""
    out = Ballots()
    seen: set[tuple[str, str, int]] = set()
    cands: dict[str, dict[str, dict]] = {}
    district_against: dict[tuple[str, int], int | float] = {}
    for i, row in _rows(path, ("party", "votes")):
        party, district = row["party"], row.get("district", "")
        if not party:
            raise InputError("party is empty", file=path, where=f"row {i}")
        votes = number(row["votes"], path, f"row {i}, column votes")
        rnd = int(number(row.get("round") or "1", path, f"row {i}, column round", integer=True))
        if rnd not in (1, 2):
            raise InputError("round must be 1 or 2", file=path, where=f"row {i}, column round")
        name = row.get("candidate") or party
        key = (district, name.casefold(), rnd)
        if key in seen:
            what = f"candidate {name!r} in district {district!r}" if district else f"party {name!r}"
            raise InputError(f"{what} appears twice", file=path, where=f"row {i}")
        seen.add(key)
        if row.get("order"):
            out.order[name] = float(number(row["order"], path, f"row {i}, column order"))
        is_against = party.casefold() == AGAINST_ALL
        if not district:
            if rnd == 2:
                raise InputError("a run-off round needs a district", file=path, where=f"row {i}")
            if is_against:
                out.against_all = votes
                continue
            out.lists[party] = votes
            kind = row.get("kind", "").lower() or "party"
            if kind not in ("party", "bloc"):
                raise InputError("kind must be party or bloc", file=path, where=f"row {i}")
            if kind == "bloc":
                out.blocs.append(party)
        elif is_against:
            district_against[(district, rnd)] = votes
        else:
            entry = cands.setdefault(district, {}).setdefault(name, {"party": party})
            entry["votes" if rnd == 1 else "runoff"] = votes
    if not out.lists and not cands:
        raise InputError(f"no votes for a party or candidate (only {AGAINST_ALL!r})", file=path)
    for district, by_name in cands.items():
        missing = [n for n, e in by_name.items() if "votes" not in e]
        if missing:
            raise InputError(f"run-off votes without round-one votes for {', '.join(missing)}",
                             file=path, where=f"district {district}")
        out.districts[district] = DistrictVotes(
            [Candidate(n, e["party"], e["votes"], e.get("runoff")) for n, e in by_name.items()],
            against_all=district_against.get((district, 1), 0),
            runoff_against_all=district_against.get((district, 2), 0),
        )
    return out


def read_members(path: Path) -> dict[str, int]:
    """Members by region from a ``region,members`` file."""
    out: dict[str, int] = {}
    for i, row in _rows(path, ("region", "members")):
        region = row["region"]
        if not region:
            raise InputError("region is empty", file=path, where=f"row {i}")
        if region in out:
            raise InputError(f"region {region!r} appears twice", file=path, where=f"row {i}")
        out[region] = int(number(row["members"], path, f"row {i}, column members", integer=True))
    return out


def _choice(value: str | None, allowed, option: str) -> str | None:
    if value is not None and value not in allowed:
        raise InputError(f"unknown value {value!r}; choose one of {', '.join(allowed)}",
                         where=option)
    return value


def _list_tier(base: dict, overrides: dict) -> ListTier:
    data = {**base, **{k: v for k, v in overrides.items() if v is not None}}
    try:
        return ListTier.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = "--" + "-".join(str(p) for p in err["loc"]).replace("_", "-") if err["loc"] \
            else "list tier"
        raise InputError(err["msg"].removeprefix("Value error, "), where=loc) from None


def _chamber(ballots: Ballots, rules: str | None, chamber: str | None, overrides: dict,
             smd: str) -> tuple[Chamber | object, bool]:
    """The chamber to allocate (from a rule set, or built from the options) and whether blocs
    are allowed."""
    given = {k: v for k, v in overrides.items() if v is not None}
    if rules is not None:
        rule_set = load_rule_set(Path(rules) if rules.endswith(".toml") else rules)
        ch = rule_set.chamber(chamber)
        lists = [t for t in ch.tiers if isinstance(t, ListTier)]
        if given and not lists:
            raise InputError(f"rule set {rule_set.name!r} has no list tier to apply "
                             f"{', '.join('--' + k.replace('_', '-') for k in given)} to",
                             where="options")
        has_smd = any(isinstance(t, SmdTier) for t in ch.tiers)
        if (ballots.lists and not lists) or (ballots.districts and not has_smd):
            kind = "list votes" if ballots.lists and not lists else "district votes"
            raise InputError(f"the file has {kind}, but chamber {ch.name!r} of {rule_set.name!r} "
                             "has no tier for them", where="votes")
        tiers = [_list_tier(t.model_dump(), overrides) if isinstance(t, ListTier) else t
                 for t in ch.tiers]
        return Chamber(name=ch.name, tiers=tiers), rule_set.candidates.blocs_allowed
    tiers: list = []
    if ballots.lists:
        if overrides["seats"] is None:
            raise InputError("give --seats (or --rules) to allocate list seats", where="options")
        tiers.append(_list_tier({"name": "list"}, overrides))
    if ballots.districts:
        formula = "two_round" if smd == "two-round" else "plurality"
        tiers.append(SmdTier(name="districts", districts=len(ballots.districts), formula=formula))
    if not tiers:
        raise InputError("no list votes and no districts in the file", where="votes")
    return Chamber(name="chamber", tiers=tiers), True


def _indices(ballots: Ballots, result: Allocation) -> dict:
    elected = {}
    for tier in result.tiers:
        if tier.kind in ("list_pr", "smd"):
            for party, n in tier.seats.items():
                elected[party] = elected.get(party, 0) + n
    votes = dict(ballots.lists)
    if not votes:
        for ballot in ballots.districts.values():
            for c in ballot.candidates:
                votes[c.party] = votes.get(c.party, 0) + c.votes
    return summary(votes, elected)


def seats(
    votes: Path = typer.Option(..., "--votes", help="CSV with header party,votes; optional "
                               "district (single-member tiers), round (2 = run-off), order "
                               "(tie-break rank, lower wins), kind (party|bloc), candidate. "
                               "A row named 'against all' is that ballot option."),
    rules: str | None = typer.Option(None, "--rules", help="Rule set name (kz-1994, kz-1995, "
                                     "kz-1999, kz-2004, kz-2007) or a rule-set TOML file."),
    chamber: str | None = typer.Option(None, "--chamber", help="Chamber of the rule set "
                                       "(default: the first, the lower chamber)."),
    n_seats: int | None = typer.Option(None, "--seats", help="List seats to allocate."),
    method: str | None = typer.Option(None, "--method", help=f"List formula: {METHODS}."),
    threshold: float | None = typer.Option(None, "--threshold",
                                           help="Legal threshold as a share, e.g. 0.07."),
    threshold_base: str | None = typer.Option(None, "--threshold-base",
                                              help="Threshold base: valid | valid+against."),
    min_parties: int | None = typer.Option(None, "--min-parties",
                                           help="Admit best-placed lists until K take part."),
    min_seats_admitted: int | None = typer.Option(None, "--min-seats-admitted",
                                                  help="Seats guaranteed to an admitted list."),
    smd: str = typer.Option("plurality", "--smd", help="Without --rules, the district formula: "
                            "plurality | two-round."),
    lot: int | None = typer.Option(None, "--lot", help="Break ties by lot, drawn from this "
                                   "seed (default: the order column, else row order).",
                                   callback=SEED_RANGE),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", help="table, json or csv."),
) -> None:
    """Allocate seats from vote counts under a rule set or the formula given by the options.

    With --rules, the list options (--seats, --method, --threshold, ...) override its list tier.

    Indices compare list votes (else district votes) with the elected list and district seats.
    """
    _choice(method, [m.value for m in Method], "--method")
    _choice(threshold_base, BASES, "--threshold-base")
    _choice(smd, ("plurality", "two-round"), "--smd")
    ballots = read_ballots(votes)
    overrides = {"seats": n_seats, "method": method, "threshold": threshold,
                 "threshold_base": threshold_base, "min_parties": min_parties,
                 "min_seats_admitted": min_seats_admitted}
    ch, blocs_allowed = _chamber(ballots, rules, chamber, overrides, smd)
    if ballots.blocs and not blocs_allowed:
        raise InputError(f"electoral blocs are banned under {rules}: {', '.join(ballots.blocs)}",
                         file=votes)
    result = allocate(ch, ballots.lists or None, districts=ballots.districts,
                      against_all=ballots.against_all, blocs=ballots.blocs,
                      order=ballots.order or None,
                      lot=None if lot is None else np.random.default_rng(lot))
    _emit_seats(ballots, result, fmt)


def _emit_seats(ballots: Ballots, result: Allocation, fmt: OutputFormat) -> None:
    total = result.seats
    indices = _indices(ballots, result)
    if fmt is OutputFormat.json:
        typer.echo(dumps_json({
            "seats": total,
            "tiers": [{"tier": t.tier, "seats": t.seats} for t in result.tiers],
            "passed_threshold": list(result.passed_threshold),
            "indices": indices,
        }))
        return
    parties = list(dict.fromkeys([*ballots.lists, *total]))
    has_list = any(t.kind == "list_pr" for t in result.tiers)
    rows = []
    for party in parties:
        row: dict = {"party": party}
        if ballots.lists:
            row["votes"] = ballots.lists.get(party, "")
        for t in result.tiers:
            row[t.tier] = t.seats.get(party, 0)
        row["seats"] = total.get(party, 0)
        if has_list:
            row["passed"] = "yes" if party in result.passed_threshold else ""
        rows.append(row)
    emit_rows(rows, fmt, title="Seats")
    if fmt is OutputFormat.table:
        for t in result.tiers:
            if t.admitted:
                say(f"{t.tier}: admitted below the threshold: {', '.join(t.admitted)}")
            pending = [d.district for d in t.districts if d.status == "runoff-pending"]
            if pending:
                say(f"{t.tier}: run-off pending in {', '.join(pending)}")
            if t.unfilled:
                say(f"{t.tier}: {t.unfilled} seat(s) unfilled")
        say(", ".join(f"{k} {v}" for k, v in indices.items() if v is not None))


def register(
    members: Path = typer.Option(..., "--members", help="CSV with header region,members."),
    law: str = typer.Option(..., "--law", help="Party law name (kz-pre1996, kz-1996, kz-2002, "
                            "kz-2005, kz-2007) or a party-law TOML file."),
    founders: int | None = typer.Option(None, "--founders", callback=COUNT,
                                        help="Members present at the founding congress."),
    basis: list[str] = typer.Option([], "--basis", help="A basis the party is founded on "
                                     "(e.g. religion); repeat for several."),
    name: str = typer.Option("", "--name", help="Party name, checked against --banned-name."),
    banned_name: list[str] = typer.Option([], "--banned-name",
                                          help="Name of a banned party; repeat for several."),
    invalid_share: float = typer.Option(0.0, "--invalid-share", callback=UNIT,
                                        help="Share of membership forms found invalid (0-1)."),
    regions: int | None = typer.Option(None, "--regions", callback=in_range(1, MAX_SEATS),
                                       help="Number of regions the law counts (overrides it)."),
    lenient: bool = typer.Option(False, "--lenient", help="Apply the law leniently (default: "
                                 "strictly, as to the opposition)."),
    tolerate_invalid: float = typer.Option(0.015, "--tolerate-invalid", callback=UNIT,
                                           help="Lenient: invalid-form share tolerated (0-1)."),
    tolerate_shortfall: float = typer.Option(0.0, "--tolerate-shortfall", callback=UNIT,
                                             help="Lenient: relative shortfall tolerated (0-1)."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", help="table, json or csv."),
) -> None:
    """Check a party's registration application against a party law and print the verdict."""
    party_law = load_party_law(Path(law) if law.endswith(".toml") else law)
    if regions is not None:
        if party_law.regional is None:
            raise InputError("--regions needs a law with a regional rule", where="--regions")
        regional = party_law.regional.model_copy(update={"n_regions": regions})
        party_law = party_law.model_copy(update={"regional": regional})
    app = Application(read_members(members), founders, basis, name, invalid_share)
    result = verdict(app, party_law, strictness="lenient" if lenient else "strict",
                     leniency=Leniency(tolerate_invalid, tolerate_shortfall),
                     banned_names=banned_name)
    rows = [{"requirement": r.name, "required": r.required, "actual": r.actual,
             "met": "yes" if r.met else ("tolerated" if r.name in result.tolerated else "NO")}
            for r in result.requirements]
    if fmt is OutputFormat.json:
        typer.echo(dumps_json({"law": result.law, "registered": result.registered,
                               "strictness": result.strictness, "requirements": rows,
                               "reasons": list(result.reasons)}))
        return
    emit_rows(rows, fmt, title=f"Registration under {result.law} ({result.strictness})")
    if fmt is OutputFormat.table:
        console.print("REGISTERED" if result.registered else "DENIED", style="bold")
        for reason in result.reasons:
            say(f"- {reason}")
