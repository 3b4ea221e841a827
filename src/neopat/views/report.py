"""``neopat report``: one self-contained HTML file (plotly.js embedded, figures inline) from a
results store, with the validation table (the stylised facts of :mod:`neopat.validation`),
the scenario's parameters and, when the store has a
``propositions`` table, the propositions' verdicts. :func:`write_pdf` prints it with headless
Chromium through Playwright."""

from __future__ import annotations

import html
import json
import math
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from neopat.errors import InputError
from neopat.experiments.results import Results
from neopat.files import atomic_path, write_text
from neopat.validation.facts import defection_profile, score_facts
from neopat.views import ensemble, figures, fit
from neopat.views.passages import explain
from neopat.views.runs import RunView, replay

CHROMIUM = "/usr/bin/chromium"
PROPOSITION_COLUMNS = ["proposition", "kind", "title", "counterfactual", "outcome", "higher",
                       "effect", "ci_low", "ci_high", "verdict", "contradicts_if"]
CSS = """
body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;color:#222;padding:0 1em}
table{border-collapse:collapse;font-size:13px;margin:1em 0}
td,th{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#f3f3f3} .figure{margin:1.5em 0} h2{border-bottom:1px solid #ddd;margin-top:2em}
pre{white-space:pre-wrap;background:#f8f8f8;padding:.8em;font-size:12px}
.note{color:#666;font-size:13px}
"""


def validation(run_views: list[RunView]) -> tuple[pd.DataFrame, str, dict[str, go.Figure]]:
    """The stylised facts of :mod:`neopat.validation.facts` over the runs, the score per
    sample (facts inside their band, in-sample and held out), and the facts in their bands and
    the defections by year as figures."""
    rows, score = score_facts(run_views)
    figs = {"facts": fit.facts_figure(rows),
            "defections": fit.defections_figure(defection_profile(run_views),
                                                fit.record_defections())}
    frame = pd.DataFrame([{"fact": f"{r['fact']} {r['name']}", "level": r["level"],
                           "sample": r["sample"], "record": r["record"],
                           "simulated": r["simulated"], "summary": r["summary"],
                           "band": f"{r['band'][0]:.3g} to {r['band'][1]:.3g}",
                           "inside": "yes" if r["inside"] else "no", "source": r["source"]}
                          for r in rows])
    return frame, (f"{score['in']} of {score['n_in']} in-sample and {score['held_out']} of "
                   f"{score['n_held_out']} held-out facts inside their band"), figs


def _fmt(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float):
        return f"{value:.3g}"
    return str(value)


def table_html(frame: pd.DataFrame, table_id: str) -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(_fmt(v))}</td>" for v in row) + "</tr>"
                   for row in frame.itertuples(index=False))
    return f'<table id="{table_id}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def figure_html(fig_id: str, fig: go.Figure) -> str:
    inner = fig.to_html(full_html=False, include_plotlyjs=False, div_id=f"fig-{fig_id}",
                        config={"displaylogo": False})
    return f'<div class="figure" data-figure="{fig_id}">{inner}</div>'


def parameters_frame(results: Results) -> pd.DataFrame:
    """Each parameter with its value(s) across runs, tier, group and doc from the catalogue."""
    from neopat.scenarios import parameter_catalogue
    cat = {p.name: p for p in parameter_catalogue()}
    params = results.table("parameters")
    rows = []
    for name, g in params.groupby("name", sort=False):
        values = sorted(set(g.value))
        info = cat.get(name)
        rows.append({"parameter": name, "value": ", ".join(values[:5])
                     + (f" … ({len(values)} values)" if len(values) > 5 else ""),
                     "tier": info.tier if info else "", "group": info.group if info else "",
                     "doc": info.doc if info else "", "source": info.source if info else ""})
    return pd.DataFrame(rows).sort_values(["tier", "group", "parameter"])


def _events_script(view: RunView) -> str:
    """Choosing an event on the timeline shows its mechanism and thesis passage."""
    explanations = {}
    for e in view.events:
        key = f"{e['mechanism']}|{e['source']}"
        if key not in explanations:
            explanations[key] = explain(e["mechanism"], e["source"])
    data = json.dumps(explanations).replace("</", "<\\/")
    return f"""<div id="event-detail" class="note">Choose an event on the timeline.</div>
<script>
(function(){{const ex={data};const el=document.getElementById('fig-timeline');
if(!el||!el.on){{return;}}
el.on('plotly_click',function(d){{const c=d.points[0].customdata;const x=ex[c[1]+'|'+c[2]];
const box=document.getElementById('event-detail');box.innerHTML='';
const h=document.createElement('h4');h.textContent=x.mechanism+' ('+x.source+')';
const p=document.createElement('p');p.textContent=x.doc;
const pre=document.createElement('pre');pre.textContent=x.passage;box.append(h,p,pre);}});}})();
</script>"""


def _other_code(run_views: list[RunView]) -> str:
    """Which stored runs another code version wrote (their replay need not reproduce them)."""
    from neopat.scenarios.spec import code_version

    other = sorted({v.spec.code for v in run_views if v.spec and v.spec.code != code_version()})
    return (f" (written by {', '.join(other)}; replayed with {code_version()})" if other
            else "")


def build_report(path: str | Path, progress: Callable[[str], None] | None = None) -> str:
    """The report's HTML for the store at ``path``."""
    say = progress or (lambda _msg: None)
    with Results(path) as results:
        runs = results.runs()
        if runs.empty:
            raise InputError("the results store holds no runs", file=path)
        say("reading runs")
        run_views = ensemble.views(results)
        for i, view in enumerate(run_views, 1):
            say(f"replaying run {i}/{len(run_views)} (network, full election records)")
            replay(view)
        first = run_views[0]
        say("drawing figures")
        single = figures.all_figures(first)
        many = ensemble.ensemble_figures(results, run_views) if len(run_views) > 1 else {}
        say("validating against the record")
        valid, score, fit_figures = validation(run_views)
        params = parameters_frame(results)
        props = (results.table("propositions") if "propositions" in results.tables()
                 else None)
        ens = results.ensemble()
    scenarios = ", ".join(sorted(set(runs.scenario)))
    parts = [f"<h1>neopat report: {html.escape(scenarios)}</h1>",
             f'<p class="note">Store {html.escape(Path(path).name)}: {len(runs)} run(s)'
             + (f", ensemble with root seed {ens['root_seed']}" if ens else "")
             + f"; {sum(v.replayed for v in run_views)} reproduced by replay"
             + _other_code(run_views) + ". Seat figures "
             "match simulated parties to the record by category (stance × founding rationale), "
             "not by name.</p>"]
    if many:
        parts.append("<h2>Ensemble distributions</h2>")
        parts += [figure_html(k, f) for k, f in many.items()]
    parts.append(f"<h2>Run {first.seed} of {html.escape(first.scenario)} in detail</h2>")
    parts += [figure_html(k, f) for k, f in single.items()]
    parts.append(_events_script(first))
    parts.append("<h2>Validation against the record</h2>")
    parts.append(f'<p class="note">Stylised facts of the thesis (neopat.validation) over '
                 f"{len(run_views)} run(s): {score}.</p>")
    parts.append(table_html(valid, "validation"))
    parts += [figure_html(k, f) for k, f in fit_figures.items()]
    if props is not None:
        parts.append('<h2 id="propositions">Propositions</h2>')
        cols = [c for c in PROPOSITION_COLUMNS if c in props.columns]
        parts.append(table_html(props[cols], "propositions-table"))
        parts.append(figure_html("propositions", fit.propositions_figure(
            props.to_dict("records"))))
    parts.append("<h2>Scenario parameters</h2>")
    parts.append(table_html(params, "parameters"))
    return ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>neopat report</title>"
            f"<style>{CSS}</style><script>{get_plotlyjs()}</script></head><body>"
            + "\n".join(parts) + "</body></html>")


def write_report(store: str | Path, out: str | Path,
                 progress: Callable[[str], None] | None = None) -> Path:
    """Write the report of ``store`` to ``out`` atomically (complete or absent)."""
    return write_text(out, build_report(store, progress))


def write_pdf(html_file: str | Path, pdf: str | Path) -> Path:
    """Print the HTML report to PDF with headless Chromium (Playwright, the system browser)."""
    try:
        from playwright.sync_api import sync_playwright
    except ModuleNotFoundError as exc:
        raise InputError("--pdf needs playwright (pip install 'neopat[views]')") from exc
    if not Path(CHROMIUM).is_file():
        raise InputError(f"--pdf needs Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as p, atomic_path(pdf, suffix=".pdf") as tmp:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True)
        page = browser.new_page()
        page.goto(Path(html_file).resolve().as_uri())
        page.wait_for_timeout(500)
        page.pdf(path=str(tmp), format="A4", print_background=True)
        browser.close()
    return Path(pdf)
