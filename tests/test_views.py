"""Views without a browser: record categories, figures, thesis passages, the HTML report."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import duckdb
import pytest

from _runs import run_one
from neopat.experiments.results import Results
from neopat.experiments.runner import execute
from neopat.experiments.store import writing
from neopat.scenarios import load_scenario, prepare
from neopat.views import categories, figures, passages
from neopat.views.app import override_error
from neopat.views.runs import RunView, from_result, from_store, replay

FIGURE_IDS = ("seats", "votes_seats", "registry", "network", "timeline", "society", "regime")


def _view(elections, parties) -> RunView:
    return RunView("t", 1, {}, [{"year": 2007}], [], elections=elections, parties=parties)


def test_seats_are_matched_by_category_not_by_name():
    # a simulated party called "Nur Otan" that is an opposition spoiler counts as one
    parties = [{"year": 2007, "key": "p1", "name": "Nur Otan", "stance": "opposition",
                "rationale": "spoiler"},
               {"year": 2007, "key": "p2", "name": "Anything", "stance": "pro",
                "rationale": "presidential_vehicle"}]
    election = {"year": 2007, "month": 8, "kind": "parliament", "name": "Mazhilis",
                "votes": {"p1": 10, "p2": 30}, "seats": {"p1": 25, "p2": 75}}
    shares = {r["category"]: r["share"]
              for r in figures.simulated_seat_shares(_view([election], parties))}
    assert shares == {"opposition · spoiler": 0.25, "pro · presidential_vehicle": 0.75}
    rows = figures.seat_table(_view([election], parties), 2007)
    assert [(r["party"], r["seats"]) for r in rows] == [("p2", 75), ("p1", 25)]
    election["seats"]["self-nominated:pro"] = 100  # independents count by declared stance
    shares = {r["category"]: r["share"]
              for r in figures.simulated_seat_shares(_view([election], parties))}
    assert shares["pro · unclassified"] == 0.5
    earlier = {"year": 2004, "month": 9, "kind": "parliament", "name": "Mazhilis",
               "votes": {"p2": 1}, "seats": {"p2": 77}}
    rows = figures.simulated_seat_shares(_view([earlier, election], parties))
    assert {(r["year"], r["category"]): r["share"] for r in rows}[
        (2004, "opposition · spoiler")] == 0.0  # no seats is a share of 0, not a gap


def test_record_categories_follow_thesis_labels_and_renames():
    labels = categories.rationales()
    assert labels["nur_otan"] == "presidential_vehicle"
    assert labels["otan"] == "presidential_vehicle"  # renamed to Nur Otan in 2006
    assert "apk" not in labels  # merged into Otan: a merger passes no founding rationale on
    shares = categories.seat_shares()
    pro_2004 = shares[(shares.year == 2004) & shares.category.str.startswith("pro ")].share
    assert pro_2004.sum() == pytest.approx(76 / 77)  # self-nominated by declared affiliation


def test_passage_quotes_the_cited_lines(seed_lines, monkeypatch):
    text = passages.passage("seed:8087-8090")
    assert text == "\n".join(seed_lines[8086:8090]).strip()
    monkeypatch.delenv("NEOPAT_SEED_FILE")
    shown = passages.explain("coercive_raid", "seed:8087-8107")
    assert "seed:8087-8107" in shown["passage"] and shown["doc"]


def test_override_refused_with_a_message():
    assert override_error("kazakhstan", "patronage.balance_cap", "0.5") is None
    assert "less than or equal to 1" in override_error("kazakhstan", "patronage.balance_cap", "5")
    assert override_error("kazakhstan", "patronage.balance_cap", "lots")


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("views") / "e.duckdb"
    specs = [prepare("kazakhstan", seed=s) for s in (1, 2)]
    results = [execute(spec) for spec in specs]
    with writing(path) as st:
        for spec, r in zip(specs, results, strict=True):
            st.add_run(spec, r)
    return path, results


def test_store_round_trip(store):
    path, results = store
    with Results(path) as res:
        view = from_store(res, 1)
    fresh = from_result(results[0])
    assert view.events == fresh.events
    assert view.indicator("defections").equals(fresh.indicator("defections"))
    keys = ("year", "month", "kind", "name", "votes", "seats", "seats_by_tier")
    assert [{k: e[k] for k in keys} for e in view.elections] == [
        {k: e[k] for k in keys} for e in fresh.elections]
    def order(rows):
        return sorted(rows, key=lambda r: (r["year"], r["key"]))
    assert order(view.parties) == order(fresh.parties)
    assert replay(view).replayed and view.network["nodes"]


def _report(path, tmp_path, name):
    out = tmp_path / name
    done = subprocess.run([sys.executable, "-m", "neopat", "report", str(path), "-o", str(out)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return out.read_text(encoding="utf-8")


def test_report_holds_figures_validation_and_parameters(store, tmp_path):
    path, _ = store
    text = _report(path, tmp_path, "r.html")
    for fig_id in (*FIGURE_IDS, "ens_seats", "ens_party_system", "ens_regime", "ens_society"):
        assert f'data-figure="{fig_id}"' in text and f'id="fig-{fig_id}"' in text
    assert '<table id="validation">' in text
    assert 'data-figure="facts"' in text and 'data-figure="defections"' in text
    assert "V5 2007: the vehicle the only list over the threshold" in text
    assert "2 reproduced by replay" in text
    assert '<table id="parameters">' in text and "patronage.balance_cap" in text
    assert 'id="propositions"' not in text
    assert not re.search(r"<script[^>]+src=", text)  # self-contained: plotly.js is inline
    assert "Patron-client network in 2008" in text  # the replayed run reproduced the store


def test_report_has_propositions_when_the_store_does(store, tmp_path):
    path, _ = store
    copy = tmp_path / "p.duckdb"
    copy.write_bytes(path.read_bytes())
    con = duckdb.connect(str(copy))
    con.execute("CREATE TABLE propositions (proposition VARCHAR, title VARCHAR, baseline DOUBLE,"
                " counterfactual DOUBLE, effect DOUBLE, ci_low DOUBLE, ci_high DOUBLE, verdict "
                "VARCHAR, contradicts_if VARCHAR)")
    con.execute("INSERT INTO propositions VALUES ('P1', 'Patronage breeds a dominant party', "
                "0.9, 0.4, -0.5, -0.6, -0.4, 'supported', 'effect >= 0')")
    con.close()
    text = _report(copy, tmp_path, "p.html")
    section = text[text.index('id="propositions"'):]
    assert "Patronage breeds a dominant party" in section and "supported" in section
    assert 'data-figure="propositions"' in section


def test_report_of_a_missing_store_is_one_line_exit_2(tmp_path):
    done = subprocess.run([sys.executable, "-m", "neopat", "report", str(tmp_path / "no.duckdb")],
                          capture_output=True, text=True)
    assert done.returncode == 2
    assert "results store not found" in done.stderr and "Traceback" not in done.stderr


def test_figures_of_a_run_result():
    view = from_result(run_one(load_scenario("kazakhstan"), 2))
    figs = figures.all_figures(view)
    assert set(figs) == set(FIGURE_IDS)
    assert "not available" in figs["network"].layout.title.text  # no network without a model
    assert len(figs["registry"].data) == len({r["status"] for r in view.parties}) > 0
    json.dumps(figs["timeline"].to_plotly_json(), default=str)


def test_facts_figure_places_each_fact_in_its_band_and_marks_losses():
    from neopat.views import fit

    rows = [{"fact": "P10", "name": "ten", "level": "parties", "sample": "held_out",
             "simulated": 4.0, "record": "5", "band": [3, 7], "inside": True, "source": "s"},
            {"fact": "P2", "name": "two", "level": "parties", "sample": "in",
             "simulated": None, "record": "4", "band": [3, 6], "inside": False, "source": "s"},
            {"fact": "E1", "name": "one", "level": "elites", "sample": "in",
             "simulated": 90.0, "record": "1", "band": [0.5, 1.0], "inside": False,
             "source": "s"}]
    compared = [{"fact": "P10", "ablation": "informal", "ablated": 2.0, "lost": True}]
    fig = fit.facts_figure(rows, compared)
    band, held_out, in_sample, arm = fig.data[0], fig.data[2], fig.data[1], fig.data[3]
    assert list(band.y) == ["E1 one", "P2 two", "P10 ten"]  # levels, then numbers
    assert held_out.x == (0.25,) and held_out.marker.color == ("#1a9850",)
    # uncomputable and far-out values sit on the drawn range's edges, labelled
    assert in_sample.x == (2.0, -1.0) and in_sample.text == ("90", "none")  # E1, P2
    assert arm.name == "without informal" and arm.x == (-0.25,) and arm.marker.symbol == ("x",)
    assert fit.band_position(5.0, [5, 5]) == 0.5 and fit.band_position(4.0, [5, 5]) == -1.0


def test_defections_figure_shows_the_record_beside_the_runs():
    from neopat.views import fit

    profile = [{"year": y, "defections": d, "waves": w}
               for y, d, w in ((1998, 1.0, 0.1), (2001, 2.0, 0.4), (2002, 0.0, 0.0))]
    record = fit.record_defections()
    assert record[2001] > record[1998] >= 1  # DVK's signatories against Kazhegeldin
    fig = fit.defections_figure(profile, record)
    assert fig.data[0].y == (1.0, 2.0, 0.0) and fig.data[1].y == (0.1, 0.4, 0.0)
    assert fig.data[2].x == (1998, 2001) and fig.data[2].y == (record[1998], record[2001])


@pytest.mark.parametrize("command", [["validate-history", "--runs", "2", "--ablate", "defections"],
                                     ["institutions", "kazakhstan", "--runs", "2"],
                                     ["propositions", "--runs", "2", "--only", "P2"]])
def test_the_fit_commands_write_their_figures(tmp_path, command):
    out = tmp_path / "fit.html"
    result = subprocess.run([sys.executable, "-m", "neopat", *command, "--workers", "1",
                             "--plot", str(out)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    page = out.read_text()
    titles = {"validate-history": ("Stylised facts against their bands", "Defections by year",
                                   "without defections"),
              "institutions": ("Rule changes: when the ruler first makes each",
                               "Episodes of change"),
              "propositions": ("effect in the thesis' predicted direction", "P2 ")}[command[0]]
    assert all(t in page for t in titles) and "<script>" in page  # plotly.js embedded


def test_institution_figures_set_the_model_beside_the_record():
    from neopat.views import fit

    rows = [{"option": "senate", "historical": [1995], "runs": 4, "first_years": [1994, 1994, 1995]},
            {"option": "bloc_ban", "historical": [2007], "runs": 4, "first_years": []}]
    changes = fit.changes_figure(rows)
    model, record = changes.data
    assert model.x == (1994, 1995) and model.customdata == ("50%", "25%")
    assert record.x == (1995, 2007) and record.y == ("senate", "bloc_ban")
    episodes = {"episode_years": [[1994, 2001], [1994], [1998, 2001, 2001]],
                "record": [[1993, 1996], [2007, 2007]]}
    fig = fit.episodes_figure(episodes)
    bars = fig.data[0]
    assert bars.x == (1994, 1998, 2001) and bars.y == (2 / 3, 1 / 3, 2 / 3)  # a run counts once
    assert len(fig.layout.shapes) == 3  # two record episodes and the held-out boundary


def test_propositions_figure_points_every_effect_the_thesis_way():
    from neopat.views import fit

    def row(name, expected, effect, d, low, high, verdict, kind="test"):
        return {"proposition": name, "title": name, "expected": expected, "effect": effect,
                "effect_size": d, "ci_low": low, "ci_high": high, "verdict": verdict,
                "kind": kind, "outcome": "o", "counterfactual": "c"}

    rows = [row("P2", "-", -0.2, -2.0, -0.3, -0.1, "supported"),  # sd 0.1
            row("P7", "+", 0.01, 0.1, -0.05, 0.07, "inconclusive"),
            row("P6a", "+", 3.5, 35.0, 3.4, 3.6, "supported", "check"),
            row("P9", "+", None, None, None, None, "not available")]
    assert fit.oriented(rows[0]) == pytest.approx((2.0, 1.0, 3.0))
    fig = fit.propositions_figure(rows)
    dots = fig.data[0]
    assert dots.y == ("P2 P2", "P7 P7", "P6a P6a")  # the unavailable one is left out
    assert dots.x == pytest.approx((2.0, 0.1, 6.0)) and dots.text == ("", "", "d = 35")
    assert dots.marker.symbol == ("circle", "circle", "diamond")
    assert dots.marker.color == ("#1a9850", "#888888", "#1a9850")
