"""Every bad input of issue 19's list, each a fixed test with its expected message: one line on
stderr, exit code 2, no traceback, refused before any simulation starts (``refused``), and no
silently wrong result."""

from __future__ import annotations

import json
import math
import os
import resource
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path

import duckdb
import numpy as np
import pytest

from _cli import refused, run_main
from _record_copy import copy_record, edit_cell
from neopat.cli._common import dumps_json
from neopat.errors import InputError
from neopat.files import read_text

PACKAGED = resources.files("neopat.scenarios").joinpath("packaged")
BINARY = b"\xd0\x00\xff\xfe binary \x81"
VOTES = "party,votes\nA,600\nB,300\nC,100\n"
SHORT = ("--years", "1990:1991")


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    """A real results store of one short run."""
    path = tmp_path_factory.mktemp("store") / "s.duckdb"
    assert run_main("run", "kazakhstan", *SHORT, "--out", str(path))[0] == 0
    return path


def write(path: Path, data: str | bytes) -> str:
    path.write_bytes(data if isinstance(data, bytes) else data.encode())
    return str(path)


# -- unreadable input ---------------------------------------------------------------------------

@pytest.mark.parametrize("command", [
    ["validate", "{f}"], ["run", "{f}"], ["sweep", "{f}"],
    ["seats", "--votes", "{v}", "--seats", "5", "--rules", "{f}"],
    ["register", "--members", "{v}", "--law", "{f}"],
    ["data", "cite", "parties:otan", "--seed-file", "{f}"],
])
def test_a_binary_scenario_sweep_rule_set_party_law_or_seed_file(tmp_path, command):
    f = write(tmp_path / "bad.toml", BINARY)
    v = write(tmp_path / "v.csv", VOTES if "seats" in command else "region,members\nA,10\n")
    line = refused(*(a.format(f=f, v=v) for a in command))
    assert line.endswith("bad.toml: not UTF-8 text (byte 0xd0 at offset 0)")


def test_a_binary_record_file(tmp_path):
    record = copy_record(tmp_path)
    write(record / "polls.csv", BINARY)
    assert refused("data", "validate", str(record)).endswith(
        "polls.csv: not UTF-8 text (byte 0xd0 at offset 0)")


def test_a_file_without_read_permission(tmp_path, monkeypatch):
    path = tmp_path / "s.toml"
    path.write_text(PACKAGED.joinpath("generic.toml").read_text())
    if os.geteuid() == 0:  # root reads any file: the denial is what the kernel would say
        def denied(self):
            raise PermissionError(13, "Permission denied", str(self))
        monkeypatch.setattr(Path, "read_bytes", denied)
    else:
        path.chmod(0)
    assert refused("validate", str(path)).endswith("s.toml: permission denied: cannot read "
                                                   "the scenario file")


def test_deeply_nested_toml(tmp_path):
    f = write(tmp_path / "deep.toml", "a = " + "[" * 5000 + "]" * 5000 + "\n")
    assert refused("run", f).endswith("deep.toml: not valid TOML: nested too deeply")


def test_a_file_over_the_size_limit(tmp_path, monkeypatch):
    from neopat import files

    monkeypatch.setattr(files, "MAX_BYTES", 100)
    f = write(tmp_path / "big.toml", "# " + "x" * 200)
    assert refused("validate", f).endswith("big.toml: is 202 bytes; a scenario file may have at "
                                           "most 100")


def test_a_directory_or_a_device_is_not_a_file(tmp_path):
    (tmp_path / "d.toml").mkdir()
    assert refused("validate", str(tmp_path / "d.toml")).endswith(
        "d.toml: is a directory, not a scenario file")
    with pytest.raises(InputError, match="not a regular file"):
        read_text("/dev/zero")


# -- numbers out of range -----------------------------------------------------------------------

def test_a_negative_seed():
    assert refused("run", "kazakhstan", "--seed", "-1").endswith(
        "--seed: -1 is not from 0 to 2**63 - 1 (seeds are stored as 64-bit integers)")


@pytest.mark.parametrize("command", [["run", "kazakhstan"], ["ensemble", "kazakhstan", "--runs",
                                                               "2"]])
def test_a_seed_of_2_63_is_refused_before_a_store_exists(tmp_path, command):
    out = tmp_path / "s.duckdb"
    line = refused(*command, "--seed", str(2**63), "--out", str(out))
    assert "--seed: 9223372036854775808 is not from 0 to 2**63 - 1" in line
    assert not out.exists() and not list(tmp_path.iterdir())


def test_seats_2_70(tmp_path):
    v = write(tmp_path / "v.csv", VOTES)
    assert refused("seats", "--votes", v, "--seats", str(2**70)).endswith(
        "--seats: Input should be less than or equal to 100000")


@pytest.mark.parametrize("scale", ["5e-324", "1e-9"])
def test_a_scale_below_the_floor_names_the_smallest_scale(scale):
    line = refused("run", "kazakhstan", "--scale", scale)
    assert "is below 0.000205, the smallest scale that gives every district voters" in line


def test_the_scale_floor_gives_the_smallest_district_voters():
    from neopat.scenarios.schema import DISTRICT_VOTERS, scale_floor

    floor, districts = scale_floor()
    assert districts == 135 and 0.0002 < floor < 0.00021
    refused("run", "kazakhstan", "--scale", str(floor * 0.99))
    assert DISTRICT_VOTERS >= 10  # then an empty district is a < 1e-4 event


def test_votes_of_1e308_and_no_infinity_in_json(tmp_path):
    v = write(tmp_path / "v.csv", "party,votes\nA,1e308\nB,1e308\n")
    assert refused("seats", "--votes", v, "--seats", "10", "--format", "json").endswith(
        "row 2, column votes: '1e308' is more than 1e+12, more than any electorate")
    text = dumps_json({"a": math.inf, "b": [math.nan, -math.inf], "c": np.float64("nan"),
                       "d": {"e": np.float32("inf")}, "f": 1.5})
    assert json.loads(text, parse_constant=lambda c: pytest.fail(f"JSON holds {c}")) == {
        "a": None, "b": [None, None], "c": None, "d": {"e": None}, "f": 1.5}


@pytest.mark.parametrize(("file", "column", "value", "message"), [
    ("election_results.csv", "votes", "-5", "greater than or equal to 0"),
    ("elections.csv", "seats", "-1", "greater than or equal to 0"),
    ("polls.csv", "value", "nan", "finite number"),
    ("polls.csv", "value", "inf", "finite number"),
    ("polls.csv", "value", "-3", "greater than or equal to 0"),
    ("memberships.csv", "members", "-10", "greater than or equal to 0"),
])
def test_negative_or_non_finite_numbers_in_the_record(tmp_path, file, column, value, message):
    record = copy_record(tmp_path)
    line = edit_cell(record, file, 0, column, value)
    out = refused("data", "validate", str(record))
    assert f"{file}: line {line}, field '{column}'" in out and message in out


def test_sensitivity_samples_0_and_morris_samples_1():
    assert refused("sensitivity", "kazakhstan", "--samples", "0").endswith(
        "--samples: 0 samples; give from 1 to 1,000,000")
    assert refused("sensitivity", "kazakhstan", "--method", "morris", "--samples", "1").endswith(
        "--samples: 1 trajectories; give from 2 to 1,000,000")


def test_register_tolerate_shortfall_100(tmp_path):
    m = write(tmp_path / "m.csv", "region,members\nA,10\n")
    assert refused("register", "--law", "kz-2002", "--members", m, "--lenient",
                   "--tolerate-shortfall", "100").endswith(
        "--tolerate-shortfall: 100.0 is not in [0, 1]")


@pytest.mark.parametrize("command", [["ensemble", "kazakhstan", "--runs", "2"],
                                     ["sensitivity", "kazakhstan"]])
def test_outputs_outside_the_span(command):
    assert refused(*command, "--outputs", "defections:sum@2050").endswith(
        "--outputs: defections@2050 reads year 2050, outside the simulated span 1990-2008")


def test_results_outputs_outside_the_stored_span(store):
    assert refused("results", str(store), "--outputs", "defections@1995-1997").endswith(
        "--outputs: defections:mean@1995-1997 reads years 1995-1997, outside the simulated span "
        "1990-1991")


def test_calibrate_history_refuses_more_parameters_than_half_the_in_sample_facts():
    assert refused("calibrate-history", "--parameters", "5").endswith(
        "--parameters: calibrate 1 to 4 parameters (half the 9 in-sample facts), not 5")


def test_validate_resolves_rule_set_and_party_law_names(tmp_path):
    text = PACKAGED.joinpath("kazakhstan.toml").read_text().replace('name = "kz-1995"',
                                                                    'name = "kz-9999"')
    f = write(tmp_path / "s.toml", text)
    assert refused("validate", f).endswith(
        "s.toml: inputs.1: unknown rule set 'kz-9999'; known: kz-1994, kz-1995, kz-1999, "
        "kz-2004, kz-2007")
    assert refused("validate", "kazakhstan", "--set", "institutions.initial_party_law=nope"
                   ).endswith("institutions.initial_party_law: unknown party law 'nope'; known: "
                              "kz-pre1996, kz-1996, kz-2002, kz-2005, kz-2007")


def test_cite_with_a_missing_seed_file():
    assert refused("data", "cite", "parties:otan", "--seed-file", "nope.txt") == \
        "error: nope.txt: seed file not found"


@pytest.mark.parametrize(("args", "message"), [
    (["ensemble", "kazakhstan", "--runs", "1000001"], "--runs: 1000001 is not in [1, 1,000,000]"),
    (["validate-history", "--runs", "0"], "--runs: 0 model runs; give from 2 to 1,000,000"),
    (["validate-history", "--in-sample", "--nulls", "5"],
     "--nulls: reads years after 2000, which --in-sample never runs; drop one of them"),
    (["validate-history", "--runs", "٣"], "--runs: expected a number of runs (at least 2) or "
                                          "'auto', got '٣'"),
    (["propositions", "--runs", "1"], "--runs: 1 is not in [2, 1,000,000]"),
    (["calibrate-history", "--population", "1"], "--population: 1 is not in [2, 1,000,000]"),
    (["app", "--port", "70000"], "--port: 70000 is not from 1 to 65535"),
    (["ensemble", "kazakhstan", "--runs", "2", "--workers", "0"], "--workers: 0 is not in [1, 256]"),
    (["run", "kazakhstan", "--set", "loyalty.contagion=nan"], "loyalty.contagion"),
])
def test_counts_and_shares_out_of_range(args, message):
    assert message in refused(*args)


def test_a_design_over_a_million_points(tmp_path):
    params = "\n".join(f'"{n}" = {{lo = 0.1, hi = 0.9, levels = 40}}' for n in (
        "loyalty.contagion", "loyalty.loyalty_rate", "loyalty.grievance_decay",
        "arbitration.seizure_fraction"))
    f = write(tmp_path / "sweep.toml", f'scenario = "kazakhstan"\n[parameters]\n{params}\n')
    assert refused("sweep", f).endswith(
        "sweep.toml: parameters: the design has 2,560,000 points; a design has at most 1,000,000")


def test_rents_must_be_finite(tmp_path):
    f = write(tmp_path / "s.toml", 'name = "x"\nyears = {start = 1990, end = 1991}\n'
                                   'rents = {"1990" = nan}\n')
    assert "rents: 1990 is not a finite, non-negative number" in refused("validate", f)


# -- user text ----------------------------------------------------------------------------------

def test_party_names_with_rich_markup_are_printed_as_written(tmp_path):
    v = write(tmp_path / "v.csv", "party,votes\n[/bold],600\n[red]x[/red],400\n")
    code, out, err = run_main("seats", "--votes", v, "--seats", "10")
    assert code == 0 and not err
    assert "[/bold]" in out and "[red]x[/red]" in out


def test_an_error_naming_markup_is_printed_as_written(tmp_path):
    line = refused("validate", str(tmp_path / "[red]x[/red].toml"))
    assert "[red]x[/red].toml: scenario file not found" in line


def test_a_votes_file_holding_only_against_all(tmp_path):
    v = write(tmp_path / "v.csv", "party,votes\nagainst all,100\n")
    for extra in (["--rules", "kz-2007"], ["--seats", "10"]):
        assert refused("seats", "--votes", v, *extra).endswith(
            "v.csv: no votes for a party or candidate (only 'against all')")


# -- damaged stores -----------------------------------------------------------------------------

def _damaged(store: Path, tmp_path: Path, how: str) -> Path:
    data = bytearray(store.read_bytes())
    if how == "truncated":
        data = data[:len(data) // 3]
    else:  # corrupted past the header: every block of the second half
        for i in range(len(data) // 2, len(data), 61):
            data[i] ^= 0xFF
    path = tmp_path / f"{how}.duckdb"
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize("how", ["truncated", "corrupted"])
@pytest.mark.parametrize("command", [["results", "{s}"], ["results", "{s}", "export",
                                                          "--parquet", "{d}"],
                                     ["report", "{s}", "-o", "{d}/r.html"]])
def test_damaged_stores(store, tmp_path, how, command):
    bad = _damaged(store, tmp_path, how)
    before = bad.read_bytes()
    line = refused(*(a.format(s=bad, d=tmp_path / "out") for a in command))
    assert f"{how}.duckdb: results store unreadable or damaged: " in line
    assert bad.read_bytes() == before
    assert not (tmp_path / "out" / "r.html").exists()


# -- output paths -------------------------------------------------------------------------------

@pytest.mark.parametrize("command", [
    ["run", "kazakhstan", "--out", "{o}"], ["ensemble", "kazakhstan", "--runs", "2", "--out", "{o}"],
    ["sensitivity", "kazakhstan", "--out", "{o}"], ["propositions", "--out", "{o}"],
    ["report", "{s}", "-o", "{o}"],
])
def test_a_parent_that_is_a_file_or_a_target_that_is_a_directory(store, tmp_path, command):
    (tmp_path / "file").write_text("x")
    (tmp_path / "dir").mkdir()
    line = refused(*(a.format(o=tmp_path / "file" / "x", s=store) for a in command))
    assert line.endswith("file: is not a directory, so the "
                         f"{line.split('so the ')[1].split(' cannot')[0]} cannot be written under it")
    assert refused(*(a.format(o=tmp_path / "dir", s=store) for a in command)).endswith(
        "needs a file name")


def test_report_over_its_own_store_is_refused_and_the_store_unchanged(store):
    before = store.read_bytes()
    for extra in ([], ["--force"]):
        assert refused("report", str(store), "-o", str(store), *extra).endswith(
            "s.duckdb: the report would overwrite an input of this command; write to another "
            "file")
    assert store.read_bytes() == before


def test_existing_outputs_need_force(store, tmp_path):
    html = tmp_path / "r.html"
    html.write_text("old")
    assert refused("report", str(store), "-o", str(html)).endswith(
        "r.html: the report exists; pass --force to replace it")
    assert refused("ensemble", "kazakhstan", "--runs", "2", "--out", str(store)).endswith(
        "s.duckdb: the results store exists; pass --resume to complete its ensemble or --force "
        "to replace it")
    folder = tmp_path / "pq"
    assert run_main("results", str(store), "export", "--parquet", str(folder))[0] == 0
    assert refused("results", str(store), "export", "--parquet", str(folder)).endswith(
        "pq/elections.parquet: the Parquet file exists; pass --force to replace it")
    assert run_main("results", str(store), "export", "--parquet", str(folder), "--force")[0] == 0


# -- injection through table names -------------------------------------------------------------

@pytest.mark.parametrize("name", ["../../x", "t\" TO '{evil}' (FORMAT CSV); --", "a.b"])
def test_export_writes_only_folder_table_parquet(store, tmp_path, name):
    crafted = tmp_path / "crafted.duckdb"
    shutil.copy(store, crafted)
    evil = tmp_path / "evil.csv"
    con = duckdb.connect(str(crafted))
    con.execute(f'CREATE TABLE "{name.format(evil=evil).replace(chr(34), chr(34) * 2)}" AS '
                "SELECT 'payload' AS p")
    con.close()
    folder = tmp_path / "a" / "b" / "out"
    line = refused("results", str(crafted), "export", "--parquet", str(folder))
    assert "is not a plain identifier (letters, digits, underscores)" in line
    assert not evil.exists() and not folder.exists()
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == ["crafted.duckdb"]


def test_export_to_a_folder_with_a_quote(store, tmp_path):
    folder = tmp_path / "it's \"here\""
    assert run_main("results", str(store), "export", "--parquet", str(folder))[0] == 0
    assert {p.name for p in folder.iterdir()} >= {"runs.parquet", "indicators.parquet"}
    assert not [p for p in folder.iterdir() if not p.name.endswith(".parquet")]


# -- a store is complete or absent --------------------------------------------------------------

def test_a_store_killed_at_creation_leaves_nothing(tmp_path, monkeypatch):
    from neopat.experiments import ensemble as ens
    from neopat.experiments.store import ResultsStore
    from neopat.scenarios import prepare

    def killed(*_args, **_kwargs):
        raise KeyboardInterrupt

    out = tmp_path / "e.duckdb"
    monkeypatch.setattr(ResultsStore, "set_ensemble", killed)
    with pytest.raises(KeyboardInterrupt):
        ens.run_ensemble(prepare("kazakhstan"), 2, 1, None, out=out)
    assert list(tmp_path.iterdir()) == []


def test_a_failed_run_leaves_no_new_store(tmp_path, monkeypatch):
    from neopat.experiments.store import ResultsStore

    def failing(*_args, **_kwargs):
        raise InputError("disk full")

    monkeypatch.setattr(ResultsStore, "add_run", failing)
    code, _, err = run_main("run", "kazakhstan", *SHORT, "--out", str(tmp_path / "n.duckdb"))
    assert code == 2 and "disk full" in err
    assert list(tmp_path.iterdir()) == []


# -- memory -------------------------------------------------------------------------------------

def test_out_of_memory_says_to_lower_scale():
    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (2**30, 2**30))

    done = subprocess.run([sys.executable, "-m", "neopat", "run", "kazakhstan", "--scale", "1.0",
                           "--years", "1990:1994"], capture_output=True, text=True,
                          preexec_fn=limit, timeout=300)
    assert done.returncode == 2, done.stderr[-2000:]
    assert done.stderr.strip() == ("error: out of memory; lower --scale (the electorate's "
                                   "sampling fraction) or --workers")


# -- nothing leaves the machine -----------------------------------------------------------------

def test_the_dashboard_starts_without_telemetry_or_version_check(monkeypatch):
    from neopat.cli.views import SOLARA_ENV

    for key in SOLARA_ENV:
        monkeypatch.delenv(key, raising=False)  # as it was, after the test
    seen = {}

    def execv(_path, argv):
        seen.update(argv=argv, env=dict(os.environ))
        raise SystemExit(0)

    monkeypatch.setattr(os, "execv", execv)
    assert run_main("app", "--port", "8799")[0] == 0
    assert "--no-check-version" in seen["argv"]
    assert seen["env"]["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] == "False"


def test_the_local_cluster_refuses_a_client_without_its_credentials():
    from distributed import Client, Security

    from neopat.experiments.executor import DaskExecutor

    dask = DaskExecutor(workers=1, processes=False)
    with dask as ex:
        address = dask.cluster.scheduler_address
        assert address.startswith("tls://127.0.0.1:")
        for security in (None, Security.temporary()):
            with pytest.raises((OSError, TypeError)):
                Client(address, security=security, timeout="5s")
        assert ex.submit(pow, 2, 10).result() == 1024


def test_scheduler_is_documented_as_trusted_only():
    for command in ("ensemble", "sweep", "sensitivity", "propositions"):
        code, out, _ = run_main(command, "--help")
        assert code == 0 and "Trusted" in out, command


@pytest.mark.parametrize("command", [["ensemble", "kazakhstan", "--runs", "2"],
                                     ["sensitivity", "kazakhstan"]])
def test_outputs_are_checked_without_a_pilot_run(command):
    line = refused(*command, "--outputs", "no_such:sum")
    assert "unknown indicator 'no_such'; a run records: elites, defections" in line


def test_the_declared_indicators_are_what_a_run_records():
    from _runs import run_one
    from neopat.experiments.outputs import RECORDED, indicators
    from neopat.scenarios import load_scenario

    sc = load_scenario("kazakhstan")
    sc = sc.model_copy(update={"years": sc.years.model_copy(update={"end": 1995})})
    assert sorted(indicators(run_one(sc, 3).years)) == sorted(RECORDED)


def test_validate_history_refuses_to_set_what_the_posterior_draws():
    from neopat.data.calibrated import calibrated_defaults

    name, value = next(iter(calibrated_defaults().items()))
    assert refused("validate-history", "--runs", "2", "--posterior", "--set",
                   f"{name}={value}").endswith(
        f"--set: {name} is drawn from the posterior; drop it from --set or --posterior")


def test_validate_history_in_sample_refuses_a_scenario_that_starts_after_2000(tmp_path):
    generic = (resources.files("neopat.scenarios") / "packaged" / "generic.toml").read_text()
    scenario = write(tmp_path / "late.toml", generic.replace("start = 1990", "start = 2002"))
    assert refused("validate-history", scenario, "--in-sample", "--runs", "2").endswith(
        "--in-sample: the scenario starts in 2002, after 2000: it has no in-sample years")


def test_validate_history_refuses_a_figures_file_it_cannot_or_must_not_write(tmp_path):
    """Before any run: the figures may not replace the scenario they are drawn from, nor land
    under a file."""
    scenario = str(tmp_path / "s.toml")
    shutil.copy(resources.files("neopat.scenarios") / "packaged" / "generic.toml", scenario)
    assert refused("validate-history", scenario, "--runs", "2", "--plot", scenario).endswith(
        "s.toml: the figures file would overwrite an input of this command; write to another "
        "file")
    assert "is not a directory" in refused("validate-history", "--runs", "2", "--plot",
                                           f"{scenario}/fit.html")


def test_institutions_plot_is_not_a_calibration_output():
    assert refused("institutions", "--calibrate", "--plot", "x.html").endswith(
        "--plot: draws the comparison with history; drop it from --calibrate")
