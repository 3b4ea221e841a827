"""A generated corpus of malformed files and flags for every command (hypothesis): each case is
refused with the error contract only (one line on stderr, exit code 2, no traceback) before any
simulation, cluster or server starts. Cases are derandomised: CI sees the same corpus."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _cli import refused, run_main
from _record_copy import copy_record
from neopat.experiments.outputs import HOW, RECORDED
from neopat.scenarios import parameter_catalogue

EXAMPLES = 30  # per command


@dataclass
class Case:
    """Arguments (``{d}`` is the case's folder) and the files to lay there first; ``record``
    copies the packaged record into ``{d}/kazakhstan`` with one file replaced."""

    args: list[str]
    files: dict[str, bytes | str] = field(default_factory=dict)
    record: tuple[str, bytes | str] | None = None


def _lay(case: Case, folder: Path, store: Path) -> list[str]:
    (folder / "afile").write_text("x")
    (folder / "adir").mkdir()
    shutil.copy(store, folder / "store.duckdb")
    data = store.read_bytes()
    (folder / "trunc.duckdb").write_bytes(data[:len(data) // 3])
    for name, content in case.files.items():
        text = content.replace("{d}", str(folder)) if isinstance(content, str) else content
        (folder / name).write_bytes(text.encode() if isinstance(text, str) else text)
    if case.record is not None:
        name, content = case.record
        target = copy_record(folder) / name
        target.write_bytes(content.encode() if isinstance(content, str) else content)
    return [a.replace("{d}", str(folder)) for a in case.args]


# -- malformed values ---------------------------------------------------------------------------

def _text(values) -> st.SearchStrategy[str]:
    return values.map(lambda v: v if isinstance(v, str) else repr(v) if isinstance(v, float)
                      else str(v))


NOT_A_NUMBER = st.sampled_from(["x", "", "1,5", "0x10", "--1", "1e", "٣"])
SEED = _text(st.one_of(st.integers(max_value=-1), st.integers(min_value=2**63, max_value=2**80),
                       NOT_A_NUMBER))
UNIT = _text(st.one_of(st.floats(max_value=-1e-9), st.floats(min_value=1.0001),
                       st.sampled_from(["nan", "inf", "-inf"]), NOT_A_NUMBER))
SCALE = _text(st.one_of(st.floats(max_value=0.0), st.floats(min_value=1e-320, max_value=2e-4),
                        st.floats(min_value=1.0001), st.sampled_from(["nan", "inf"]),
                        NOT_A_NUMBER))
YEARS = st.one_of(st.sampled_from(["x", "1990", ":", "1990:x", "2000:1990", "1800:1990",
                                   "1990:2200", "1990:1995:2000", "1990-2000"]),
                  st.tuples(st.integers(2101, 9999), st.integers(1900, 2100)).map(
                      lambda t: f"{t[1]}:{t[0]}" if t[0] % 2 else f"{t[0]}:{t[1]}"))
WORKERS = _text(st.one_of(st.integers(max_value=0), st.integers(min_value=257), NOT_A_NUMBER))
FORMAT = st.sampled_from(["xml", "", "JSON", "tables"])


def runs(least: int = 1) -> st.SearchStrategy[str]:
    return _text(st.one_of(st.integers(max_value=least - 1), st.integers(10**6 + 1, 10**15),
                           NOT_A_NUMBER))


def _outside(p) -> st.SearchStrategy[str]:
    below = [p.lo - d for d in (1e-6, 1, 1e9)] if p.lo is not None else []
    above = [p.hi + d for d in (1e-6, 1, 1e9)] if p.hi is not None else []
    values = [int(v) if p.type == "int" else v for v in below + above]
    if p.type == "int":
        values = [v for v in values if (p.lo is not None and v < p.lo)
                  or (p.hi is not None and v > p.hi)]
    extra = ["nan", "x"] if p.type == "float" else ["x", "1.5"]
    return st.sampled_from([f"{p.name}={v}" for v in [*values, *extra]])


NUMERIC = [p for p in parameter_catalogue() if p.type in ("int", "float")
           and (p.lo is not None or p.hi is not None)]
SET = st.one_of(
    st.sampled_from(["no.such=1", "loyalty.contagion", "=1", "ruler.species=tsar",
                     "ruler.endogenous=true", "institutions.endogenous=maybe",
                     "institutions.initial_rule_set=kz-1066",
                     "institutions.initial_party_law=none", "population.n_elites=10"]),
    st.sampled_from(NUMERIC).flatmap(_outside))
OUTPUTS = st.one_of(
    st.sampled_from(["defections:median", "defections@19x", "defections@2000-1990", "1abc",
                     "no_such", "no_such:sum", "", ",", "defections:sum@", "@1990"]),
    st.tuples(st.sampled_from(RECORDED), st.sampled_from(sorted(HOW)),
              st.integers(2009, 2100)).map(lambda t: f"{t[0]}:{t[1]}@{t[2]}"),
    st.tuples(st.sampled_from(RECORDED), st.integers(1900, 1989)).map(
        lambda t: f"{t[0]}@{t[1]}-{t[1] + 1}"))
OUT = st.sampled_from(["{d}/afile/x.out", "{d}/adir", "{d}/afile"])  # parent a file, a
# directory, an existing file without --force

# -- malformed files ----------------------------------------------------------------------------

BINARY = st.binary(min_size=0, max_size=120).map(lambda b: b"\xff\xfe" + b)
NUL = st.text(max_size=40).map(lambda t: f"a = 1\n\x00{t}")
DEEP = st.integers(300, 4000).map(lambda n: "a = " + "[" * n + "]" * n)
GARBAGE = st.text(alphabet="=[]{}\"'\n ,.#a1:", min_size=0, max_size=60)
UNREADABLE = st.one_of(BINARY, NUL, DEEP)
GENERIC = resources.files("neopat.scenarios").joinpath("packaged", "generic.toml")


def _scenario_toml(change: tuple[str, object]) -> str:
    import tomllib

    data = tomllib.loads(GENERIC.read_text())
    key, value = change
    *parents, leaf = key.split(".")
    node = data
    for part in parents:
        node = node.setdefault(part, {})
    node[leaf] = value
    return tomli_w.dumps(data)


def _param_change(p) -> st.SearchStrategy[tuple[str, object]]:
    return _outside(p).map(lambda s: s.split("=", 1)).filter(lambda kv: kv[1] not in ("x",)) \
        .map(lambda kv: (kv[0], float(kv[1]) if p.type == "float" else
                         int(float(kv[1])) if kv[1] != "1.5" else 1.5))


SCENARIO_CHANGES = st.one_of(
    st.sampled_from([
        ("scale", 0.0), ("scale", 1e-9), ("scale", 2.0), ("years", {"start": 2000, "end": 1990}),
        ("years.start", 1800), ("nonsense", 1), ("name", 5), ("rents", {"x": 1.0}),
        ("rents", {"1990": -1.0}), ("rents", {"1990": float("nan")}),
        ("inputs", [{"kind": "coup", "year": 1990}]),
        ("inputs", [{"kind": "rule_set", "year": 1994, "name": "kz-1066"}]),
        ("ruler.species", "tsar"), ("population.source", "csv"),
        ("population", {"source": "csv", "csv_dir": "{d}/adir"}),
        ("population.n_elites", 0), ("institutions.initial_party_law", "x"),
        ("loyalty.unknown_knob", 1.0)]),
    st.sampled_from(NUMERIC).flatmap(_param_change))
SCENARIO_FILE = st.one_of(UNREADABLE, GARBAGE, SCENARIO_CHANGES.map(_scenario_toml))


def scenario_case(prefix: list[str], suffix: list[str] = ()) -> st.SearchStrategy[Case]:
    """The command with a malformed scenario file, a missing one or an unknown name."""
    bad_file = SCENARIO_FILE.map(lambda c: Case([*prefix, "{d}/s.toml", *suffix], {"s.toml": c}))
    other = st.sampled_from(["{d}/none.toml", "{d}/adir", "no-such-scenario", "{d}/afile"])
    return st.one_of(bad_file, other.map(lambda s: Case([*prefix, s, *suffix])))


def flag(base: list[str], name: str, values: st.SearchStrategy[str]) -> st.SearchStrategy[Case]:
    return values.map(lambda v: Case([*base, name, v]))


def csv_with(header: str, good: list[str], column: int, values) -> st.SearchStrategy[str]:
    """A CSV whose first data row has a malformed cell in ``column``."""
    def build(value: str) -> str:
        row = good[0].split(",")
        row[column] = value
        return "\n".join([header, ",".join(row), *good[1:]]) + "\n"
    return values.map(build)


BAD_COUNT = st.one_of(st.sampled_from(["-1", "nan", "inf", "-inf", "abc", "1e13", "1e308",
                                       "1.5e400"]),
                      st.floats(max_value=-1e-9).map(repr),
                      st.floats(min_value=1.01e12, allow_infinity=False).map(repr))
VOTES_GOOD = ["A,600", "B,300", "C,100"]
VOTES = st.one_of(
    UNREADABLE, GARBAGE.filter(lambda t: "party" not in t),
    csv_with("party,votes", VOTES_GOOD, 1, BAD_COUNT),
    st.sampled_from(["party,votes\nagainst all,5\n", "party,votes\n", "party\nA\n",
                     "party,votes\nA,1\nA,2\n", "party,votes\n,5\n", "party,votes,x\nA,1,2,3\n",
                     "party,votes,district,round\nA,1,d1,3\n", "party,votes,round\nA,1,2\n",
                     "party,votes,kind\nA,1,coalition\n", "party,party,votes\nA,A,1\n"]))
MEMBERS_GOOD = ["A,700", "B,800"]
MEMBERS = st.one_of(
    UNREADABLE, csv_with("region,members", MEMBERS_GOOD, 1, st.one_of(BAD_COUNT, st.just("1.5"))),
    st.sampled_from(["region,members\nA,1\nA,2\n", "members\n5\n", "region,members\n",
                     "region,members\n,5\n"]))
SWEEP_GOOD = {"scenario": "kazakhstan", "replicates": 1, "seed": 1,
              "parameters": {"loyalty.contagion": [0.5, 1.0]}}


def _sweep_toml(change: tuple[str, object]) -> str:
    data = {**SWEEP_GOOD, "parameters": dict(SWEEP_GOOD["parameters"])}
    key, value = change
    if key.startswith("parameters."):
        data["parameters"][key.removeprefix("parameters.")] = value
    elif value is None:
        data.pop(key)
    else:
        data[key] = value
    return tomli_w.dumps(data)


SWEEP_FILE = st.one_of(UNREADABLE, GARBAGE, st.sampled_from([
    ("seed", -1), ("seed", 2**63), ("replicates", 0), ("replicates", 10**6 + 1),
    ("design", "grid"), ("samples", 10), ("design", "lhs"), ("nonsense", 1), ("scenario", None),
    ("parameters", {}), ("parameters.no.such", [1.0]), ("parameters.loyalty.contagion", [99.0]),
    ("parameters.loyalty.contagion", []), ("parameters.loyalty.contagion", {"lo": 1, "hi": 0}),
    ("parameters.loyalty.contagion", {"lo": 0.1, "hi": 0.9}), ("outputs", ["no_such"]),
    ("outputs", ["defections@2050"]), ("scale", 1e-9), ("years", "2000:1990"),
    ("set", ["loyalty.contagion=-1"]), ("scenario", "no-such"), ("scenario", "{d}/afile"),
    ("parameters.loyalty.loyalty_rate", {"lo": 0, "hi": 1, "levels": 1000}),
]).map(_sweep_toml))
RULE_SET_FILE = st.one_of(UNREADABLE, GARBAGE, st.sampled_from([
    '[[rule_set]]\nname = "x"\n', 'name = "x"\nyear = 2000\nchambers = []\n',
    '[[rule_set]]\nname = "x"\nyear = 2000\nsource = "seed:1-2"\nmatch = "a"\n'
    '[[rule_set.chambers]]\nname = "c"\n[[rule_set.chambers.tiers]]\nkind = "list_pr"\n'
    'name = "l"\nseats = 0\n']))
ENSEMBLE = ["ensemble", "kazakhstan", "--runs", "2"]
SENSITIVITY = ["sensitivity", "kazakhstan"]
CALIBRATE = ["calibrate-history", "kazakhstan"]
SEATS = ["seats", "--votes", "{d}/v.csv", "--seats", "10"]
SEATS_FILES = {"v.csv": "party,votes\nA,600\nB,300\nC,100\n"}
REGISTER = ["register", "--members", "{d}/m.csv", "--law", "kz-2002"]
REGISTER_FILES = {"m.csv": "region,members\nA,700\nB,800\n"}
SUMMARY_FILES = ["parties.csv", "elections.csv", "election_results.csv", "elites.csv",
                 "factions.csv", "events.csv"]
RECORD_FILES = [*SUMMARY_FILES, "polls.csv", "memberships.csv", "rule_sets.toml",
                "party_laws.toml", "party_stances.csv", "elite_offices.csv"]


def record(files: list[str]) -> st.SearchStrategy[tuple[str, bytes | str]]:
    """One of ``files`` of a record copy replaced by unreadable, empty or foreign content."""
    return st.tuples(st.sampled_from(files),
                     st.one_of(UNREADABLE, st.just(""), st.just("a,b\n1,2\n")))


def with_files(cases: st.SearchStrategy[Case], files: dict[str, str]) -> st.SearchStrategy[Case]:
    return cases.map(lambda c: Case(c.args, {**files, **c.files}, c.record))


def data_case(sub: list[str], files: list[str]) -> st.SearchStrategy[Case]:
    """``data SUB`` on a record copy with one of the ``files`` it reads damaged, or on a folder
    that is missing, a file or empty."""
    damaged = record(files).map(lambda r: Case(["data", *sub, "--record-dir", "{d}/kazakhstan"],
                                               record=r))
    folder = st.sampled_from(["{d}/none", "{d}/afile", "{d}/adir"]).map(
        lambda f: Case(["data", *sub, "--record-dir", f]))
    return st.one_of(damaged, folder)


CASES: dict[str, st.SearchStrategy[Case]] = {
    "run": st.one_of(
        scenario_case(["run"]), flag(["run", "kazakhstan"], "--seed", SEED),
        flag(["run", "kazakhstan"], "--scale", SCALE), flag(["run", "kazakhstan"], "--years", YEARS),
        flag(["run", "kazakhstan"], "--set", SET), flag(["run", "kazakhstan"], "--out", OUT),
        flag(["run", "kazakhstan"], "--format", FORMAT)),
    "validate": st.one_of(scenario_case(["validate"]),
                          flag(["validate", "kazakhstan"], "--set", SET)),
    "ensemble": st.one_of(
        scenario_case(["ensemble"], ["--runs", "2"]), flag(["ensemble", "kazakhstan"], "--runs",
                                                           runs()),
        flag(ENSEMBLE, "--seed", SEED), flag(ENSEMBLE, "--scale", SCALE),
        flag(ENSEMBLE, "--years", YEARS), flag(ENSEMBLE, "--set", SET),
        flag(ENSEMBLE, "--workers", WORKERS), flag(ENSEMBLE, "--outputs", OUTPUTS),
        flag(ENSEMBLE, "--out", OUT),
        st.just(Case([*ENSEMBLE, "--resume"])),
        st.just(Case([*ENSEMBLE, "--out", "{d}/store.duckdb", "--resume", "--force"]))),
    "sweep": st.one_of(
        SWEEP_FILE.map(lambda c: Case(["sweep", "{d}/sw.toml"], {"sw.toml": c})),
        st.sampled_from(["{d}/none.toml", "{d}/adir"]).map(lambda p: Case(["sweep", p])),
        WORKERS.map(lambda w: Case(["sweep", "{d}/sw.toml", "--workers", w],
                                   {"sw.toml": _sweep_toml(("seed", 1))})),
        OUT.map(lambda o: Case(["sweep", "{d}/sw.toml", "--out", o],
                               {"sw.toml": _sweep_toml(("seed", 1))}))),
    "sensitivity": st.one_of(
        scenario_case(["sensitivity"]),
        flag(SENSITIVITY, "--method", st.sampled_from(["sobol2", "Morris", "", "fast"])),
        flag(SENSITIVITY, "--samples", _text(st.integers(max_value=0))),
        flag([*SENSITIVITY, "--method", "morris"], "--samples", _text(st.integers(max_value=1))),
        flag(SENSITIVITY, "--samples", _text(st.integers(10**6 + 1, 10**9))),
        flag(SENSITIVITY, "--params", st.sampled_from([
            "no.such", "loyalty.contagion=5:1", "loyalty.contagion=-1:0.5", "x=1:2",
            "loyalty.contagion=a:b", "ruler.species", "loyalty.contagion,loyalty.contagion",
            "loyalty.contagion=1"])),
        flag(SENSITIVITY, "--replicates", runs()), flag(SENSITIVITY, "--outputs", OUTPUTS),
        flag(SENSITIVITY, "--seed", SEED), flag(SENSITIVITY, "--scale", SCALE),
        flag(SENSITIVITY, "--out", st.sampled_from(["{d}/afile/x.duckdb", "{d}/adir",
                                                    "{d}/afile", "{d}/trunc.duckdb"]))),
    "calibrate-history": st.one_of(
        scenario_case(["calibrate-history"]), flag(CALIBRATE, "--budget", runs(2)),
        flag(CALIBRATE, "--population", runs(2)), flag(CALIBRATE, "--ensemble", runs()),
        flag(CALIBRATE, "--trajectories", runs()), flag(CALIBRATE, "--seed", SEED),
        flag(CALIBRATE, "--parameters", st.sampled_from(["0", "5", "-1", "x"])),
        flag(CALIBRATE, "--workers", WORKERS),
        flag(CALIBRATE, "--out", st.sampled_from(["{d}/afile/x", "{d}/afile"]))),
    "screen-history": st.one_of(
        scenario_case(["screen-history"]), flag(["screen-history"], "--trajectories", runs()),
        flag(["screen-history"], "--screen-seeds", runs()),
        flag(["screen-history"], "--seed", SEED),
        flag(["screen-history"], "--parameters", runs()),
        flag(["screen-history"], "--repeat", runs())),
    "results": st.one_of(
        st.sampled_from(["{d}/none.duckdb", "{d}/adir", "{d}/afile", "{d}/trunc.duckdb"]).map(
            lambda s: Case(["results", s])),
        UNREADABLE.map(lambda c: Case(["results", "{d}/bad.duckdb"], {"bad.duckdb": c})),
        st.text(alphabet="abcxyz", min_size=1, max_size=8).filter(
            lambda a: a not in ("summary", "export")).map(
            lambda a: Case(["results", "{d}/store.duckdb", a])),
        st.just(Case(["results", "{d}/store.duckdb", "export"])),
        st.just(Case(["results", "{d}/store.duckdb", "export", "--parquet", "{d}/afile"])),
        flag(["results", "{d}/store.duckdb"], "--outputs", OUTPUTS)),
    "report": st.one_of(
        st.sampled_from(["{d}/none.duckdb", "{d}/adir", "{d}/afile", "{d}/trunc.duckdb"]).map(
            lambda s: Case(["report", s, "-o", "{d}/r.html"])),
        st.sampled_from(["{d}/afile/r.html", "{d}/adir", "{d}/afile", "{d}/store.duckdb"]).map(
            lambda o: Case(["report", "{d}/store.duckdb", "-o", o]))),
    "seats": st.one_of(
        VOTES.map(lambda c: Case(SEATS, {"v.csv": c})),
        with_files(st.one_of(
            flag(SEATS, "--seats", _text(st.one_of(st.integers(max_value=0),
                                                   st.integers(min_value=100_001),
                                                   NOT_A_NUMBER))),
            flag(SEATS, "--threshold", _text(st.one_of(st.floats(max_value=-1e-9),
                                                       st.floats(min_value=1.0),
                                                       st.just("nan"), NOT_A_NUMBER))),
            flag(SEATS, "--method", st.sampled_from(["hare2", "D'Hondt", ""])),
            flag(SEATS, "--threshold-base", st.sampled_from(["all", ""])),
            flag(SEATS, "--smd", st.sampled_from(["runoff", ""])),
            flag(SEATS, "--lot", SEED),
            flag(SEATS, "--min-parties", _text(st.integers(max_value=-1))),
            flag(SEATS, "--rules", st.sampled_from(["kz-1066", "{d}/none.toml", "{d}/adir"])),
            RULE_SET_FILE.map(lambda c: Case([*SEATS, "--rules", "{d}/r.toml"], {"r.toml": c})),
            flag(["seats", "--votes", "{d}/v.csv", "--rules", "kz-2007"], "--chamber",
                 st.sampled_from(["senate", ""]))), SEATS_FILES)),
    "register": st.one_of(
        MEMBERS.map(lambda c: Case(REGISTER, {"m.csv": c})),
        with_files(st.one_of(
            flag(["register", "--members", "{d}/m.csv"], "--law",
                 st.sampled_from(["kz-1066", "{d}/none.toml", "{d}/afile"])),
            flag(REGISTER, "--founders", _text(st.integers(max_value=-1))),
            flag(REGISTER, "--invalid-share", UNIT), flag(REGISTER, "--tolerate-invalid", UNIT),
            flag(REGISTER, "--tolerate-shortfall", UNIT),
            flag(REGISTER, "--regions", _text(st.integers(max_value=0)))), REGISTER_FILES)),
    "data list": data_case(["list"], RECORD_FILES),
    "data show": st.one_of(
        data_case(["show", "parties"], ["parties.csv"]),
        st.text(alphabet="abcxyz_", min_size=1, max_size=10).map(
            lambda n: Case(["data", "show", f"no_{n}"])),
        flag(["data", "show", "parties"], "--year", NOT_A_NUMBER)),
    "data cite": st.one_of(
        data_case(["cite", "parties:otan"], ["parties.csv"]),
        st.sampled_from(["parties", "parties:", "nope:otan", "parties:no_such_party",
                         "election_results:0", "election_results:999999", ":"]).map(
            lambda r: Case(["data", "cite", r])),
        st.sampled_from(["{d}/none.txt", "{d}/adir"]).map(
            lambda f: Case(["data", "cite", "parties:otan", "--seed-file", f])),
        st.one_of(BINARY, NUL).map(lambda c: Case(["data", "cite", "parties:otan",
                                                   "--seed-file", "{d}/seed.txt"],
                                                  {"seed.txt": c}))),
    "data summary": data_case(["summary"], SUMMARY_FILES),
    "data validate": st.one_of(
        record(RECORD_FILES).map(lambda r: Case(["data", "validate", "{d}/kazakhstan"],
                                                record=r)),
        st.sampled_from(["{d}/none", "{d}/afile"]).map(lambda f: Case(["data", "validate", f]))),
    "propositions": st.one_of(
        flag(["propositions"], "--runs", runs(2)),
        flag(["propositions"], "--only", st.sampled_from(["P9", "X", "P0", "P1,P99"])),
        flag(["propositions"], "--seed", SEED), flag(["propositions"], "--scale", SCALE),
        flag(["propositions"], "--years", YEARS), flag(["propositions"], "--workers", WORKERS),
        flag(["propositions"], "--interval", st.sampled_from(["z", ""])),
        flag(["propositions"], "--out", st.sampled_from(["{d}/afile/x.duckdb", "{d}/adir",
                                                         "{d}/afile"]))),
    "validate-history": st.one_of(
        scenario_case(["validate-history"]), flag(["validate-history"], "--runs", runs()),
        flag(["validate-history"], "--scale", SCALE), flag(["validate-history"], "--root", SEED),
        flag(["validate-history"], "--set", SET)),
    "institutions": st.one_of(
        scenario_case(["institutions"]), flag(["institutions"], "--runs", runs()),
        flag(["institutions"], "--root", SEED), flag(["institutions"], "--set", SET)),
    "app": flag(["app"], "--port", _text(st.one_of(st.integers(max_value=0),
                                                   st.integers(min_value=65536), NOT_A_NUMBER))),
    "bench": st.one_of(flag(["bench"], "--ensemble-runs", runs(2)),
                       flag(["bench"], "--only", st.sampled_from(["all", "vote", ""]))),
}


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "store.duckdb"
    assert run_main("run", "kazakhstan", "--years", "1990:1991", "--out", str(path))[0] == 0
    return path


def test_the_corpus_reaches_every_command():
    from neopat.cli import app

    commands = {c.name for c in app.registered_commands}
    data = {f"data {c.name}" for g in app.registered_groups for c in g.typer_instance
            .registered_commands}
    assert commands | data == set(CASES)


@pytest.mark.parametrize("command", sorted(CASES))
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(data=st.data())
def test_bad_input_is_one_line_exit_2_before_any_compute(command, store, data):
    case = data.draw(CASES[command], label="case")
    with tempfile.TemporaryDirectory() as folder:
        refused(*_lay(case, Path(folder), store))
